package dev.netlink.watch;

import dev.netlink.client.NetlinkRequestHandler;
import dev.netlink.client.NetlinkSocket;
import dev.netlink.transport.NetlinkChannel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;

import java.nio.channels.ClosedChannelException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A mirror of one kind of kernel state in one network namespace, kept on a socket of its own: the groups joined,
 * then a dump, then every change, the listener told each on the socket's event loop. After an overrun or an
 * interrupted dump it dumps again and tells exactly the difference (see {@link WatchEngine}); after quiescence its
 * {@link #snapshot()} equals the kernel's state. It sends one dump at a time, and never while the kernel still runs
 * an earlier one that the request handler gave up on (one refused with {@code ENOBUFS} runs on). Many watches may
 * share one event loop group ({@link NetlinkSocket.Builder#group}): a watch costs a socket, not a thread.
 *
 * <p>Thread-safe: {@link #snapshot()}, {@link #view()} and the counters may be read from any thread.
 *
 * @param <K> the key type
 * @param <V> the object type
 */
public final class Watch<K, V> implements AutoCloseable {
    private final NetlinkSocket socket;
    private final WatchSource<K, V> source;
    private final WatchHandler<K, V> handler;
    private final DumpGate gate;
    private final WatchEngine<K, V> engine;

    private Watch(NetlinkSocket socket, WatchSource<K, V> source, WatchHandler<K, V> handler,
                  WatchListener<? super V> listener, Promise<Watch<K, V>> synced) {
        this.socket = socket;
        this.source = source;
        this.handler = handler;
        EventLoop loop = socket.channel().eventLoop();
        this.gate = new DumpGate(this::send, (task, nanos) -> loop.schedule(task, nanos, TimeUnit.NANOSECONDS));
        this.engine = new WatchEngine<>(source::key, source::group, source::same,
                new Told<>(listener, () -> synced.trySuccess(this), synced::tryFailure), gate::request);
    }

    /**
     * Opens a watch of {@code source}, telling {@code listener}; {@code configure} sets up its socket (namespace,
     * event loop group, {@code SO_RCVBUF}, ...). Completes once the first dump is merged, or fails (the socket
     * closed) when the socket cannot be opened or a group joined.
     */
    public static <K, V> Future<Watch<K, V>> open(WatchSource<K, V> source, WatchListener<? super V> listener,
                                                 Consumer<NetlinkSocket.Builder> configure) {
        Promise<Watch<K, V>> result = ImmediateEventExecutor.INSTANCE.newPromise();
        NetlinkSocket.Builder builder = NetlinkSocket.builder(source.protocol());
        try {
            configure.accept(builder);
        } catch (RuntimeException e) {
            return result.setFailure(e);
        }
        builder.connect().addListener((Future<NetlinkSocket> f) -> {
            if (f.isSuccess()) {
                on(f.getNow(), source, listener).addListener((Future<Watch<K, V>> w) -> {
                    if (w.isSuccess()) {
                        result.trySuccess(w.getNow());
                    } else {
                        f.getNow().close();
                        result.tryFailure(w.cause());
                    }
                });
            } else {
                result.tryFailure(f.cause());
            }
        });
        return result;
    }

    /**
     * A watch of {@code source} on {@code socket}, a socket of the source's protocol that it takes over: it reads
     * every notification right after the request handler, so none reaches the socket's own handlers or its
     * {@code receive()}, and closing the watch closes the socket. On a channel that is not a {@link NetlinkChannel}
     * (a fake kernel's), the groups count as joined. Completes once the first dump is merged.
     */
    public static <K, V> Future<Watch<K, V>> on(NetlinkSocket socket, WatchSource<K, V> source,
                                               WatchListener<? super V> listener) {
        Promise<Watch<K, V>> result = ImmediateEventExecutor.INSTANCE.newPromise();
        WatchHandler<K, V> handler = new WatchHandler<>(source);
        ChannelPipeline p = socket.channel().pipeline();
        ChannelHandlerContext requests = p.context(NetlinkRequestHandler.class);
        if (requests == null) {
            p.addBefore(p.lastContext().name(), null, handler);
        } else {
            // Right after the request handler, before the socket's own handlers (generic netlink's router of
            // notifications by family) and its notification queue.
            p.addAfter(requests.name(), null, handler);
        }
        EventLoop loop = socket.channel().eventLoop();
        if (loop.inEventLoop()) {
            start(socket, source, listener, handler, result);
        } else {
            loop.execute(() -> start(socket, source, listener, handler, result));
        }
        return result;
    }

    private static <K, V> void start(NetlinkSocket socket, WatchSource<K, V> source, WatchListener<? super V> listener,
                                     WatchHandler<K, V> handler, Promise<Watch<K, V>> result) {
        Watch<K, V> watch = new Watch<>(socket, source, handler, listener, result);
        // A dump the kernel could not go on with for want of room reports ENOBUFS from recvmsg, and that recvmsg does
        // not go on with it either: with nothing else to read, the dump would wait for the next notification. Any
        // answer read goes on with it, so a NOOP follows every overrun (its own failure, if any, is of no matter).
        handler.engine(watch.engine, socket.channel() instanceof NetlinkChannel ? socket::noop : () -> { });
        socket.channel().closeFuture().addListener(c -> result.tryFailure(new ClosedChannelException()));
        boolean kernel = socket.channel() instanceof NetlinkChannel;
        if (kernel && source.filter() != null) {
            ((NetlinkChannel) socket.channel()).attachFilter(source.filter()).addListener(f -> {
                if (!f.isSuccess() && result.tryFailure(f.cause())) {
                    socket.close();
                }
            });
        }
        int[] groups = kernel ? source.groups() : new int[0];
        if (groups.length == 0) {
            watch.engine.start();
        }
        int[] pending = {groups.length};
        for (int g : groups) {
            socket.addMembership(g).addListener(j -> {
                if (!j.isSuccess()) {
                    if (result.tryFailure(j.cause())) {
                        socket.close();
                    }
                } else if (--pending[0] == 0) {
                    watch.engine.start(); // every group joined first, so that no change after the dump is missed
                }
            });
        }
    }

    /** Sends the dump of {@code generation}, as the gate decided; its end opens the gate again. */
    private void send(int generation) {
        source.dump(socket, v -> engine.dumpPart(generation, v)).addListener(done -> {
            gate.ended();
            if (done.isSuccess()) {
                engine.dumpDone(generation);
            } else {
                engine.dumpFailed(generation, done.cause());
            }
        });
    }

    /** The user's listener, and the first sync (or a failure before it) completing the watch's future. */
    private record Told<V>(WatchListener<? super V> listener, Runnable onSynced, Consumer<Throwable> onFailed)
            implements WatchListener<V> {
        @Override
        public void added(V object) {
            listener.added(object);
        }

        @Override
        public void changed(V before, V after) {
            listener.changed(before, after);
        }

        @Override
        public void removed(V object) {
            listener.removed(object);
        }

        @Override
        public void synced() {
            listener.synced();
            onSynced.run();
        }

        @Override
        public void resynced(Resync resync) {
            listener.resynced(resync);
        }

        @Override
        public void failed(Throwable cause) {
            listener.failed(cause);
            onFailed.accept(cause);
        }
    }

    /** A copy of what the listener has been told, by key. */
    public Map<K, V> snapshot() {
        return Map.copyOf(engine.view());
    }

    /** What the listener has been told, by key: a live, unmodifiable view. */
    public Map<K, V> view() {
        return engine.view();
    }

    /** Losses reported to this watch ({@code ENOBUFS}, full queues). */
    public long overruns() {
        return engine.overruns();
    }

    /** Resynchronisations completed. */
    public long resyncs() {
        return engine.resyncs();
    }

    /** The notifications the socket read for this watch (what a socket filter left), ignored ones included. */
    public long notifications() {
        return handler.notifications();
    }

    /** Dumps asked for, the first included. */
    public long dumps() {
        return engine.dumps();
    }

    /** Dumps thrown away because the kernel flagged them {@code NLM_F_DUMP_INTR}, each sent again after a back-off. */
    public long interruptedDumps() {
        return engine.interruptedDumps();
    }

    /**
     * Dumps that waited out their request timeout, their answer lost without an overrun report: 0 unless the watch
     * was stuck (each one a stall as long as the socket's request timeout).
     */
    public long timedOutDumps() {
        return engine.timedOutDumps();
    }

    /** The back-off waited before dumps sent again, in all, in milliseconds. */
    public long backoffMillis() {
        return TimeUnit.NANOSECONDS.toMillis(engine.backoffNanos());
    }

    /** The socket underneath. */
    public NetlinkSocket socket() {
        return socket;
    }

    /** Closes the socket; the listener hears nothing more. */
    @Override
    public void close() {
        socket.close();
    }

    /**
     * The state of the engine, the dump gate and the request handler, read on the event loop: what a person needs
     * to see why a watch has not caught up.
     */
    public Future<String> describe() {
        return socket.channel().eventLoop().submit(() -> engine + ", " + gate + ", "
                + socket.channel().pipeline().get(NetlinkRequestHandler.class));
    }

    @Override
    public String toString() {
        return "Watch(" + socket + ", " + engine.view().size() + " objects, " + resyncs() + " resyncs)";
    }
}
