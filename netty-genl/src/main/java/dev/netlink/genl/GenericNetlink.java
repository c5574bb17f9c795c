package dev.netlink.genl;

import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.NetlinkProtocol;
import io.netty.channel.Channel;
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
     * Opens a generic netlink socket configured by {@code configure} (event loop group, network namespace,
     * options, timeouts) and returns its controller, once nlctrl has described itself. If that fails the socket
     * is closed.
     */
    public static Future<GenericNetlinkController> connect(Consumer<NetlinkSocket.Builder> configure) {
        NetlinkSocket.Builder builder = NetlinkSocket.builder(NetlinkProtocol.NETLINK_GENERIC);
        configure.accept(builder);
        builder.addLast(new GenlNotificationRouter(NetlinkSocket.DEFAULT_RECEIVE_QUEUE_CAPACITY));
        Promise<GenericNetlinkController> result = ImmediateEventExecutor.INSTANCE.newPromise();
        builder.connect().addListener((Future<NetlinkSocket> f) -> {
            if (f.isSuccess()) {
                describe(f.getNow(), result);
            } else {
                result.tryFailure(f.cause());
            }
        });
        return result;
    }

    /**
     * Opens a generic netlink socket configured by {@code configure} and what {@code open} makes on its controller
     * (a family client): the client owns the controller, which is closed when {@code open} fails or throws, so
     * nothing is left open behind a failed future.
     */
    public static <T> Future<T> connect(Consumer<NetlinkSocket.Builder> configure,
                                        java.util.function.Function<GenericNetlinkController, Future<T>> open) {
        Promise<T> result = ImmediateEventExecutor.INSTANCE.newPromise();
        connect(configure).addListener((Future<GenericNetlinkController> f) -> {
            if (!f.isSuccess()) {
                result.tryFailure(f.cause());
                return;
            }
            GenericNetlinkController ctrl = f.getNow();
            Future<T> opened;
            try {
                opened = open.apply(ctrl);
            } catch (RuntimeException e) {
                ctrl.close();
                result.tryFailure(e);
                return;
            }
            opened.addListener((Future<T> o) -> {
                if (o.isSuccess()) {
                    result.trySuccess(o.getNow());
                } else {
                    ctrl.close();
                    result.tryFailure(o.cause());
                }
            });
        });
        return result;
    }

    /**
     * A controller on any channel that carries generic netlink datagrams, an {@code EmbeddedChannel} with a fake
     * kernel in a test for instance: adds the socket's handlers and the per-family notification router, then asks
     * nlctrl to describe itself (with a fake kernel, the future is complete on return).
     */
    public static Future<GenericNetlinkController> on(Channel channel, long timeoutMillis) {
        NetlinkSocket socket = NetlinkSocket.on(channel, timeoutMillis,
                new GenlNotificationRouter(NetlinkSocket.DEFAULT_RECEIVE_QUEUE_CAPACITY));
        Promise<GenericNetlinkController> result = channel.eventLoop().newPromise();
        describe(socket, result);
        return result;
    }

    /** Looks nlctrl up through a controller that knows only its fixed id, then makes the real controller. */
    private static void describe(NetlinkSocket socket, Promise<GenericNetlinkController> result) {
        GenericNetlinkController bootstrap = new GenericNetlinkController(socket, GenericNetlinkController.BOOTSTRAP);
        bootstrap.getFamilyById(GenlCtrl.GENL_ID_CTRL).addListener((Future<Family> f) -> {
            if (f.isSuccess()) {
                result.trySuccess(new GenericNetlinkController(socket, f.getNow()));
            } else {
                socket.closeAsync();
                result.tryFailure(f.cause());
            }
        });
    }
}
