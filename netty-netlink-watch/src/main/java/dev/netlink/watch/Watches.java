package dev.netlink.watch;

import dev.netlink.client.NetlinkSocket;
import dev.netlink.family.rtaddr.Ifaddrmsg;
import dev.netlink.family.rtaddr.AddrMessage;
import dev.netlink.family.rtaddr.RtAddr;
import dev.netlink.family.rtlink.Ifinfomsg;
import dev.netlink.family.rtlink.LinkMessage;
import dev.netlink.family.rtlink.RtLink;
import dev.netlink.family.rtneigh.Ndmsg;
import dev.netlink.family.rtneigh.NeighbourMessage;
import dev.netlink.family.rtneigh.NtfFlags;
import dev.netlink.family.rtneigh.RtNeigh;
import dev.netlink.family.rtroute.RouteMessage;
import dev.netlink.family.rtroute.RtRoute;
import dev.netlink.family.rtroute.Rtmsg;
import dev.netlink.rtnetlink.Address;
import dev.netlink.rtnetlink.Link;
import dev.netlink.rtnetlink.Neighbour;
import dev.netlink.rtnetlink.Route;
import io.netty.util.concurrent.Future;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The rtnetlink watches: links ({@code RTNLGRP_LINK}), addresses ({@code RTNLGRP_IPV4_IFADDR},
 * {@code RTNLGRP_IPV6_IFADDR}), routes ({@code RTNLGRP_IPV4_ROUTE}, {@code RTNLGRP_IPV6_ROUTE}) and neighbours
 * ({@code RTNLGRP_NEIGH}) of a network namespace, each on a socket of its own (see {@link Watch}). Each factory
 * completes once the first dump is merged. Thread-safe.
 */
public final class Watches {
    /** {@code AF_INET}. */
    private static final int AF_INET = 2;
    /** {@code AF_INET6}. */
    private static final int AF_INET6 = 10;
    /** {@code RTM_F_CLONED}: a cached route (an IPv6 exception), which dumps leave out. */
    private static final int RTM_F_CLONED = 0x200;

    private Watches() {
    }

    /** Configures a socket in namespace {@code netns} ({@code /run/netns/NAME}), or the caller's if {@code null}. */
    public static Consumer<NetlinkSocket.Builder> in(Path netns) {
        return b -> b.netns(netns == null ? null : netns.toString());
    }

    /**
     * The links ({@code ifinfomsg} of family {@code AF_UNSPEC}; a bridge port's {@code AF_BRIDGE}
     * {@code RTM_NEWLINK}/{@code RTM_DELLINK} is not a link's coming or going), by index.
     */
    public static Future<Watch<Integer, Link>> links(WatchListener<? super Link> listener,
                                                    Consumer<NetlinkSocket.Builder> configure) {
        return Watch.open(linkSource(), listener, configure);
    }

    /** The links of namespace {@code netns}, on the shared event loop. */
    public static Future<Watch<Integer, Link>> links(Path netns, WatchListener<? super Link> listener) {
        return links(listener, in(netns));
    }

    /** The IPv4 and IPv6 addresses, by link and prefix. */
    public static Future<Watch<AddressKey, Address>> addresses(WatchListener<? super Address> listener,
                                                              Consumer<NetlinkSocket.Builder> configure) {
        return Watch.open(new RtnlSource<>(new int[] {5, 9}, 20, Ifaddrmsg.SIZE, AddrMessage::decode,
                Address::of, AddressKey::of, a -> null, (a, b) -> Objects.equals(a.peer(), b.peer())
                        && Objects.equals(a.label(), b.label()) && a.scope() == b.scope()
                        && a.flags().equals(b.flags()),
                (socket, parts) -> RtAddr.on(socket).getaddrDump(parts)), listener, configure);
    }

    /** The IPv4 and IPv6 routes of every table (cached clones left out, as dumps leave them), by {@link RouteKey}. */
    public static Future<Watch<RouteKey, Route>> routes(WatchListener<? super Route> listener,
                                                       Consumer<NetlinkSocket.Builder> configure) {
        return Watch.open(new RtnlSource<>(new int[] {7, 11}, 24, Rtmsg.SIZE, RouteMessage::decode,
                Watches::route, RouteKey::of, r -> RouteKey.of(r).group(), (a, b) -> withoutMessage(a).equals(withoutMessage(b)),
                (socket, parts) -> RtRoute.on(socket).getrouteDump(parts)), listener, configure);
    }

    /** The IPv4 and IPv6 neighbours (ARP and NDP entries; proxy entries left out), by {@link NeighbourKey}. */
    public static Future<Watch<NeighbourKey, Neighbour>> neighbours(WatchListener<? super Neighbour> listener,
                                                                   Consumer<NetlinkSocket.Builder> configure) {
        return Watch.open(new RtnlSource<>(new int[] {3}, 28, Ndmsg.SIZE, NeighbourMessage::decode,
                Watches::neighbour, NeighbourKey::of, n -> null, (a, b) -> Objects.equals(a.lladdr(), b.lladdr())
                        && a.state().equals(b.state()) && a.flags().equals(b.flags()),
                (socket, parts) -> RtNeigh.on(socket).getneighDump(parts)), listener, configure);
    }

    /** A link watch's source; one per watch. */
    static RtnlSource<Integer, LinkMessage, Link> linkSource() {
        return new RtnlSource<>(new int[] {1}, 16, Ifinfomsg.SIZE, LinkMessage::decode,
                m -> m.header().ifiFamily() == 0 ? Link.of(m) : null, Link::index, l -> null, Watches::sameLink,
                (socket, parts) -> RtLink.on(socket).getlinkDump(parts));
    }

    private static boolean sameLink(Link a, Link b) {
        return a.name().equals(b.name()) && Objects.equals(a.kind(), b.kind()) && a.flags().equals(b.flags())
                && a.mtu() == b.mtu() && Objects.equals(a.address(), b.address()) && a.operState() == b.operState()
                && a.master().equals(b.master()) && a.link().equals(b.link())
                && a.linkNetnsId().equals(b.linkNetnsId());
    }

    private static Route route(RouteMessage m) {
        int family = m.header().rtmFamily();
        boolean ip = family == AF_INET || family == AF_INET6;
        return ip && (m.header().rtmFlags() & RTM_F_CLONED) == 0 ? Route.of(m) : null;
    }

    private static Route withoutMessage(Route r) {
        return new Route(r.family(), r.dst(), r.table(), r.protocol(), r.scope(), r.type(), r.gateway(), r.oif(),
                r.prefsrc(), r.priority(), r.mtu(), r.nextHops(), null);
    }

    private static Neighbour neighbour(NeighbourMessage m) {
        int family = m.header().ndmFamily();
        boolean ip = family == AF_INET || family == AF_INET6;
        return ip && !m.header().ndmFlags().contains(NtfFlags.PROXY) ? Neighbour.of(m) : null;
    }
}
