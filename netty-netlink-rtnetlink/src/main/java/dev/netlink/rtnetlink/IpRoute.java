package dev.netlink.rtnetlink;

import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.NetlinkProtocol;
import dev.netlink.family.rtaddr.RtAddr;
import dev.netlink.family.rtlink.RtLink;
import dev.netlink.family.rtneigh.RtNeigh;
import dev.netlink.family.rtroute.RtRoute;
import dev.netlink.family.rtrule.RtRule;
import io.netty.util.concurrent.Future;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * rtnetlink as {@code ip} speaks it, for one network namespace: {@link #links()}, {@link #addresses()},
 * {@link #routes()}, {@link #neighbours()} and {@link #rules()} over one {@code NETLINK_ROUTE} socket, each call a
 * future, each object a record of what the kernel said, built on the generated rt-link, rt-addr, rt-route,
 * rt-neigh and rt-rule families. Errors are the kernel's ({@link dev.netlink.codec.NetlinkException} with the errno
 * and the attribute by its spec path, {@code linkinfo.kind}); bad input is refused before anything is sent
 * ({@link IllegalArgumentException}). Namespaces themselves are {@link dev.netlink.transport.NetworkNamespaces}.
 * Thread-safe; closing closes the socket.
 */
public final class IpRoute implements AutoCloseable {
    private final NetlinkSocket socket;
    private final Links links;
    private final Addresses addresses;
    private final Routes routes;
    private final Neighbours neighbours;
    private final Rules rules;

    private IpRoute(NetlinkSocket socket) {
        this.socket = socket;
        this.links = new Links(RtLink.on(socket));
        this.addresses = new Addresses(RtAddr.on(socket), links);
        this.routes = new Routes(RtRoute.on(socket));
        this.neighbours = new Neighbours(RtNeigh.on(socket));
        this.rules = new Rules(RtRule.on(socket));
    }

    /** rtnetlink of the caller's network namespace. */
    public static Future<IpRoute> connect() {
        return connect(b -> {
        });
    }

    /** rtnetlink of network namespace {@code netns} ({@code /run/netns/NAME}, {@code NetworkNamespaces.path}). */
    public static Future<IpRoute> connect(Path netns) {
        Objects.requireNonNull(netns, "netns");
        return connect(b -> b.netns(netns.toString()));
    }

    /** rtnetlink on a socket configured by {@code configure} (namespace, event loop group, timeouts). */
    public static Future<IpRoute> connect(Consumer<NetlinkSocket.Builder> configure) {
        NetlinkSocket.Builder b = NetlinkSocket.builder(NetlinkProtocol.NETLINK_ROUTE);
        configure.accept(b);
        return Futures.map(b.connect(), IpRoute::new);
    }

    /**
     * rtnetlink on {@code socket}, a {@code NETLINK_ROUTE} socket (shared; an {@code EmbeddedChannel} with a fake
     * kernel in tests); closing the {@code IpRoute} closes it.
     */
    public static IpRoute on(NetlinkSocket socket) {
        return new IpRoute(Objects.requireNonNull(socket, "socket"));
    }

    /** {@code ip link}. */
    public Links links() {
        return links;
    }

    /** {@code ip addr}. */
    public Addresses addresses() {
        return addresses;
    }

    /** {@code ip route}. */
    public Routes routes() {
        return routes;
    }

    /** {@code ip neigh}. */
    public Neighbours neighbours() {
        return neighbours;
    }

    /** {@code ip rule}. */
    public Rules rules() {
        return rules;
    }

    /** The socket underneath. */
    public NetlinkSocket socket() {
        return socket;
    }

    @Override
    public void close() {
        socket.close();
    }

    @Override
    public String toString() {
        return "IpRoute(" + socket + ')';
    }
}
