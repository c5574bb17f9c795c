package dev.netlink.rtnetlink;

import dev.netlink.family.rtroute.RouteAttrs;
import dev.netlink.family.rtroute.RouteMessage;
import dev.netlink.family.rtroute.RtmType;
import dev.netlink.ynl.typed.EnumValue;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A route as {@code ip route} shows it, and as it is given to {@link Routes#add}: its destination (or the default),
 * table, protocol, scope and type, gateway and output interface or several next hops, preferred source, metric
 * ({@code RTA_PRIORITY}) and MTU. Read from {@code RTM_NEWROUTE}; built for a request with {@link #builder()},
 * whose defaults are those of {@code ip route add}: table main, protocol boot, type unicast, scope universe with a
 * gateway and link without. Immutable.
 *
 * @param family   {@code rtm_family}: 2 (AF_INET) or 10 (AF_INET6)
 * @param dst      {@code RTA_DST} with {@code rtm_dst_len}; {@code null} for the default route
 * @param table    {@code RTA_TABLE} (or {@code rtm_table}): 254 main, 255 local, ...
 * @param protocol {@code rtm_protocol} ({@code RTPROT_*}: 2 kernel, 3 boot, 4 static)
 * @param scope    {@code rtm_scope} ({@code RT_SCOPE_*}: 0 universe, 253 link, 254 host)
 * @param type     {@code rtm_type}
 * @param gateway  {@code RTA_GATEWAY}, {@code null} when none
 * @param oif      {@code RTA_OIF}, 0 when none
 * @param prefsrc  {@code RTA_PREFSRC}, {@code null} when none
 * @param priority {@code RTA_PRIORITY} (the metric), 0 when none
 * @param mtu      {@code RTAX_MTU} of {@code RTA_METRICS}, 0 when none
 * @param nextHops {@code RTA_MULTIPATH}'s paths; empty for a single-path route
 * @param message  the whole message, as the generated rt-route family decoded it; {@code null} for one built here
 */
public record Route(int family, IpPrefix dst, int table, int protocol, int scope, EnumValue<RtmType> type,
                    InetAddress gateway, int oif, InetAddress prefsrc, int priority, int mtu, List<NextHop> nextHops,
                    RouteMessage message) {
    /** {@code RT_TABLE_MAIN}. */
    public static final int MAIN = 254;
    /** {@code RT_TABLE_LOCAL}. */
    public static final int LOCAL = 255;

    public Route {
        Objects.requireNonNull(type, "type");
        nextHops = List.copyOf(nextHops);
        if (dst != null && dst.family() != family) {
            throw new IllegalArgumentException("route of family " + family + " to " + dst);
        }
        if (gateway != null && IpPrefix.family(gateway) != family) {
            throw new IllegalArgumentException("route of family " + family + " via " + gateway.getHostAddress());
        }
    }

    /** The route a {@code RTM_NEWROUTE} message describes. */
    public static Route of(RouteMessage m) {
        RouteAttrs a = m.attributes();
        int family = m.header().rtmFamily();
        IpPrefix dst = a.dst() == null ? null : new IpPrefix(a.dst(), m.header().rtmDstLen());
        int mtu = a.metrics() == null || a.metrics().mtu() == null ? 0 : a.metrics().mtu();
        return new Route(family, dst, a.table() != null ? a.table() : m.header().rtmTable(),
                m.header().rtmProtocol(), m.header().rtmScope(), m.header().rtmType(), a.gateway(),
                a.oif() == null ? 0 : a.oif(), a.prefsrc(), a.priority() == null ? 0 : a.priority(), mtu,
                a.multipath() == null ? List.of() : NextHop.decode(a.multipath()), m);
    }

    /** A builder with {@code ip route add}'s defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** As {@code ip route} shows it: {@code 10.2.0.0/16 via 10.1.0.2 dev 3 table 254 proto 3 metric 0}. */
    @Override
    public String toString() {
        return (dst == null ? "default" : dst.toString()) + (gateway == null ? "" : " via " + gateway.getHostAddress())
                + (oif == 0 ? "" : " dev " + oif) + (nextHops.isEmpty() ? "" : " nexthops " + nextHops) + " table "
                + table + " proto " + protocol + " scope " + scope + " " + type + (priority == 0 ? ""
                : " metric " + priority);
    }

    /** Builds a {@link Route} for a request. Not thread-safe. */
    public static final class Builder {
        private IpPrefix dst;
        private Integer family;
        private int table = MAIN;
        private int protocol = 3;
        private Integer scope;
        private RtmType type = RtmType.UNICAST;
        private InetAddress gateway;
        private int oif;
        private InetAddress prefsrc;
        private int priority;
        private int mtu;
        private List<NextHop> nextHops = List.of();

        private Builder() {
        }

        /** The destination ({@code 10.2.0.0/16}); unset, the default route. */
        public Builder dst(IpPrefix dst) {
            this.dst = Objects.requireNonNull(dst, "dst").network();
            return this;
        }

        /** The destination as text. */
        public Builder dst(String dst) {
            return dst(IpPrefix.parse(dst));
        }

        /** The family of a default route (2 or 10); otherwise the destination's or gateway's. */
        public Builder family(int family) {
            this.family = family;
            return this;
        }

        /** {@code table N}. */
        public Builder table(int table) {
            this.table = table;
            return this;
        }

        /** {@code proto N} ({@code RTPROT_*}). */
        public Builder protocol(int protocol) {
            this.protocol = protocol;
            return this;
        }

        /** {@code scope N} ({@code RT_SCOPE_*}). */
        public Builder scope(int scope) {
            this.scope = scope;
            return this;
        }

        /** {@code type} ({@code unicast}, {@code blackhole}, {@code unreachable}, ...). */
        public Builder type(RtmType type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /** {@code via GATEWAY}. */
        public Builder gateway(InetAddress gateway) {
            this.gateway = Objects.requireNonNull(gateway, "gateway");
            return this;
        }

        /** {@code via GATEWAY} as text. */
        public Builder gateway(String gateway) {
            return gateway(InetAddress.ofLiteral(gateway));
        }

        /** {@code dev INDEX}. */
        public Builder oif(int oif) {
            this.oif = oif;
            return this;
        }

        /** {@code src ADDRESS}. */
        public Builder prefsrc(InetAddress prefsrc) {
            this.prefsrc = Objects.requireNonNull(prefsrc, "prefsrc");
            return this;
        }

        /** {@code metric N}. */
        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        /** {@code mtu N}. */
        public Builder mtu(int mtu) {
            this.mtu = mtu;
            return this;
        }

        /** {@code nexthop ... nexthop ...}: a multipath route. */
        public Builder nextHops(List<NextHop> nextHops) {
            this.nextHops = List.copyOf(nextHops);
            return this;
        }

        /** The route; refuses one whose destination, gateway and family disagree. */
        public Route build() {
            int f = family != null ? family : dst != null ? dst.family() : gateway != null
                    ? IpPrefix.family(gateway) : nextHops.stream().filter(h -> h.gateway() != null)
                    .map(h -> IpPrefix.family(h.gateway())).findFirst().orElse(2);
            int s = scope != null ? scope : gateway != null || !nextHops.isEmpty() || type != RtmType.UNICAST ? 0
                    : 253;
            return new Route(f, dst, table, protocol, s, type.toValue(), gateway, oif, prefsrc, priority, mtu,
                    nextHops, null);
        }
    }
}
