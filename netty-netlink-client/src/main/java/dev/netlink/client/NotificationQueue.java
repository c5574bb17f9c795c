package dev.netlink.client;

import dev.netlink.codec.NetlinkOverrunEvent;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import io.netty.util.concurrent.Promise;
import io.netty.util.internal.ObjectUtil;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * A bounded queue of notifications (multicast messages and anything else that answers no request) waiting for
 * a {@code receive()} call, the way a netlink socket's receive queue holds them for {@code recv()}, or pushed to
 * a listener instead ({@link #listen}).
 *
 * <p>When it is full it behaves as the kernel does with a full receive queue: the newest notifications are
 * dropped and counted (in the channel's {@link #DROPPED} counter, which {@link NetlinkSocket#stats()} reports),
 * the first drop fires {@link NetlinkOverrunEvent#notificationQueueFull} through the pipeline, and the next
 * {@code receive()} fails once with {@link NetlinkOverrunException} saying so, after which the caller must
 * resynchronise. Reading never stops for it, so a reader that falls behind never holds up the replies to
 * requests. After a kernel overrun ({@code ENOBUFS}) the next {@code receive()} fails the same way. Used by the
 * handlers at the end of a socket's pipeline; confined to the channel's event loop.
 *
 * @param <T> the message type
 */
public final class NotificationQueue<T extends ReferenceCounted> {
    /** Notifications dropped on this channel because a queue was full; summed over its queues. */
    public static final AttributeKey<LongAdder> DROPPED = AttributeKey.valueOf(NotificationQueue.class, "DROPPED");

    private final Channel channel;
    private final String name;
    private final int capacity;
    private final LongAdder dropped;
    private final ArrayDeque<T> messages = new ArrayDeque<>();
    private final ArrayDeque<Promise<T>> waiters = new ArrayDeque<>();
    private Consumer<? super T> listener;
    private NetlinkOverrunEvent overrun;
    private boolean closed;

    /**
     * @param channel  the channel whose pipeline hears of drops and whose {@link #DROPPED} counter counts them
     * @param name     what the queue serves, for messages, e.g. {@code "receive()"}
     * @param capacity the most messages held; more are dropped
     */
    public NotificationQueue(Channel channel, String name, int capacity) {
        this.channel = ObjectUtil.checkNotNull(channel, "channel");
        this.name = ObjectUtil.checkNotNull(name, "name");
        this.capacity = ObjectUtil.checkPositive(capacity, "capacity");
        this.dropped = droppedCounter(channel);
    }

    /** The channel's counter of dropped notifications, made on first use. */
    static LongAdder droppedCounter(Channel channel) {
        LongAdder counter = channel.attr(DROPPED).get();
        if (counter == null) {
            LongAdder made = new LongAdder();
            counter = channel.attr(DROPPED).setIfAbsent(made);
            counter = counter == null ? made : counter;
        }
        return counter;
    }

    /** Completes {@code promise} with the next message, now or when one arrives. */
    public void receive(Promise<T> promise) {
        if (overrun != null) {
            NetlinkOverrunEvent lost = overrun;
            overrun = null;
            promise.tryFailure(new NetlinkOverrunException(lost));
            return;
        }
        T m = messages.poll();
        if (m != null) {
            if (!promise.trySuccess(m)) {
                ReferenceCountUtil.release(m);
            }
            return;
        }
        if (closed) {
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        waiters.add(promise);
    }

    /**
     * Pushes every message to {@code listener} from now on instead of queueing it, the queued ones first; each is
     * released when the listener returns, and what it throws is fired down the channel's pipeline. {@code null}
     * queues them again.
     */
    public void listen(Consumer<? super T> listener) {
        this.listener = listener;
        if (listener != null) {
            for (T m; (m = messages.poll()) != null; ) {
                deliver(m);
            }
        }
    }

    private void deliver(T message) {
        try {
            listener.accept(message);
        } catch (Throwable t) {
            channel.pipeline().fireExceptionCaught(t);
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    /**
     * Hands {@code message} to the listener, or to a waiting receiver, or queues it, or drops it when the queue is
     * full; ownership passes to the queue.
     */
    public void offer(T message) {
        if (listener != null) {
            deliver(message);
            return;
        }
        for (Promise<T> w; (w = waiters.poll()) != null; ) {
            if (w.trySuccess(message)) {
                return;
            }
        }
        if (messages.size() < capacity) {
            messages.add(message);
            return;
        }
        ReferenceCountUtil.release(message);
        dropped.increment();
        if (overrun == null) {
            NetlinkOverrunEvent event = NetlinkOverrunEvent.notificationQueueFull(name, capacity);
            overrun = event;
            channel.pipeline().fireUserEventTriggered(event);
        }
    }

    /** Notes that notifications were lost: the next (or a waiting) receive fails so. */
    public void overrun(NetlinkOverrunEvent event) {
        Promise<T> w = waiters.poll();
        if (w != null) {
            w.tryFailure(new NetlinkOverrunException(event));
        } else if (overrun == null || event.repliesLost()) {
            overrun = event;
        }
    }

    /** Fails every waiting receive with {@link ClosedChannelException}; queued messages stay receivable. */
    public void close() {
        closed = true;
        for (Promise<T> w; (w = waiters.poll()) != null; ) {
            w.tryFailure(new ClosedChannelException());
        }
    }

    /** Releases every queued message. */
    public void releaseAll() {
        for (T m; (m = messages.poll()) != null; ) {
            ReferenceCountUtil.release(m);
        }
    }

    /** The number of queued messages. */
    public int size() {
        return messages.size();
    }
}
