/**
 * Generic netlink ({@code NETLINK_GENERIC}, {@code include/uapi/linux/genetlink.h}): messages with
 * {@code struct genlmsghdr} ({@link dev.netlink.genl.GenericNetlinkMessage}, a {@code NetlinkMessage} like any
 * other), sockets bound to one family ({@link dev.netlink.genl.GenericNetlinkSocket}), and the nlctrl controller
 * that resolves families, their commands, multicast groups and attribute policies
 * ({@link dev.netlink.genl.GenericNetlinkController}, {@link dev.netlink.genl.NlctrlSchema}).
 */
package dev.netlink.genl;
