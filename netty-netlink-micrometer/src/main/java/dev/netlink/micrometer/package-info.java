/**
 * Micrometer meters for netlink sockets: {@link dev.netlink.micrometer.NetlinkSocketMetrics} publishes a
 * {@code NetlinkSocket}'s counters with its protocol and network namespace as tags.
 */
package dev.netlink.micrometer;
