/**
 * rtnetlink for people: {@link dev.netlink.rtnetlink.IpRoute} with links, addresses, routes, neighbours and rules
 * as {@code ip} does them, objects ({@link dev.netlink.rtnetlink.Link}, {@link dev.netlink.rtnetlink.Address},
 * {@link dev.netlink.rtnetlink.Route}, {@link dev.netlink.rtnetlink.Neighbour}, {@link dev.netlink.rtnetlink.Rule})
 * read from the kernel's messages through the generated rtnetlink families, and value types
 * ({@link dev.netlink.rtnetlink.IpPrefix}, {@link dev.netlink.codec.attr.MacAddress}).
 */
package dev.netlink.rtnetlink;
