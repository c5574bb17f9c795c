package dev.netlink.testkit;

import dev.netlink.codec.NetlinkDatagram;
import dev.netlink.codec.NetlinkOverrunEvent;
import io.netty.channel.ChannelHandlerContext;

import java.util.ArrayDeque;

/**
 * The fake socket's receive queue ({@code sk_receive_queue} against {@code sk_rcvbuf}), as {@link FakeKernel} models
 * it: while the reader is paused or behind, datagrams wait; one that does not fit is dropped, the socket becomes
 * congested ({@code NETLINK_S_CONGESTED}) and an {@code ENOBUFS} is due, and while it is congested every further
 * datagram is dropped without another report, until the queue is read empty. A dump's datagrams are never
 * dropped (the kernel pauses a dump instead). Each datagram carries whether it ends the running dump, so that the
 * fake kernel learns when the reader has read that end. Not thread-safe; on the channel's thread.
 */
final class ReceiveQueue {
    /** Told of each datagram as the reader reads it. */
    @FunctionalInterface
    interface Reader {
        void read(NetlinkDatagram datagram, boolean endsDump);
    }

    private final ArrayDeque<NetlinkDatagram> backlog = new ArrayDeque<>();
    /** For each datagram of {@link #backlog}: whether it ends the running dump. */
    private final ArrayDeque<Boolean> endsDump = new ArrayDeque<>();
    private final Reader reader;
    private ChannelHandlerContext ctx;
    private int capacity = Integer.MAX_VALUE;
    private boolean paused;
    private boolean congested;
    private boolean overrunPending;
    private boolean draining;
    private long dropped;

    ReceiveQueue(Reader reader) {
        this.reader = reader;
    }

    /** The pipeline end the queue fires its {@code ENOBUFS} and read-completes into. */
    void context(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    void capacity(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Hands {@code datagram} to the reader now, or queues it while the reader is paused or behind; drops it when it
     * is no dump's and does not fit. Returns false when it was dropped.
     */
    boolean offer(NetlinkDatagram datagram, boolean dump, boolean endsDump) {
        if (idle()) {
            reader.read(datagram, endsDump);
            return true;
        }
        if (!dump && (congested || backlog.size() >= capacity)) {
            drop(datagram);
            if (!congested) {
                congested = true;
                overrunPending = true;
            }
            return false;
        }
        add(datagram, endsDump);
        return true;
    }

    /**
     * Queues a small acknowledgement that still fits a queue a dump's part no longer does (the {@code ENOBUFS}
     * refusing a dump, as on Linux 6.18): dropped only while the socket is congested.
     */
    void offerSmall(NetlinkDatagram datagram) {
        if (congested) {
            drop(datagram);
        } else if (idle()) {
            reader.read(datagram, false);
        } else {
            add(datagram, false);
        }
    }

    /** Whether the queue is full, as {@code netlink_dump} sees it before it fills the next part. */
    boolean full() {
        return (paused || !backlog.isEmpty()) && (congested || backlog.size() >= capacity);
    }

    void pause() {
        paused = true;
    }

    /**
     * An {@code ENOBUFS} due with nothing dropped and no congestion (the {@code sk_err} of a dump that could not go
     * on): reported before the backlog, at once if the reader is reading.
     */
    void enobufsDue() {
        overrunPending = true;
        if (!paused) {
            drain();
        }
    }

    /** Lets the reader go on: the due {@code ENOBUFS} first, then the backlog, oldest first. */
    void resume() {
        paused = false;
        drain();
    }

    long dropped() {
        return dropped;
    }

    int queued() {
        return backlog.size();
    }

    /** Ends a read batch, if the reader is reading and nothing waits. */
    void readComplete() {
        if (!paused && backlog.isEmpty()) {
            ctx.fireChannelReadComplete();
        }
    }

    /** Releases what waits: the channel is going. */
    void clear() {
        backlog.forEach(NetlinkDatagram::release);
        backlog.clear();
        endsDump.clear();
    }

    private boolean idle() {
        return !paused && backlog.isEmpty() && !overrunPending;
    }

    private void add(NetlinkDatagram datagram, boolean ends) {
        backlog.add(datagram);
        endsDump.add(ends);
    }

    private void drop(NetlinkDatagram datagram) {
        datagram.release();
        dropped++;
    }

    /** Delivers what the queue holds, until it is empty or the reader is paused again. */
    private void drain() {
        if (draining) {
            return; // the pipeline answered from inside the drain: the loop below delivers that too
        }
        draining = true;
        try {
            while (!paused && (overrunPending || !backlog.isEmpty())) {
                if (overrunPending) {
                    overrunPending = false;
                    ctx.fireUserEventTriggered(NetlinkOverrunEvent.KERNEL);
                    continue;
                }
                reader.read(backlog.poll(), endsDump.poll());
                if (backlog.isEmpty()) {
                    congested = false;
                }
                ctx.fireChannelReadComplete();
            }
        } finally {
            draining = false;
        }
    }
}
