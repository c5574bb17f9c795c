package dev.netlink.watch;

import dev.netlink.family.rtroute.RouteMessage;
import dev.netlink.rtnetlink.IpPrefix;
import dev.netlink.rtnetlink.Route;

/**
 * A route's identity as the kernel's FIB keys it: table, family, destination, {@code tos} and priority (the
 * metric), and for IPv6 the source prefix. A replace keeps the key; an append of another path to the same key is
 * one object here, the last one told.
 *
 * @param family   {@code rtm_family}
 * @param table    {@code RTA_TABLE}
 * @param dst      {@code RTA_DST}/{@code rtm_dst_len}, {@code null} for a default route
 * @param tos      {@code rtm_tos}
 * @param priority {@code RTA_PRIORITY}
 * @param src      {@code RTA_SRC}/{@code rtm_src_len}, {@code null} when absent
 */
public record RouteKey(int family, int table, IpPrefix dst, int tos, int priority, IpPrefix src) {
    /** The key of {@code r}, which the kernel described ({@link Route#message()} is not {@code null}). */
    public static RouteKey of(Route r) {
        RouteMessage m = r.message();
        IpPrefix src = m.attributes().src() == null ? null
                : new IpPrefix(m.attributes().src(), m.header().rtmSrcLen());
        return new RouteKey(r.family(), r.table(), r.dst(), m.header().rtmTos(), r.priority(), src);
    }
}
