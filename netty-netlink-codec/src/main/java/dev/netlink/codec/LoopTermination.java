package dev.netlink.codec;

import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;

/**
 * A clean-up for when a channel's event loop terminates while the channel is still open — an event loop may
 * terminate without closing its channels (seen with Netty 4.2's {@code shutdownGracefully(0, ...)}), and then no
 * close future, {@code channelInactive} or {@code handlerRemoved} runs — that is forgotten once the channel closes,
 * so that a long-lived event loop does not keep every channel it ever served reachable through its termination
 * future's listeners. For handlers and channels that hold buffers or descriptors between events. Thread-safe.
 */
public final class LoopTermination {
    private LoopTermination() {
    }

    /**
     * Runs {@code task} once, on the terminating thread, if {@code executor} terminates before {@code channel}
     * closes; nothing else can touch the channel's state then. Nothing is registered for an executor that never
     * terminates (an {@code EmbeddedChannel}'s).
     *
     * @return forgets the task before the channel closes (the channel moves to another event loop)
     */
    public static Runnable whenTerminatedFirst(Channel channel, EventExecutor executor, Runnable task) {
        Future<?> termination;
        try {
            termination = executor.terminationFuture();
        } catch (UnsupportedOperationException neverTerminates) {
            return () -> { };
        }
        @SuppressWarnings("unchecked")
        Future<Object> future = (Future<Object>) termination;
        GenericFutureListener<Future<Object>> listener = f -> task.run();
        future.addListener(listener);
        Runnable forget = () -> future.removeListener(listener);
        channel.closeFuture().addListener(f -> forget.run());
        return forget;
    }
}
