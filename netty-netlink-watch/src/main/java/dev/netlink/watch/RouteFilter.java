package dev.netlink.watch;

import dev.netlink.family.rtroute.RouteMessage;
import dev.netlink.family.rtroute.RtmType;
import dev.netlink.rtnetlink.NextHop;
import dev.netlink.rtnetlink.Route;

import java.util.function.Predicate;

/**
 * The routes a route watch mirrors, as the kernel filters an {@code RTM_GETROUTE} dump when the socket has
 * {@code NETLINK_GET_STRICT_CHK} ({@code ip_valid_fib_dump_req} for IPv4, the same rules for IPv6): by table
 * ({@code RTA_TABLE}), protocol ({@code rtm_protocol}), type ({@code rtm_type}) and output device ({@code RTA_OIF}:
 * a route any of whose next hops uses it). Each field is 0 for any. A table that does not exist dumps nothing; a
 * device that does not exist refuses the dump ({@code ENODEV}). The kernel dumps only the routes that match;
 * notifications it sends for every route, so the watch applies the same {@link #test} to them. Immutable.
 *
 * @param table    {@code RTA_TABLE} (254 is main, 255 local)
 * @param protocol {@code rtm_protocol} ({@code RTPROT_KERNEL} 2, {@code RTPROT_BOOT} 3, {@code RTPROT_STATIC} 4)
 * @param type     {@code rtm_type} ({@code RTN_UNICAST} 1, {@code RTN_LOCAL} 2, ...)
 * @param oif      {@code RTA_OIF}: an ifindex
 */
public record RouteFilter(int table, int protocol, int type, int oif) implements Predicate<Route> {
    /** Every route: no filter, and no strict check asked for. */
    public static final RouteFilter ALL = new RouteFilter(0, 0, 0, 0);

    public RouteFilter {
        if (table < 0 || protocol < 0 || protocol > 255 || type < 0 || type > 255 || oif < 0) {
            throw new IllegalArgumentException("table " + table + ", protocol " + protocol + ", type " + type
                    + ", oif " + oif + ": each 0 (any) or a table id, a u8 protocol, a u8 type, an ifindex");
        }
    }

    /** The routes of table {@code table}. */
    public static RouteFilter table(int table) {
        return new RouteFilter(table, 0, 0, 0);
    }

    /** The same filter, restricted to output device {@code oif}. */
    public RouteFilter withOif(int oif) {
        return new RouteFilter(table, protocol, type, oif);
    }

    /** The same filter, restricted to protocol {@code protocol}. */
    public RouteFilter withProtocol(int protocol) {
        return new RouteFilter(table, protocol, type, oif);
    }

    /** The same filter, restricted to type {@code type}. */
    public RouteFilter withType(int type) {
        return new RouteFilter(table, protocol, type, oif);
    }

    /** Whether the kernel is asked to filter: then the socket needs {@code NETLINK_GET_STRICT_CHK}. */
    boolean filters() {
        return !equals(ALL);
    }

    /**
     * The {@code RTM_GETROUTE} dump request, of family {@code AF_UNSPEC} (IPv4 and IPv6 alike): strict check wants
     * {@code rtm_dst_len}, {@code rtm_src_len}, {@code rtm_tos}, {@code rtm_scope} and the flags 0; the table goes in
     * {@code RTA_TABLE}, which takes ids above 255.
     */
    RouteMessage request() {
        return RouteMessage.builder().header(h -> {
            h.rtmProtocol(protocol);
            if (type != 0) {
                h.rtmType(RtmType.of(type));
            }
        }).attributes(a -> {
            if (table != 0) {
                a.table(table);
            }
            if (oif != 0) {
                a.oif(oif);
            }
        }).build();
    }

    /** Whether {@code route} is one the kernel's filtered dump lists. */
    @Override
    public boolean test(Route route) {
        return (table == 0 || route.table() == table) && (protocol == 0 || route.protocol() == protocol)
                && (type == 0 || route.type().value() == type) && (oif == 0 || usesDevice(route));
    }

    /** {@code fib_info_nh_uses_dev}: the route's device, or one of its next hops'. */
    private boolean usesDevice(Route route) {
        if (route.oif() == oif) {
            return true;
        }
        for (NextHop hop : route.nextHops()) {
            if (hop.oif() == oif) {
                return true;
            }
        }
        return false;
    }
}
