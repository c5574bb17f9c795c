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

/**
 * The read loop of a {@link NetlinkChannel}, run on {@code EPOLLIN}: up to {@code maxMessagesPerRead} datagrams,
 * each {@code recvmsg}'d into a pooled direct buffer of {@code RECEIVE_BUFFER_SIZE} bytes (bigger ones whole, see
 * {@link NetlinkIo}) and fired as a {@link NetlinkDatagram}; then {@code channelReadComplete}, then the exception
 * that stopped the loop, if any. {@code ENOBUFS} fires {@link NetlinkOverrunEvent#KERNEL} and the loop goes
 * on; a datagram too big even for the overflow area fires a {@link DatagramTruncatedException}; without
 * {@code USER_SPACE_PEERS}, a datagram from any port id but the connected peer's (the kernel's, 0) is dropped:
 * a multicast forged by another process.
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

    NetlinkReader(NetlinkChannel channel) {
        this.channel = channel;
    }

    void read(NetlinkIo io, int fd, RecvByteBufAllocator.ExtendedHandle handle) {
        NetlinkChannelConfig config = channel.config();
        ChannelPipeline pipeline = channel.pipeline();
        ByteBufAllocator alloc = config.getAllocator();
        handle.reset(config);
        Throwable exception = null;
        try {
            do {
                if (!channel.isOpen()) {
                    break; // closed by a handler during this loop
                }
                ByteBuf buf = receiveBuffer(alloc, config.getReceiveBufferSize());
                long n;
                try {
                    handle.attemptedBytesRead(buf.writableBytes());
                    n = io.receive(fd, buf);
                } catch (Throwable t) {
                    buf.release();
                    throw t;
                }
                if (n < 0) {
                    recycle(buf); // nothing was read into it: keep it for the next read
                    if (n == -Native.EAGAIN) {
                        handle.lastBytesRead(-1);
                        break;
                    }
                    if (n == -Native.ENOBUFS) {
                        overrun();
                        continue;
                    }
                    throw new NativeIoException("recvmsg", (int) -n);
                }
                if (n > buf.writableBytes()) {
                    try {
                        buf = io.whole(buf, n, alloc); // releases the partial buffer in every case
                    } catch (DatagramTruncatedException e) {
                        pipeline.fireExceptionCaught(e);
                        continue;
                    }
                } else {
                    buf.writerIndex(buf.writerIndex() + (int) n);
                }
                handle.lastBytesRead((int) Math.min(n, Integer.MAX_VALUE));
                handle.incMessagesRead(1);
                if (!config.isUserSpacePeers() && io.senderPortId != peerPortId()) {
                    buf.release();
                    dropped(io.senderPortId);
                    continue;
                }
                NetlinkAddress sender = io.senderGroups == 0 ? NetlinkAddress.ofPort(io.senderPortId)
                        : new NetlinkAddress(io.senderPortId, io.senderGroups);
                channel.readPending = false;
                buf.retain(); // ours, to take the buffer back if the pipeline is done with it
                try {
                    pipeline.fireChannelRead(new NetlinkDatagram(buf, channel.localAddress(), sender,
                            io.pktinfoGroup));
                } finally {
                    recycle(buf);
                }
            } while (handle.continueReading(UncheckedBooleanSupplier.TRUE_SUPPLIER));
        } catch (Throwable t) {
            exception = t;
        }
        handle.readComplete();
        pipeline.fireChannelReadComplete();
        if (exception != null) {
            pipeline.fireExceptionCaught(exception);
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

    /** Releases the kept buffer: the channel is leaving its event loop or closing. */
    void releaseBuffer() {
        ByteBuf buf = spare;
        if (buf != null) {
            spare = null;
            buf.release();
        }
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
