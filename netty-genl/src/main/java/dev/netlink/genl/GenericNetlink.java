package dev.netlink.genl;

import dev.netlink.codec.NetlinkProtocol;
import dev.netlink.client.NetlinkSocket;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;

import java.util.function.Consumer;

/**
 * Opens generic netlink ({@code NETLINK_GENERIC}) sockets: {@link #connect()} gives the nlctrl
 * {@link GenericNetlinkController}, from which family sockets are made with
 * {@link GenericNetlinkController#get(String, GenericNetlinkSocket.Factory)}. Stateless.
 */
public final class GenericNetlink {
    private GenericNetlink() {
    }

    /** Opens a generic netlink socket on the shared event loop and returns its controller. */
    public static Future<GenericNetlinkController> connect() {
        return connect(b -> {
        });
    }

    /**
     * A controller on any channel that carries generic netlink datagrams, an {@code EmbeddedChannel} with a fake
     * kernel in a test for instance: adds the socket's handlers and the per-family notification router.
     */
    public static GenericNetlinkController on(io.netty.channel.Channel channel, long timeoutMillis) {
        return new GenericNetlinkController(NetlinkSocket.on(channel, timeoutMillis,
                new GenlNotificationRouter(NetlinkSocket.DEFAULT_RECEIVE_QUEUE_CAPACITY)));
    }

    /**
     * Opens a generic netlink socket configured by {@code configure} (event loop group, network namespace,
     * options, timeouts) and returns its controller.
     */
    public static Future<GenericNetlinkController> connect(Consumer<NetlinkSocket.Builder> configure) {
        NetlinkSocket.Builder builder = NetlinkSocket.builder(NetlinkProtocol.NETLINK_GENERIC);
        configure.accept(builder);
        builder.addLast(new GenlNotificationRouter(NetlinkSocket.DEFAULT_RECEIVE_QUEUE_CAPACITY));
        Future<NetlinkSocket> socket = builder.connect();
        Promise<GenericNetlinkController> result = ImmediateEventExecutor.INSTANCE.newPromise();
        socket.addListener((Future<NetlinkSocket> f) -> {
            if (f.isSuccess()) {
                result.trySuccess(new GenericNetlinkController(f.getNow()));
            } else {
                result.tryFailure(f.cause());
            }
        });
        return result;
    }
}
