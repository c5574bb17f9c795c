package dev.netlink.rtnetlink;

import dev.netlink.codec.NetlinkFlags;
import dev.netlink.family.rtroute.Metrics;
import dev.netlink.family.rtroute.RouteMessage;
import dev.netlink.family.rtroute.RtRoute;
import io.netty.util.concurrent.Future;

import java.net.InetAddress;
import java.util.List;

/**
 * {@code ip route}: the routes of one network namespace, every table, through the generated rt-route family.
 * {@link #add} asks {@code NLM_F_CREATE | NLM_F_EXCL} (refused with {@code EEXIST} when the route is there),
 * {@link #replace} {@code NLM_F_CREATE | NLM_F_REPLACE}, {@link #append} {@code NLM_F_CREATE | NLM_F_APPEND} (another
 * route of the same destination, as {@code ip route append}). Thread-safe.
 */
public final class Routes {
    private final RtRoute rt;

    Routes(RtRoute rt) {
        this.rt = rt;
    }

    /** Every route of {@code family} (2, 10) in every table, as {@code ip route show table all}. */
    public Future<List<Route>> list(int family) {
        return Futures.map(rt.getrouteDump(RouteMessage.builder().header(h -> h.rtmFamily(family)).build()),
                l -> l.stream().filter(m -> m.header().rtmFamily() == family).map(Route::of).toList());
    }

    /** Every route of {@code family} in table {@code table}. */
    public Future<List<Route>> list(int family, int table) {
        return Futures.map(list(family), l -> l.stream().filter(r -> r.table() == table).toList());
    }

    /**
     * {@code ip route get DST}: the route the kernel would take to {@code dst} (its lookup, not a table entry:
     * with the output interface, preferred source and table it chose). Fails with {@code ENETUNREACH} when
     * there is none.
     */
    public Future<Route> get(InetAddress dst) {
        return Futures.map(rt.getroute(RouteMessage.builder().header(h -> h.rtmFamily(IpPrefix.family(dst))
                .rtmDstLen(dst.getAddress().length * 8)).attributes(a -> a.dst(dst)).build()), Route::of);
    }

    /** {@code ip route add}. */
    public Future<Void> add(Route route) {
        return rt.newroute(message(route), NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_EXCL);
    }

    /** {@code ip route replace}. */
    public Future<Void> replace(Route route) {
        return rt.newroute(message(route), NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_REPLACE);
    }

    /** {@code ip route append}. */
    public Future<Void> append(Route route) {
        return rt.newroute(message(route), NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_APPEND);
    }

    /** {@code ip route del}: the route of {@code route}'s destination and table (and gateway, when given). */
    public Future<Void> delete(Route route) {
        return rt.delroute(message(route));
    }

    static RouteMessage message(Route r) {
        return RouteMessage.builder().header(h -> h.rtmFamily(r.family())
                .rtmDstLen(r.dst() == null ? 0 : r.dst().length()).rtmTable(r.table() < 256 ? r.table() : 252)
                .rtmProtocol(r.protocol()).rtmScope(r.scope()).rtmType(r.type())).attributes(a -> {
            if (r.dst() != null) {
                a.dst(r.dst().address());
            }
            a.table(r.table());
            if (r.gateway() != null) {
                a.gateway(r.gateway());
            }
            if (r.oif() != 0) {
                a.oif(r.oif());
            }
            if (r.prefsrc() != null) {
                a.prefsrc(r.prefsrc());
            }
            if (r.priority() != 0) {
                a.priority(r.priority());
            }
            if (r.mtu() != 0) {
                a.metrics(Metrics.builder().mtu(r.mtu()).build());
            }
            if (!r.nextHops().isEmpty()) {
                a.multipath(NextHop.encode(r.nextHops()));
            }
        }).build();
    }
}
