/**
 * The netlink wire model as a Netty codec: {@code struct nlmsghdr} messages ({@link dev.netlink.codec.NetlinkMessage}),
 * {@code struct sockaddr_nl} addresses, datagrams, the decoder and encoder that split and pack them, the
 * {@code NETLINK_*}/{@code NLM_F_*}/{@code NLMSG_*} constants of {@code include/uapi/linux/netlink.h}, and
 * kernel errors ({@code struct nlmsgerr} with extended ack) as {@link dev.netlink.codec.NetlinkException}.
 *
 * <p>Nothing here opens a socket: every class works on bytes and can be tested with Netty's
 * {@code EmbeddedChannel}. Host byte order, in which fixed headers and attributes are read and written, is one
 * helper, {@link dev.netlink.codec.HostOrder}. Attributes ({@code struct nlattr}) are in
 * {@link dev.netlink.codec.attr}.
 */
package dev.netlink.codec;
