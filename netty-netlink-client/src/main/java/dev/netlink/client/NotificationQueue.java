package dev.netlink.client;

import dev.netlink.client.NetlinkOverrunException;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import io.netty.util.concurrent.Promise;
import io.netty.util.internal.ObjectUtil;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;

/**
 * A bounded queue of notifications (multicast messages and anything else that answers no request) waiting for
 * a {@code receive()} call, the way a plain netlink socket's receive buffer holds them for {@code recv()}.
 *
 * <p>When it is full, the channel stops reading ({@code autoRead} off) instead of dropping: the kernel's socket
 * buffer fills up and the kernel reports the loss with {@code ENOBUFS}, as for any slow reader. Reading resumes
 * when the queue is half empty. After an overrun the next {@code receive()} fails with
 * {@link NetlinkOverrunException}, so the caller learns that it must resynchronise. Used by the handlers at the
 * end of a socket's pipeline; confined to the channel's event loop.
 *
 * @param <T> the message type
 */
public final class NotificationQueue<T extends ReferenceCounted> {
    private final Channel channel;
    private final int capacity;
    private final ArrayDeque<T> messages = new ArrayDeque<>();
    private final ArrayDeque<Promise<T>> waiters = new ArrayDeque<>();
    private boolean overrun;
    private boolean closed;

    /**
     * @param channel  the channel whose reading is paused when the queue is full
     * @param capacity the most messages held before reading pauses
     */
    public NotificationQueue(Channel channel, int capacity) {
        this.channel = ObjectUtil.checkNotNull(channel, "channel");
        this.capacity = ObjectUtil.checkPositive(capacity, "capacity");
    }

    /** Completes {@code promise} with the next message, now or when one arrives. */
    public void receive(Promise<T> promise) {
        if (overrun) {
            overrun = false;
            promise.tryFailure(overrunException());
            return;
        }
        T m = messages.poll();
        if (m != null) {
            if (!promise.trySuccess(m)) {
                ReferenceCountUtil.release(m);
            }
            if (messages.size() <= capacity / 2 && !channel.config().isAutoRead()) {
                channel.config().setAutoRead(true);
            }
            return;
        }
        if (closed) {
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        waiters.add(promise);
    }

    /** Hands {@code message} to a waiting receiver, or queues it; ownership passes to the queue. */
    public void offer(T message) {
        for (Promise<T> w; (w = waiters.poll()) != null; ) {
            if (w.trySuccess(message)) {
                return;
            }
        }
        messages.add(message);
        if (messages.size() >= capacity && channel.config().isAutoRead()) {
            channel.config().setAutoRead(false);
        }
    }

    /** Notes a kernel overrun: the next (or a waiting) receive fails with {@link NetlinkOverrunException}. */
    public void overrun() {
        Promise<T> w = waiters.poll();
        if (w != null) {
            w.tryFailure(overrunException());
        } else {
            overrun = true;
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

    private static NetlinkOverrunException overrunException() {
        return new NetlinkOverrunException("ENOBUFS (No buffer space available): the receive queue overflowed "
                + "and notifications were lost; resynchronise (dump the state again)");
    }
}
