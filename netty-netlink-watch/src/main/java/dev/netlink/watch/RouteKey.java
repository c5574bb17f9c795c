package dev.netlink.watch;

import dev.netlink.family.rtroute.RouteMessage;
import dev.netlink.rtnetlink.IpPrefix;
import dev.netlink.rtnetlink.NextHop;
import dev.netlink.rtnetlink.Route;

import java.net.InetAddress;
import java.util.List;

/**
 * A route's identity: what the kernel's FIB keys it by (table, family, destination, {@code tos}, priority, and for
 * IPv6 the source prefix), and its next hops, since routes that differ only there live side by side (an IPv6
 * {@code fe80::/64} on every link, an IPv4 prefix route on two links of one subnet). A replace
 * ({@code NLM_F_REPLACE}) takes the place of the route of its {@link #group()}.
 *
 * @param family   {@code rtm_family}
 * @param table    {@code RTA_TABLE}
 * @param dst      {@code RTA_DST}/{@code rtm_dst_len}, {@code null} for a default route
 * @param tos      {@code rtm_tos}
 * @param priority {@code RTA_PRIORITY}
 * @param src      {@code RTA_SRC}/{@code rtm_src_len}, {@code null} when absent
 * @param oif      {@code RTA_OIF}, 0 when none
 * @param gateway  {@code RTA_GATEWAY}, {@code null} when none
 * @param nextHops {@code RTA_MULTIPATH}'s paths (device and gateway; their weights and flags, which change with the
 *                 links, left out), empty for a single path
 */
public record RouteKey(int family, int table, IpPrefix dst, int tos, int priority, IpPrefix src, int oif,
                       InetAddress gateway, List<NextHop> nextHops) {
    public RouteKey {
        nextHops = List.copyOf(nextHops);
    }

    /** The key of {@code r}, which the kernel described ({@link Route#message()} is not {@code null}). */
    public static RouteKey of(Route r) {
        RouteMessage m = r.message();
        IpPrefix src = m.attributes().src() == null ? null
                : new IpPrefix(m.attributes().src(), m.header().rtmSrcLen());
        return new RouteKey(r.family(), r.table(), r.dst(), m.header().rtmTos(), r.priority(), src, r.oif(),
                r.gateway(), r.nextHops().stream().map(h -> new NextHop(h.oif(), 0, 0, h.gateway())).toList());
    }

    /** The key without its next hops: the routes one replace may take the place of. */
    public RouteKey group() {
        return new RouteKey(family, table, dst, tos, priority, src, 0, null, List.of());
    }
}
