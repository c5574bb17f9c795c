/**
 * Watches: mirrors of rtnetlink state (links, addresses, routes, neighbours) kept from a dump and the
 * {@code RTNLGRP_*} multicast groups, that resynchronise by themselves after {@code ENOBUFS} and
 * {@code NLM_F_DUMP_INTR}. {@link dev.netlink.watch.WatchEngine} is the state machine (no I/O),
 * {@link dev.netlink.watch.Watch} drives it on a socket, {@link dev.netlink.watch.Watches} makes the four
 * rtnetlink watches.
 */
package dev.netlink.watch;
