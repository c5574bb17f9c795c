package dev.netlink.testkit;

import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkDatagram;
import dev.netlink.codec.NetlinkErrorMessage;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageDecoder;
import dev.netlink.codec.NetlinkMessageEncoder;
import dev.netlink.codec.NetlinkMessageType;
import dev.netlink.codec.NetlinkOverrunEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.ObjectUtil;

import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A fake kernel at the socket end of a pipeline: it takes the datagrams a netlink pipeline writes, hands each
 * request to a {@link Responder}, and answers the way the kernel does — replies with the request's sequence
 * number and the socket's port id, multipart dumps ending in {@code NLMSG_DONE}, acknowledgements when
 * {@code NLM_F_ACK} asks, errors with extended-ack TLVs — spread over datagrams of at most
 * {@link #datagramSize(int) datagramSize} bytes, as the kernel sizes its own, so that code which only works when
 * everything arrives in one read is caught. It can also multicast notifications and report an overrun.
 *
 * <p>Make a channel with {@link #newChannel}, then put a {@code NetlinkSocket} or your own handlers on it.
 * Replies arrive when the channel is flushed, before {@code writeAndFlush} returns, so futures are complete by
 * then. Every request is also kept (a copy) for assertions: see {@link #requests()}. {@link #pause()},
 * {@link #receiveQueue(int)} and {@link #resume()} model a reader that falls behind: the kernel's receive queue
 * fills, overflows ({@code ENOBUFS} before the backlog, then silent drops while congested), and the backlog
 * interleaves with what a resync sends. Dumps run one at a time, as the kernel's do: a second dump while one runs
 * is answered {@code EBUSY}, and one asked for while the receive queue is full is answered {@code ENOBUFS} and
 * runs all the same, its parts and {@code NLMSG_DONE} after the backlog. Not thread-safe; it runs
 * on the {@code EmbeddedChannel}'s thread.
 */
public final class FakeKernel extends ChannelOutboundHandlerAdapter {
    /** The size the kernel gives dump datagrams (32 KiB less its overhead). */
    public static final int KERNEL_DATAGRAM_SIZE = 32448;
    /** The port id of the fake socket. */
    public static final int PORT_ID = 4242;

    /** Answers one request; the kernel's closing ACK or DONE is added unless the reply ends in an error. */
    @FunctionalInterface
    public interface Responder {
        /** Fills {@code reply}; throwing answers the request with {@code EINVAL} and the exception's message. */
        void respond(NetlinkMessage request, KernelReply reply) throws Exception;
    }

    private final Responder responder;
    private int datagramSize = KERNEL_DATAGRAM_SIZE;
    private boolean capAck;
    private final ArrayDeque<NetlinkMessage> pending = new ArrayDeque<>();
    /** The socket's receive queue, between the kernel and the reader. */
    private final ReceiveQueue queue = new ReceiveQueue(this::read);
    /** Whether a dump runs ({@code cb_running}): from its request until its end is read. */
    private boolean dumpRunning;
    /** The running dump's sequence number. */
    private int dumpSequence;
    private final List<NetlinkMessage> requests = new ArrayList<>();
    private ChannelHandlerContext ctx;

    /** A fake kernel answering with {@code responder}. */
    public FakeKernel(Responder responder) {
        this.responder = ObjectUtil.checkNotNull(responder, "responder");
    }

    /**
     * An {@code EmbeddedChannel} bound to port {@value #PORT_ID} with a fake kernel answering with
     * {@code responder} at its socket end, followed by {@code handlers}.
     */
    public static EmbeddedChannel newChannel(Responder responder, ChannelHandler... handlers) {
        return newChannel(new FakeKernel(responder), handlers);
    }

    /** An {@code EmbeddedChannel} with {@code kernel} at its socket end, followed by {@code handlers}. */
    public static EmbeddedChannel newChannel(FakeKernel kernel, ChannelHandler... handlers) {
        EmbeddedChannel ch = new EmbeddedChannel() {
            @Override
            protected SocketAddress localAddress0() {
                return NetlinkAddress.ofPort(PORT_ID);
            }

            @Override
            protected SocketAddress remoteAddress0() {
                return NetlinkAddress.KERNEL;
            }
        };
        ch.pipeline().addLast(kernel);
        ch.pipeline().addLast(handlers);
        return ch;
    }

    /**
     * The most bytes per reply datagram; messages are packed up to it, and one larger than it travels alone.
     * 0 or less sends every message alone.
     */
    public FakeKernel datagramSize(int size) {
        this.datagramSize = size;
        return this;
    }

    /** Behave as a socket with {@code NETLINK_CAP_ACK}: errors echo only the request's header. */
    public FakeKernel capAck(boolean capAck) {
        this.capAck = capAck;
        return this;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        queue.context(ctx);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ByteBuf datagram = msg instanceof NetlinkDatagram d ? d.content() : msg instanceof ByteBuf b ? b : null;
        if (datagram == null) {
            ReferenceCountUtil.release(msg);
            promise.tryFailure(new IllegalArgumentException("the fake kernel takes ByteBuf or NetlinkDatagram, not "
                    + msg.getClass().getName()));
            return;
        }
        List<Object> decoded = new ArrayList<>();
        try {
            NetlinkMessageDecoder.decode(datagram, NetlinkAddress.ofPort(PORT_ID), 0, decoded);
            for (Object o : decoded) {
                NetlinkMessage request = (NetlinkMessage) o;
                requests.add(request.copy());
                answer(request);
            }
            promise.trySuccess();
        } catch (RuntimeException e) {
            promise.tryFailure(e);
        } finally {
            decoded.forEach(ReferenceCountUtil::release);
            ReferenceCountUtil.release(msg);
        }
    }

    private void answer(NetlinkMessage request) {
        if ((request.flags() & NetlinkFlags.NLM_F_DUMP) == NetlinkFlags.NLM_F_DUMP) {
            if (dumpRunning) { // netlink_dump_start: one dump at a time per socket
                pending.addAll(new KernelReply(request, PORT_ID, capAck).error(Errno.EBUSY).finish());
                return;
            }
            dumpRunning = true;
            dumpSequence = request.sequence();
            if (queue.full()) {
                // netlink_dump finds the receive queue full: the request is answered ENOBUFS, and yet the dump
                // runs on (cb_running stays set), its parts and NLMSG_DONE following as the queue is read
                deliver(); // what was answered before goes first
                refuse(new KernelReply(request, PORT_ID, capAck).error(Errno.ENOBUFS).finish());
            }
        }
        KernelReply reply = new KernelReply(request, PORT_ID, capAck);
        try {
            responder.respond(request, reply);
        } catch (Exception e) {
            reply.finish().forEach(NetlinkMessage::release);
            reply = new KernelReply(request, PORT_ID, capAck);
            reply.error(dev.netlink.codec.Errno.EINVAL, "fake kernel: " + e);
        }
        pending.addAll(reply.finish());
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        ctx.flush();
        deliver();
    }

    /** Sends the queued replies as datagrams of at most {@link #datagramSize(int)} bytes. */
    private void deliver() {
        if (pending.isEmpty()) {
            return;
        }
        while (!pending.isEmpty()) {
            ByteBuf datagram = Unpooled.buffer();
            boolean dump = isDumpPart(pending.peek());
            boolean endsDump = false;
            do {
                NetlinkMessage m = pending.peek();
                int size = NetlinkMessage.align(m.length());
                if (datagram.isReadable() && (isDumpPart(m) != dump // a dump's skb holds only its parts
                        || datagramSize <= 0 || datagram.readableBytes() + size > datagramSize)) {
                    break;
                }
                endsDump |= endsDump(m);
                pending.poll();
                try {
                    NetlinkMessageEncoder.encode(m, datagram);
                } finally {
                    m.release();
                }
            } while (!pending.isEmpty());
            if (!queue.offer(new NetlinkDatagram(datagram, NetlinkAddress.ofPort(PORT_ID), NetlinkAddress.KERNEL, 0),
                    dump, endsDump) && endsDump) {
                dumpRunning = false; // the error that ended it was made, though the queue had no room for it
            }
        }
        queue.readComplete();
    }

    /**
     * Multicasts a notification of {@code type} to the socket on {@code group}, as the kernel does: sequence 0,
     * the group bit in the sender's {@code nl_groups} (groups up to 32) and the group number, as
     * {@code NETLINK_PKTINFO} reports it.
     *
     * @param payload the message's payload; ownership passes to the fake kernel
     */
    public void notify(int group, int type, ByteBuf payload) {
        ByteBuf datagram = Unpooled.buffer();
        NetlinkMessage m = new DefaultNetlinkMessage(type, 0, 0, 0, payload);
        try {
            NetlinkMessageEncoder.encode(m, datagram);
        } finally {
            m.release();
        }
        int bit = group >= 1 && group <= 32 ? 1 << (group - 1) : 0;
        queue.offer(new NetlinkDatagram(datagram, NetlinkAddress.ofPort(PORT_ID), new NetlinkAddress(0, bit), group),
                false, false);
        queue.readComplete();
    }

    /**
     * Models the socket's receive queue: from now on a {@link #pause() paused} reader lets at most {@code capacity}
     * datagrams wait (replies and notifications alike); the next one overflows it as the kernel's queue overflows.
     * The default is a queue that never fills.
     */
    public FakeKernel receiveQueue(int capacity) {
        queue.capacity(ObjectUtil.checkPositive(capacity, "capacity"));
        return this;
    }

    /**
     * Stops the reader, as a slow consumer or a stopped {@code autoRead} does: datagrams wait in the receive queue.
     * When it is full the kernel's behaviour follows: the datagram that does not fit is dropped, the socket
     * becomes congested and an {@code ENOBUFS} is due, and while it is congested every further datagram is
     * dropped without another report.
     */
    public void pause() {
        queue.pause();
    }

    /**
     * Lets the reader go on: first the {@code ENOBUFS} if one is due ({@link NetlinkOverrunEvent#KERNEL}, before the
     * backlog, as {@code recvmsg} reports it), then the datagrams that waited, oldest first; what the pipeline sends
     * meanwhile (a resync dump, say) is answered after them. The socket is no longer congested once the queue is
     * empty.
     */
    public void resume() {
        queue.resume();
    }

    /**
     * Makes an {@code ENOBUFS} due without congesting the socket or dropping anything, as the kernel's
     * {@code netlink_dump} does when it cannot fill a dump's next part inside {@code recvmsg}: it sets {@code sk_err},
     * not {@code NETLINK_S_CONGESTED}. The report comes before the backlog (at once if the reader is reading), and a
     * small acknowledgement still fits the queue meanwhile, so the refusal of a dump asked for now arrives after
     * the overrun, as on Linux 6.18.
     */
    public void enobufsDue() {
        queue.enobufsDue();
    }

    /** Datagrams the modelled receive queue dropped since the start (reported by one {@code ENOBUFS} or none). */
    public long dropped() {
        return queue.dropped();
    }

    /** The datagrams waiting in the modelled receive queue. */
    public int queued() {
        return queue.queued();
    }

    /** Sends the {@code ENOBUFS} acknowledgement of a dump that could not start: a small one (see the queue). */
    private void refuse(List<NetlinkMessage> ack) {
        ByteBuf datagram = Unpooled.buffer();
        for (NetlinkMessage m : ack) {
            try {
                NetlinkMessageEncoder.encode(m, datagram);
            } finally {
                m.release();
            }
        }
        queue.offerSmall(new NetlinkDatagram(datagram, NetlinkAddress.ofPort(PORT_ID), NetlinkAddress.KERNEL, 0));
    }

    /** Hands a datagram to the reader; the dump it ends is over then ({@code netlink_dump_done}). */
    private void read(NetlinkDatagram datagram, boolean endsDump) {
        if (endsDump) {
            dumpRunning = false;
        }
        ctx.fireChannelRead(datagram);
    }

    /**
     * Whether {@code m} ends the running dump: its {@code NLMSG_DONE}, or the error that ended it, but for the
     * {@code ENOBUFS} that refused to start it (the dump runs on after that).
     */
    private boolean endsDump(NetlinkMessage m) {
        if (!dumpRunning || m.sequence() != dumpSequence) {
            return false;
        }
        if (m.type() == NetlinkMessageType.NLMSG_DONE) {
            return true;
        }
        return m.type() == NetlinkMessageType.NLMSG_ERROR && m.content().readableBytes() >= 4
                && NetlinkErrorMessage.error(m) != -Errno.ENOBUFS;
    }

    /** A dump's part or its end, which the kernel sends in the dump's own datagrams, never dropped. */
    private static boolean isDumpPart(NetlinkMessage m) {
        return m.hasFlags(NetlinkFlags.NLM_F_MULTI) || m.type() == NetlinkMessageType.NLMSG_DONE;
    }

    /** Reports that the socket's receive queue overflowed ({@code ENOBUFS}): fires {@link NetlinkOverrunEvent}. */
    public void overrun() {
        ctx.fireUserEventTriggered(NetlinkOverrunEvent.KERNEL);
    }

    /**
     * Copies of the requests received so far, oldest first; they stay owned by the fake kernel (released with
     * the pipeline). Use {@link RequestAssert} to check them.
     */
    public List<NetlinkMessage> requests() {
        return java.util.Collections.unmodifiableList(requests);
    }

    /** The last request received. */
    public NetlinkMessage lastRequest() {
        if (requests.isEmpty()) {
            throw new AssertionError("the fake kernel has received no request");
        }
        return requests.get(requests.size() - 1);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        requests.forEach(NetlinkMessage::release);
        requests.clear();
        pending.forEach(NetlinkMessage::release);
        pending.clear();
        queue.clear();
    }
}
