package dev.netlink.transport;

import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkDatagram;
import dev.netlink.codec.NetlinkOverrunEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;

import java.io.IOException;

/**
 * The read loop of a {@link NetlinkChannel}, run on {@code EPOLLIN}: up to {@code maxMessagesPerRead} datagrams,
 * each {@code recvmsg}'d into a pooled direct buffer of {@code RECEIVE_BUFFER_SIZE} bytes (bigger ones whole, see
 * {@link NetlinkIo}) and fired as a {@link NetlinkDatagram}; then {@code channelReadComplete}, then the exception
 * that stopped the loop, if any. {@code ENOBUFS} fires {@link NetlinkOverrunEvent#KERNEL} and the loop goes
 * on; a datagram too big even for the overflow area fires a {@link DatagramTruncatedException}; without
 * {@code USER_SPACE_PEERS}, a datagram from any port id but the connected peer's (the kernel's, 0) is dropped:
 * a multicast forged by another process.
 *
 * <p>With {@code RECEIVE_BATCH} above 1 each system call is a {@code recvmmsg} of that many datagrams (see
 * {@link ReceiveSlots}), each into its own buffer, kept for the next call where the pipeline let it go.
 *
 * <p>Confined to the channel's event loop.
 */
final class NetlinkReader {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(NetlinkReader.class);

    private final NetlinkChannel channel;
    private volatile long foreignDropped;
    private volatile long overruns;
    /** A receive buffer nothing else references any more, kept for the next datagram. */
    private ByteBuf spare;
    /** With {@code RECEIVE_BATCH} above 1: the buffer of each {@code recvmmsg} slot, or null where none is kept. */
    private ByteBuf[] slotBuffers = new ByteBuf[0];
    /** A read loop runs, its {@code channelReadComplete} included: what the pipeline sends now answers answers. */
    private boolean reading;

    NetlinkReader(NetlinkChannel channel) {
        this.channel = channel;
    }

    /**
     * Runs the read loop; returns whether it ended on an empty queue ({@code EAGAIN}), not on its budget, a close
     * or an exception.
     */
    boolean read(NetlinkIo io, int fd, RecvByteBufAllocator.ExtendedHandle handle) {
        NetlinkChannelConfig config = channel.config();
        ChannelPipeline pipeline = channel.pipeline();
        handle.reset(config);
        Throwable exception = null;
        boolean drained = false;
        reading = true;
        try {
            try {
                if (config.getReceiveBatch() > 1) {
                    drained = readBatches(io.slots(config.getReceiveBatch()), fd, handle, config);
                } else {
                    drained = readOneByOne(io, fd, handle, config);
                }
            } catch (Throwable t) {
                exception = t;
            }
            handle.readComplete();
            pipeline.fireChannelReadComplete();
        } finally {
            reading = false;
        }
        if (exception != null) {
            pipeline.fireExceptionCaught(exception);
        }
        return drained;
    }

    /** Whether a read loop runs: the handlers of its datagrams, or of its {@code channelReadComplete}, are at work. */
    boolean reading() {
        return reading;
    }

    /** The loop with {@code recvmsg}: one datagram per system call. Returns whether it met an empty queue. */
    private boolean readOneByOne(NetlinkIo io, int fd, RecvByteBufAllocator.ExtendedHandle handle,
                              NetlinkChannelConfig config) throws IOException {
        ByteBufAllocator alloc = config.getAllocator();
        do {
            if (!channel.isOpen()) {
                break; // closed by a handler during this loop
            }
            ByteBuf buf = receiveBuffer(alloc, config.getReceiveBufferSize());
            long n;
            try {
                handle.attemptedBytesRead(buf.writableBytes());
                n = io.receive(fd, buf, config.isPktinfo());
            } catch (Throwable t) {
                buf.release();
                throw t;
            }
            if (n < 0) {
                recycle(buf); // nothing was read into it: keep it for the next read
                if (drained("recvmsg", n, handle)) {
                    return true;
                }
                continue;
            }
            if (n > buf.writableBytes()) {
                try {
                    buf = io.whole(buf, n, alloc); // releases the partial buffer in every case
                } catch (DatagramTruncatedException e) {
                    channel.pipeline().fireExceptionCaught(e);
                    continue;
                }
            } else {
                buf.writerIndex(buf.writerIndex() + (int) n);
            }
            ByteBuf kept = deliver(buf, n, io.senderPortId, io.senderGroups, io.pktinfoGroup, handle);
            if (kept != null) {
                recycle(kept);
            }
        } while (handle.continueReading(UncheckedBooleanSupplier.TRUE_SUPPLIER));
        return false;
    }

    /**
     * The loop with {@code recvmmsg}: up to {@code slots.count()} datagrams per system call, each into its own
     * buffer; the buffers the pipeline let go are read into again. Returns whether it met an empty queue.
     */
    private boolean readBatches(ReceiveSlots slots, int fd, RecvByteBufAllocator.ExtendedHandle handle,
                             NetlinkChannelConfig config) throws IOException {
        ByteBufAllocator alloc = config.getAllocator();
        int size = config.getReceiveBufferSize();
        if (slotBuffers.length != slots.count()) {
            releaseSlotBuffers();
            slotBuffers = new ByteBuf[slots.count()];
        }
        ByteBuf[] dst = slotBuffers;
        do {
            if (!channel.isOpen()) {
                break;
            }
            for (int k = 0; k < dst.length; k++) {
                if (dst[k] != null && dst[k].capacity() != size) {
                    dst[k].release(); // RECEIVE_BUFFER_SIZE changed
                    dst[k] = null;
                }
                if (dst[k] == null) {
                    dst[k] = receiveBuffer(alloc, size); // the one kept since bind first
                }
            }
            handle.attemptedBytesRead(size);
            int n = slots.receive(fd, dst, config.isPktinfo());
            if (n < 0) {
                if (drained("recvmmsg", n, handle)) {
                    return true;
                }
                continue;
            }
            for (int k = 0; k < n; k++) {
                ByteBuf buf = dst[k];
                dst[k] = null;
                long len = slots.length(k);
                if (len > buf.writableBytes()) {
                    try {
                        buf = NetlinkIo.whole(buf, len, slots.overflow(k), alloc); // releases the partial buffer
                    } catch (DatagramTruncatedException e) {
                        channel.pipeline().fireExceptionCaught(e);
                        continue;
                    }
                } else {
                    buf.writerIndex(buf.writerIndex() + (int) len);
                }
                ByteBuf kept = deliver(buf, len, slots.senderPortId(k), slots.senderGroups(k),
                        slots.pktinfoGroup(k), handle);
                if (kept != null && kept.refCnt() == 1) {
                    dst[k] = kept.clear(); // read into again: the pipeline is done with it
                } else if (kept != null) {
                    kept.release();
                }
            }
        } while (handle.continueReading(UncheckedBooleanSupplier.TRUE_SUPPLIER));
        return false;
    }

    /**
     * What a receive call's {@code -errno} means: {@code EAGAIN}, nothing more to read (true); {@code ENOBUFS}, an
     * overrun, told to the pipeline, and reading goes on (false); anything else is thrown.
     */
    private boolean drained(String call, long n, RecvByteBufAllocator.ExtendedHandle handle) throws NativeIoException {
        if (n == -Native.EAGAIN) {
            handle.lastBytesRead(-1);
            return true;
        }
        if (n == -Native.ENOBUFS) {
            overrun();
            return false;
        }
        throw new NativeIoException(call, (int) -n);
    }

    /**
     * Fires a received datagram of {@code n} bytes (or drops one from a foreign sender); returns the buffer with
     * this reader's own reference still on it, to recycle, or {@code null} when nothing of it is ours any more.
     */
    private ByteBuf deliver(ByteBuf buf, long n, int senderPortId, int senderGroups, int pktinfoGroup,
                            RecvByteBufAllocator.ExtendedHandle handle) {
        handle.lastBytesRead((int) Math.min(n, Integer.MAX_VALUE));
        handle.incMessagesRead(1);
        if (!channel.config().isUserSpacePeers() && senderPortId != peerPortId()) {
            buf.release();
            dropped(senderPortId);
            return null;
        }
        NetlinkAddress sender = senderGroups == 0 ? NetlinkAddress.ofPort(senderPortId)
                : new NetlinkAddress(senderPortId, senderGroups);
        channel.readPending = false;
        buf.retain(); // ours, to take the buffer back if the pipeline is done with it
        try {
            channel.pipeline().fireChannelRead(new NetlinkDatagram(buf, channel.localAddress(), sender,
                    pktinfoGroup));
        } catch (Throwable t) {
            buf.release();
            throw t;
        }
        return buf;
    }

    private void releaseSlotBuffers() {
        for (int k = 0; k < slotBuffers.length; k++) {
            if (slotBuffers[k] != null) {
                slotBuffers[k].release();
                slotBuffers[k] = null;
            }
        }
    }

    /**
     * The buffer for the next {@code recvmsg}: the last datagram's, when the pipeline released every reference to
     * it (its messages were consumed while it was read, as replies and streamed dumps are), else a new one. A
     * request/reply conversation so reads into the same memory, warm in the cache, without the allocator.
     */
    private ByteBuf receiveBuffer(ByteBufAllocator alloc, int size) {
        ByteBuf buf = spare;
        if (buf != null) {
            spare = null;
            if (buf.capacity() == size) {
                return buf.clear();
            }
            buf.release(); // RECEIVE_BUFFER_SIZE changed
        }
        return alloc.directBuffer(size);
    }

    /**
     * Keeps {@code buf} for the next read if ours is the only reference left, else drops ours. The spare slot is
     * empty here: {@link #receiveBuffer} took it for this very read.
     */
    private void recycle(ByteBuf buf) {
        if (buf.refCnt() == 1) {
            spare = buf;
        } else {
            buf.release();
        }
    }

    /** Takes the buffer for the first read now, when the channel becomes active, unless one is kept. */
    void prepareBuffer(ByteBufAllocator alloc, int size) {
        if (spare == null) {
            spare = alloc.directBuffer(size);
        }
    }

    /** Releases the kept buffers: the channel is leaving its event loop or closing. */
    void releaseBuffer() {
        ByteBuf buf = spare;
        if (buf != null) {
            spare = null;
            buf.release();
        }
        releaseSlotBuffers();
    }

    /** Datagrams dropped because a socket other than the peer sent them. */
    long foreignDropped() {
        return foreignDropped;
    }

    /** Times the kernel reported {@code ENOBUFS}. */
    long overruns() {
        return overruns;
    }

    /** Counts a kernel overrun and tells the pipeline. */
    void overrun() {
        overruns++;
        channel.pipeline().fireUserEventTriggered(NetlinkOverrunEvent.KERNEL);
    }

    /** The only sender a channel without user-space peers accepts: the connected peer, by default the kernel. */
    private int peerPortId() {
        NetlinkAddress peer = channel.remoteAddress();
        return peer == null ? 0 : peer.portId();
    }

    private void dropped(int portId) {
        if (foreignDropped++ == 0 || logger.isDebugEnabled()) {
            logger.warn("{} dropped a datagram from port id {}: only the kernel may send to it (USER_SPACE_PEERS is "
                    + "off); {} so far", channel, Integer.toUnsignedString(portId), foreignDropped);
        }
    }
}
