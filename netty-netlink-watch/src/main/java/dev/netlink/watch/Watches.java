package dev.netlink.watch;

import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkException;
import dev.netlink.family.rtaddr.Ifaddrmsg;
import dev.netlink.family.rtaddr.AddrMessage;
import dev.netlink.family.rtaddr.RtAddr;
import dev.netlink.family.rtlink.Ifinfomsg;
import dev.netlink.family.rtlink.LinkMessage;
import dev.netlink.family.rtlink.RtLink;
import dev.netlink.family.rtneigh.Ndmsg;
import dev.netlink.family.rtneigh.NeighbourMessage;
import dev.netlink.family.rtneigh.NtfFlags;
import dev.netlink.family.rtneigh.NudState;
import dev.netlink.family.rtneigh.RtNeigh;
import dev.netlink.family.rtroute.RouteMessage;
import dev.netlink.family.rtroute.RtRoute;
import dev.netlink.family.rtroute.Rtmsg;
import dev.netlink.rtnetlink.Address;
import dev.netlink.rtnetlink.Link;
import dev.netlink.rtnetlink.Neighbour;
import dev.netlink.rtnetlink.Route;
import dev.netlink.transport.NetlinkChannelOption;
import dev.netlink.transport.SocketFilter;
import dev.netlink.ynl.Ynl;
import dev.netlink.ynl.YnlFamily;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The rtnetlink watches: links ({@code RTNLGRP_LINK}), addresses ({@code RTNLGRP_IPV4_IFADDR},
 * {@code RTNLGRP_IPV6_IFADDR}), routes ({@code RTNLGRP_IPV4_ROUTE}, {@code RTNLGRP_IPV6_ROUTE}) and neighbours
 * ({@code RTNLGRP_NEIGH}) of a network namespace, each on a socket of its own (see {@link Watch}), all of them or
 * those a filter keeps ({@link LinkFilter}, {@link AddressFilter}, {@link RouteFilter}, {@link NeighbourFilter}: the
 * kernel dumps only those, and the watch keeps its events to them). Each factory completes once the first dump is
 * merged. And any YNL family whose spec pairs a dump with notifications ({@link #family}: netdev's devices).
 * Thread-safe.
 */
public final class Watches {
    /** {@code AF_INET}. */
    private static final int AF_INET = 2;
    /** {@code AF_INET6}. */
    private static final int AF_INET6 = 10;
    /** {@code RTNLGRP_LINK}. */
    private static final int RTNLGRP_LINK = 1;
    /** {@code RTM_NEWLINK}; {@code RTM_DELLINK} follows it. */
    private static final int RTM_NEWLINK = 16;
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
        return links(LinkFilter.ALL, listener, configure);
    }

    /**
     * The links {@code filter} keeps: the kernel dumps only those (the socket gets {@code NETLINK_GET_STRICT_CHK}),
     * and the watch keeps its events and snapshot to them.
     */
    public static Future<Watch<Integer, Link>> links(LinkFilter filter, WatchListener<? super Link> listener,
                                                    Consumer<NetlinkSocket.Builder> configure) {
        return Watch.open(linkSource(filter), listener, strict(filter.filters(), configure));
    }

    /** The links of namespace {@code netns}, on the shared event loop. */
    public static Future<Watch<Integer, Link>> links(Path netns, WatchListener<? super Link> listener) {
        return links(listener, in(netns));
    }

    /** The IPv4 and IPv6 addresses, by link and prefix. */
    public static Future<Watch<AddressKey, Address>> addresses(WatchListener<? super Address> listener,
                                                              Consumer<NetlinkSocket.Builder> configure) {
        return addresses(AddressFilter.ALL, listener, configure);
    }

    /** The addresses {@code filter} keeps (one link's), the kernel dumping only those (see {@link AddressFilter}). */
    public static Future<Watch<AddressKey, Address>> addresses(AddressFilter filter,
                                                              WatchListener<? super Address> listener,
                                                              Consumer<NetlinkSocket.Builder> configure) {
        return Watch.open(new RtnlSource<>(new int[] {5, 9}, 20, Ifaddrmsg.SIZE, AddrMessage::decode,
                Address::of, filter, AddressKey::of, a -> null, (a, b) -> Objects.equals(a.peer(), b.peer())
                        && Objects.equals(a.label(), b.label()) && a.scope() == b.scope()
                        && a.flags().equals(b.flags()),
                (socket, parts) -> RtAddr.on(socket).getaddrDump(filter.request(), parts), null), listener,
                strict(filter.filters(), configure));
    }

    /** The IPv4 and IPv6 routes of every table (cached clones left out, as dumps leave them), by {@link RouteKey}. */
    public static Future<Watch<RouteKey, Route>> routes(WatchListener<? super Route> listener,
                                                       Consumer<NetlinkSocket.Builder> configure) {
        return routes(RouteFilter.ALL, listener, configure);
    }

    /**
     * The routes {@code filter} keeps (a table, a protocol, a type, an output device), the kernel dumping only those
     * (see {@link RouteFilter}).
     */
    public static Future<Watch<RouteKey, Route>> routes(RouteFilter filter, WatchListener<? super Route> listener,
                                                       Consumer<NetlinkSocket.Builder> configure) {
        return Watch.open(new RtnlSource<>(new int[] {7, 11}, 24, Rtmsg.SIZE, RouteMessage::decode,
                Watches::route, filter, RouteKey::of, r -> RouteKey.of(r).group(),
                (a, b) -> withoutMessage(a).equals(withoutMessage(b)),
                (socket, parts) -> RtRoute.on(socket).getrouteDump(filter.request(), parts), null), listener,
                strict(filter.filters(), configure));
    }

    /**
     * The IPv4 and IPv6 neighbours (ARP and NDP entries), by {@link NeighbourKey}. Left out, as {@code ip neigh}
     * leaves them out: proxy entries, and entries in {@code NUD_NOARP} (multicast, point-to-point) or
     * {@code NUD_NONE}, which the kernel makes without a notification; an entry that falls into one of those states
     * is told as removed.
     */
    public static Future<Watch<NeighbourKey, Neighbour>> neighbours(WatchListener<? super Neighbour> listener,
                                                                   Consumer<NetlinkSocket.Builder> configure) {
        return neighbours(NeighbourFilter.ALL, listener, configure);
    }

    /** The neighbours {@code filter} keeps (one link's), the kernel dumping only those ({@link NeighbourFilter}). */
    public static Future<Watch<NeighbourKey, Neighbour>> neighbours(NeighbourFilter filter,
                                                                   WatchListener<? super Neighbour> listener,
                                                                   Consumer<NetlinkSocket.Builder> configure) {
        return Watch.open(new RtnlSource<>(new int[] {3}, 28, Ndmsg.SIZE, NeighbourMessage::decode,
                Watches::neighbour, filter.and(Watches::reported), NeighbourKey::of, n -> null,
                (a, b) -> Objects.equals(a.lladdr(), b.lladdr()) && a.state().equals(b.state())
                        && a.flags().equals(b.flags()),
                (socket, parts) -> RtNeigh.on(socket).getneighDump(filter.request(), parts), null), listener,
                strict(filter.filters(), configure));
    }

    /**
     * The objects of a YNL family's dump {@code dump} ({@code dev-get}), kept by the notifications its spec pairs with
     * it ({@code notify: dev-get} on group {@code mgmt}), on {@code family}'s socket, which the watch takes over (the
     * family's {@code subscribe} listeners hear nothing more; closing the watch closes the family's socket). Objects
     * are the family's decoded maps, keyed by {@code key} ({@code m -> m.get("ifindex")}); the notifications named in
     * {@code removals} ({@code dev-del-ntf}) remove theirs. Fails at once (the socket left open) when the spec pairs no
     * notification with the dump or {@code removals} names another operation.
     */
    public static <K> Future<Watch<K, Map<String, Object>>> family(YnlFamily family, String dump,
            Set<String> removals, Function<? super Map<String, Object>, ? extends K> key,
            WatchListener<? super Map<String, Object>> listener) {
        FamilySource<K> source;
        try {
            source = FamilySource.of(family, dump, removals, key);
        } catch (IllegalArgumentException e) {
            return family.socket().<Watch<K, Map<String, Object>>>newPromise().setFailure(e);
        }
        return Watch.on(family.socket(), source, listener);
    }

    /**
     * {@link #family(YnlFamily, String, Set, Function, WatchListener)} on a family of its own: the bundled spec
     * {@code spec} ({@code netdev}) connected with {@code configure} (a namespace, an event loop group, ...); closing
     * the watch closes it.
     */
    public static <K> Future<Watch<K, Map<String, Object>>> family(String spec, String dump, Set<String> removals,
            Function<? super Map<String, Object>, ? extends K> key, WatchListener<? super Map<String, Object>> listener,
            Consumer<NetlinkSocket.Builder> configure) {
        Promise<Watch<K, Map<String, Object>>> result = ImmediateEventExecutor.INSTANCE.newPromise();
        Ynl.connect(spec, configure).addListener((Future<YnlFamily> f) -> {
            if (!f.isSuccess()) {
                result.tryFailure(f.cause());
                return;
            }
            Future<Watch<K, Map<String, Object>>> opened = family(f.getNow(), dump, removals, key, listener);
            opened.addListener((Future<Watch<K, Map<String, Object>>> w) -> {
                if (w.isSuccess()) {
                    result.trySuccess(w.getNow());
                } else {
                    f.getNow().close();
                    result.tryFailure(w.cause());
                }
            });
        });
        return result;
    }

    /** {@code configure}, and {@code NETLINK_GET_STRICT_CHK} when the dump request carries a filter. */
    private static Consumer<NetlinkSocket.Builder> strict(boolean filters, Consumer<NetlinkSocket.Builder> configure) {
        return filters ? configure.andThen(b -> b.option(NetlinkChannelOption.NETLINK_GET_STRICT_CHK, true))
                : configure;
    }

    /**
     * The one link of index {@code index}, read without the others: a classic BPF program on the socket lets only
     * its {@code RTM_NEWLINK}/{@code RTM_DELLINK} through (and the kernel's acknowledgements), and the watch asks
     * for it by index ({@code RTM_GETLINK} without {@code NLM_F_DUMP}) where others dump. Its view is empty while
     * the link does not exist.
     */
    public static Future<Watch<Integer, Link>> link(int index, WatchListener<? super Link> listener,
                                                   Consumer<NetlinkSocket.Builder> configure) {
        SocketFilter filter = SocketFilter.builder().types(RTM_NEWLINK, RTM_NEWLINK + 1).interfaces(index).build();
        return Watch.open(new RtnlSource<>(new int[] {RTNLGRP_LINK}, RTM_NEWLINK, Ifinfomsg.SIZE, LinkMessage::decode,
                m -> m.header().ifiFamily() == 0 && m.header().ifiIndex() == index ? Link.of(m) : null, l -> true,
                Link::index,
                l -> null, Watches::sameLink, (socket, parts) -> getlink(socket, index, parts), filter), listener,
                configure);
    }

    private static Future<Void> getlink(NetlinkSocket socket, int index, Consumer<? super LinkMessage> parts) {
        Promise<Void> done = socket.newPromise();
        RtLink.on(socket).getlink(LinkMessage.builder().header(h -> h.ifiIndex(index)).build()).addListener(
                (Future<LinkMessage> f) -> {
                    if (f.isSuccess()) {
                        parts.accept(f.getNow());
                        done.trySuccess(null);
                    } else if (f.cause() instanceof NetlinkException e && e.errno() == Errno.ENODEV) {
                        done.trySuccess(null); // no such link, yet
                    } else {
                        done.tryFailure(f.cause());
                    }
                });
        return done;
    }

    /** A link watch's source; one per watch. */
    static RtnlSource<Integer, LinkMessage, Link> linkSource() {
        return linkSource(LinkFilter.ALL);
    }

    private static RtnlSource<Integer, LinkMessage, Link> linkSource(LinkFilter filter) {
        return new RtnlSource<>(new int[] {RTNLGRP_LINK}, RTM_NEWLINK, Ifinfomsg.SIZE, LinkMessage::decode,
                m -> m.header().ifiFamily() == 0 ? Link.of(m) : null, filter, Link::index, l -> null,
                Watches::sameLink, (socket, parts) -> RtLink.on(socket).getlinkDump(filter.request(), parts),
                LINKS_ONLY);
    }

    /**
     * A classic BPF program that drops the {@code RTM_NEWLINK}/{@code RTM_DELLINK} of family {@code AF_BRIDGE} (a
     * bridge port's state: a thousand enslaved ports going through listening, learning and forwarding flood a small
     * buffer long after the last change) before they are queued: it accepts {@code NLMSG_ERROR} and
     * {@code NLMSG_DONE}, and the rest only when {@code ifi_family}, the byte after {@code struct nlmsghdr}, is
     * {@code AF_UNSPEC}, as every link of a dump is.
     */
    private static final SocketFilter LINKS_ONLY = linksOnly();

    private static SocketFilter linksOnly() {
        int ldb = 0x30; // BPF_LD | BPF_B | BPF_ABS
        int jeq = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
        int ret = 0x06; // BPF_RET | BPF_K
        int typeLowByte = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? 4 : 5;
        return SocketFilter.of(
                SocketFilter.instruction(ldb, 0, 0, typeLowByte),
                SocketFilter.instruction(jeq, 4, 0, 2),  // NLMSG_ERROR: accept
                SocketFilter.instruction(jeq, 3, 0, 3),  // NLMSG_DONE: accept
                SocketFilter.instruction(ldb, 0, 0, 16), // ifi_family
                SocketFilter.instruction(jeq, 1, 0, 0),  // AF_UNSPEC: accept
                SocketFilter.instruction(ret, 0, 0, 0),
                SocketFilter.instruction(ret, 0, 0, -1));
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

    /** Whether a neighbour counts: not {@code NUD_NOARP}, not {@code NUD_NONE}. */
    private static boolean reported(Neighbour n) {
        return !n.state().isEmpty() && !n.state().contains(NudState.NOARP);
    }

    private static Neighbour neighbour(NeighbourMessage m) {
        int family = m.header().ndmFamily();
        boolean ip = family == AF_INET || family == AF_INET6;
        return ip && !m.header().ndmFlags().contains(NtfFlags.PROXY) ? Neighbour.of(m) : null;
    }
}
