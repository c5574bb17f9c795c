package dev.netlink.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.EncoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.ObjectUtil;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@link NetlinkMessage}s as {@code struct nlmsghdr} plus payload plus zeroed padding.
 *
 * <p>Messages written between two flushes are packed into one datagram, up to {@link #maxDatagramSize()}
 * bytes: the kernel runs every message of a datagram in order, so a burst of pipelined requests costs one
 * {@code sendmsg} instead of one each. A message that does not fit starts the next datagram; a message larger
 * than the limit travels alone. With a limit of 0 every message is its own datagram. Anything that is not a
 * {@code NetlinkMessage} (a raw {@link ByteBuf} or a {@link NetlinkDatagram}) passes through untouched, after
 * the messages written before it.
 *
 * <p>Each message's promise completes when its datagram is written. The message is released once encoded;
 * a message that cannot be encoded (a type or flags beyond 16 bits) fails its promise with
 * {@link EncoderException}. Holds the pending datagram between writes (and the last one's buffer once the channel
 * sent and let it go, to pack the next into), so one instance per channel; confined to
 * the channel's event loop.
 */
public class NetlinkMessageEncoder extends ChannelOutboundHandlerAdapter {
    /** The default packing limit: the size the kernel uses for its own dump datagrams. */
    public static final int DEFAULT_MAX_DATAGRAM_SIZE = 32 * 1024;
    private static final int INITIAL_PACK_CAPACITY = 1024;

    private final int maxDatagramSize;
    private ByteBuf pending;
    /**
     * The last flushed datagram's buffer, once the channel let it go: the next datagram is packed into it, so a
     * request/reply conversation costs no allocation per flush (and no leak-detector sample).
     */
    private ByteBuf spare;
    private final List<ChannelPromise> pendingPromises = new ArrayList<>(4);

    /** An encoder packing up to {@link #DEFAULT_MAX_DATAGRAM_SIZE} bytes per datagram. */
    public NetlinkMessageEncoder() {
        this(DEFAULT_MAX_DATAGRAM_SIZE);
    }

    /** @param maxDatagramSize the packing limit in bytes; 0 sends each message alone */
    public NetlinkMessageEncoder(int maxDatagramSize) {
        this.maxDatagramSize = ObjectUtil.checkPositiveOrZero(maxDatagramSize, "maxDatagramSize");
    }

    /** The packing limit in bytes; 0 when packing is off. */
    public int maxDatagramSize() {
        return maxDatagramSize;
    }

    /**
     * Encodes one message into a new buffer of exactly its aligned length. The message is not released.
     *
     * @return a buffer the caller owns
     * @throws EncoderException if the type or flags do not fit 16 bits
     */
    public static ByteBuf encode(ByteBufAllocator alloc, NetlinkMessage message) {
        ByteBuf buf = alloc.directBuffer(NetlinkMessage.align(message.length()));
        try {
            encode(message, buf);
            return buf;
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    /**
     * Appends one message to {@code out}: header, payload (not consumed) and zeroed padding.
     *
     * @throws EncoderException if the type or flags do not fit 16 bits; nothing is written then
     */
    public static void encode(NetlinkMessage message, ByteBuf out) {
        checkHeader(message);
        int type = message.type();
        int flags = message.flags();
        ByteBuf payload = message.content();
        int length = message.length();
        int padding = NetlinkMessage.align(length) - length;
        out.ensureWritable(length + padding);
        HostOrder.writeI32(out, length);
        HostOrder.writeI16(out, type);
        HostOrder.writeI16(out, flags);
        HostOrder.writeI32(out, message.sequence());
        HostOrder.writeI32(out, message.portId());
        ShortCopy.writeBytes(out, payload, payload.readerIndex(), payload.readableBytes());
        out.writeZero(padding);
    }

    private static void checkHeader(NetlinkMessage message) {
        if ((message.type() & ~0xffff) != 0 || (message.flags() & ~0xffff) != 0) {
            throw new EncoderException("nlmsg_type 0x" + Integer.toHexString(message.type()) + " or nlmsg_flags 0x"
                    + Integer.toHexString(message.flags()) + " does not fit 16 bits: " + message);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof NetlinkMessage message)) {
            writePending(ctx);
            ctx.write(msg, promise);
            return;
        }
        try {
            checkHeader(message);
            int size = NetlinkMessage.align(message.length());
            if (maxDatagramSize == 0 || size > maxDatagramSize) {
                writePending(ctx);
                ctx.write(encode(ctx.alloc(), message), promise);
                return;
            }
            if (pending != null && pending.readableBytes() + size > maxDatagramSize) {
                writePending(ctx);
            }
            if (pending == null) {
                pending = datagramBuffer(ctx, size);
            }
            encode(message, pending);
            pendingPromises.add(promise);
        } catch (Throwable t) {
            promise.tryFailure(t instanceof EncoderException ? t : new EncoderException(t));
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        ByteBuf written = pending;
        if (written == null) {
            ctx.flush();
            return;
        }
        written.retain(); // ours, to take the buffer back if the channel is done with it after the flush
        writePending(ctx);
        ctx.flush();
        if (written.refCnt() == 1 && spare == null && ctx.channel().isOpen()) {
            spare = written; // sent and let go (a channel that writes at flush, as NetlinkChannel does)
        } else {
            written.release(); // still queued (a full peer, an EmbeddedChannel), or a spare is kept already
        }
    }

    /** The buffer for the next datagram: the spare, or a new one for {@code size} bytes and more. */
    private ByteBuf datagramBuffer(ChannelHandlerContext ctx, int size) {
        ByteBuf buf = spare;
        if (buf != null) {
            spare = null;
            return buf.clear();
        }
        int initial = Math.min(maxDatagramSize, Math.max(size, INITIAL_PACK_CAPACITY));
        return ctx.alloc().directBuffer(initial, maxDatagramSize);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        discardPending(new ClosedChannelException());
        ctx.close(promise);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // The buffers go with the channel, which may close without its handlers being removed; and an event loop
        // that terminates without closing it (NetlinkChannel then closes only its fd) runs neither: its
        // termination future's listeners still run, once nothing else can touch this handler.
        ctx.channel().closeFuture().addListener(f -> releaseSpare());
        LoopTermination.whenTerminatedFirst(ctx.channel(), ctx.executor(),
                () -> discardPending(new ClosedChannelException()));
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        writePending(ctx);
        releaseSpare();
    }

    private void releaseSpare() {
        if (spare != null) {
            spare.release();
            spare = null;
        }
    }

    private void writePending(ChannelHandlerContext ctx) {
        ByteBuf buf = pending;
        if (buf == null) {
            return;
        }
        pending = null;
        int n = pendingPromises.size();
        if (n == 1) {
            ChannelPromise only = pendingPromises.get(0);
            pendingPromises.clear();
            ctx.write(buf, only);
            return;
        }
        ChannelPromise[] promises = pendingPromises.toArray(new ChannelPromise[0]);
        pendingPromises.clear();
        ctx.write(buf).addListener((ChannelFutureListener) f -> complete(f, promises));
    }

    private static void complete(ChannelFuture f, ChannelPromise[] promises) {
        for (ChannelPromise p : promises) {
            if (f.isSuccess()) {
                p.trySuccess();
            } else {
                p.tryFailure(f.cause());
            }
        }
    }

    private void discardPending(Throwable cause) {
        releaseSpare();
        if (pending != null) {
            pending.release();
            pending = null;
        }
        for (ChannelPromise p : pendingPromises) {
            p.tryFailure(cause);
        }
        pendingPromises.clear();
    }
}
