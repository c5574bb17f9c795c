package dev.netlink.transport;

import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkDatagram;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.StringUtil;

import java.util.concurrent.TimeUnit;

/**
 * The write side of a {@link NetlinkChannel}: each outbound message is one {@code sendto}. A {@link ByteBuf} goes
 * to the connected peer (the kernel unless connected elsewhere); a {@link NetlinkDatagram} to its recipient.
 *
 * <p>{@code EAGAIN} on a netlink socket means the <em>receiving</em> socket's queue is full; the sender stays
 * writable for epoll, so {@code EPOLLOUT} would spin. Instead the flush is retried on a timer, 1 ms doubling to
 * 64 ms, until the peer drains; the messages stay in the outbound buffer and count against the water marks.
 * Any other error fails that one write (as Netty's datagram channels do) and the rest go on.
 *
 * <p>Confined to the channel's event loop.
 */
final class NetlinkWriter {
    private static final String EXPECTED_TYPES = " (expected: " + StringUtil.simpleClassName(ByteBuf.class) + ", "
            + StringUtil.simpleClassName(NetlinkDatagram.class) + ')';
    private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(64);

    private final Runnable flush;
    private final Runnable retry = this::retry;
    private boolean retryPending;
    private long retryDelayNanos;
    private EventLoop loop;

    /** @param flush forces a flush of the channel's outbound buffer (run on the event loop) */
    NetlinkWriter(Runnable flush) {
        this.flush = flush;
    }

    /**
     * Accepts a {@link ByteBuf} or {@link NetlinkDatagram}, copying content that {@code sendto} cannot take as one
     * native block (heap, or composite) into a direct buffer and releasing the original; refuses anything else.
     */
    static Object filter(Object msg, ByteBufAllocator alloc) {
        if (msg instanceof ByteBuf buf) {
            return needsCopy(buf) ? directCopy(buf, buf, alloc) : buf;
        }
        if (msg instanceof NetlinkDatagram d) {
            return needsCopy(d.content())
                    ? new NetlinkDatagram(directCopy(d, d.content(), alloc), d.recipient()) : d;
        }
        throw new UnsupportedOperationException("unsupported message type: " + StringUtil.simpleClassName(msg)
                + EXPECTED_TYPES);
    }

    private static boolean needsCopy(ByteBuf buf) {
        return !buf.hasMemoryAddress() && !(buf.isDirect() && buf.nioBufferCount() == 1);
    }

    private static ByteBuf directCopy(Object holder, ByteBuf buf, ByteBufAllocator alloc) {
        ByteBuf copy = alloc.directBuffer(Math.max(buf.readableBytes(), 1));
        try {
            copy.writeBytes(buf, buf.readerIndex(), buf.readableBytes());
            return copy;
        } catch (Throwable t) {
            copy.release();
            throw t;
        } finally {
            ReferenceCountUtil.safeRelease(holder);
        }
    }

    /** Whether a retry is scheduled; a flush before it would only meet the same full queue. */
    boolean retryPending() {
        return retryPending;
    }

    /** Forgets a scheduled retry (the channel left its event loop or closed). */
    void reset() {
        retryPending = false;
        retryDelayNanos = 0;
    }

    /**
     * Sends up to {@code budget} messages from {@code in} through {@code io}; {@code peer} is where a bare
     * {@link ByteBuf} goes. Schedules the continuation when the peer is full or the budget is spent. Returns how
     * many datagrams went to the kernel.
     */
    int write(ChannelOutboundBuffer in, NetlinkIo io, int fd, NetlinkAddress peer, int budget, EventLoop loop) {
        this.loop = loop;
        int toKernel = 0;
        while (budget > 0) {
            Object msg = in.current();
            if (msg == null) {
                break;
            }
            ByteBuf data;
            NetlinkAddress to;
            if (msg instanceof NetlinkDatagram d) {
                data = d.content();
                to = d.recipient() != null ? d.recipient() : NetlinkAddress.KERNEL;
            } else {
                data = (ByteBuf) msg;
                to = peer != null ? peer : NetlinkAddress.KERNEL;
            }
            long n = io.send(fd, data, to.portId(), to.groups());
            if (n == -Native.EAGAIN) {
                scheduleRetry();
                return toKernel;
            }
            retryDelayNanos = 0; // the peer is draining: the next wait starts short again
            budget--;
            if (n < 0) {
                in.remove(new NativeIoException("sendto", (int) -n, "to " + to));
            } else {
                in.remove();
                if (to.portId() == 0 && to.groups() == 0) {
                    toKernel++;
                }
            }
        }
        if (!in.isEmpty()) {
            retryPending = true; // budget spent: let the loop's other work run, then go on at once
            loop.execute(retry);
        }
        return toKernel;
    }

    private void scheduleRetry() {
        if (retryPending) {
            return;
        }
        retryDelayNanos = retryDelayNanos == 0 ? FIRST_RETRY_NANOS : Math.min(retryDelayNanos * 2, MAX_RETRY_NANOS);
        retryPending = true;
        loop.schedule(retry, retryDelayNanos, TimeUnit.NANOSECONDS);
    }

    private void retry() {
        if (retryPending) {
            retryPending = false;
            flush.run();
        }
    }
}
