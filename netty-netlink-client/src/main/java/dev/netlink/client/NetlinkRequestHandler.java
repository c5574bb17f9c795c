package dev.netlink.client;

import dev.netlink.codec.HostOrder;
import dev.netlink.codec.LoopTermination;
import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkDatagram;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageDecoder;
import dev.netlink.codec.NetlinkMessageEncoder;
import dev.netlink.codec.NetlinkOverrunEvent;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.ObjectUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Turns netlink requests and answers into futures: the handler between {@link NetlinkMessageEncoder} and the
 * user's handlers. A {@link NetlinkRequest} written through it (see {@link NetlinkRequest#send}) is given a
 * sequence number and sent when its turn comes; the messages that answer it complete its
 * {@link NetlinkRequest#replies() replies}, and every other message — notifications, anything with sequence 0,
 * messages from user-space peers — goes on down the pipeline. Other outbound messages pass untouched.
 *
 * <p>It reads whole datagrams ({@code NetlinkDatagram} or {@code ByteBuf}, split and checked as
 * {@link NetlinkMessageDecoder} does) or messages a decoder before it cut. From a datagram, the parts of a request
 * with a {@link NetlinkPartReader} are read in place and no message is made for them; everything else goes on as
 * a {@link NetlinkMessage}.
 *
 * <p>The rules (sequence numbers, the window of {@value #DEFAULT_MAX_IN_FLIGHT} requests in flight by default,
 * one dump at a time, deadlines, {@code NLM_F_DUMP_INTR}, what counts as an answer) are those of the I/O-free
 * {@link Correlator}; this handler only feeds it the pipeline's events and carries out its writes, flushes and
 * timer, one timer per channel. A {@link NetlinkOverrunEvent} whose replies may be lost fails every request in
 * flight with {@link NetlinkOverrunException}; the channel closing fails every request.
 *
 * <p>Holds per-channel state: one instance per channel, confined to its event loop. Its counters may be read
 * from any thread.
 */
public final class NetlinkRequestHandler extends ChannelDuplexHandler {
    /** The default request timeout: 30 seconds. */
    public static final long DEFAULT_TIMEOUT_MILLIS = 30_000;
    /**
     * The default bound on requests sent and not yet answered. The kernel answers a request inside
     * {@code sendmsg} and drops replies that do not fit the socket's receive buffer ({@code ENOBUFS}), counting
     * each reply's whole buffer (a few KiB for a link) against the default 208 KiB: 32 answers fit, 64 link
     * answers were measured to overrun it. Raise it together with {@code SO_RCVBUF}.
     */
    public static final int DEFAULT_MAX_IN_FLIGHT = 32;

    private final long defaultTimeoutMillis;
    private final int maxInFlight;
    private Correlator correlator;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private boolean flushTaskPending;

    /** A handler with the default timeout and window. */
    public NetlinkRequestHandler() {
        this(DEFAULT_TIMEOUT_MILLIS, DEFAULT_MAX_IN_FLIGHT);
    }

    /**
     * @param defaultTimeoutMillis the timeout of requests that set none; 0 for none
     * @param maxInFlight          the most requests sent and not yet answered; later ones wait their turn in
     *                             order (raise it together with {@code SO_RCVBUF})
     */
    public NetlinkRequestHandler(long defaultTimeoutMillis, int maxInFlight) {
        this.defaultTimeoutMillis = ObjectUtil.checkPositiveOrZero(defaultTimeoutMillis, "defaultTimeoutMillis");
        this.maxInFlight = ObjectUtil.checkPositive(maxInFlight, "maxInFlight");
    }

    /** Requests handed to this handler since it was added. */
    public long requests() {
        Correlator c = correlator;
        return c == null ? 0 : c.requests();
    }

    /** Requests that failed with a timeout. */
    public long timeouts() {
        Correlator c = correlator;
        return c == null ? 0 : c.timeouts();
    }

    /** Answers that arrived after their request had ended (timed out, cancelled, failed) and were released. */
    public long lateReplies() {
        Correlator c = correlator;
        return c == null ? 0 : c.lateReplies();
    }

    /** Requests sent and not yet answered, plus those waiting for their turn. Event loop only. */
    public int pendingRequests() {
        return correlator == null ? 0 : correlator.pending();
    }

    /** The state machine, for tests of the wrap-around. */
    Correlator correlator() {
        return correlator;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        correlator = new Correlator(new PipelineOutput(), ctx.executor(), ctx.executor().ticker()::nanoTime,
                TimeUnit.MILLISECONDS.toNanos(defaultTimeoutMillis), maxInFlight);
        learnPortId(ctx.channel());
        // An event loop that shuts down closes its channels but may no longer run the channelInactive task:
        // the close future's listener runs all the same, on this thread, and ends every request.
        ctx.channel().closeFuture().addListener(f -> correlator.close());
        // If the loop terminates without even that, end the requests from the terminating thread: the loop is
        // gone, so nothing else touches this state. Waiters wake; listeners the dead loop cannot run are lost.
        LoopTermination.whenTerminatedFirst(ctx.channel(), ctx.executor(), correlator::close);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        learnPortId(ctx.channel());
        ctx.fireChannelActive();
    }

    private void learnPortId(Channel channel) {
        if (channel.localAddress() instanceof NetlinkAddress address) {
            correlator.portId(address.portId());
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof NetlinkRequest request) {
            correlator.submit(request, promise.unvoid());
        } else if (msg instanceof NetlinkRequestBatch batch) {
            List<ChannelPromise> written = new ArrayList<>(batch.requests().size());
            for (NetlinkRequest r : batch.requests()) {
                written.add(new RequestWritePromise(ctx.channel(), r.replies())); // tells its exchange, no listener
            }
            correlator.submitBatch(batch.requests(), written);
            promise.trySuccess(); // the requests are the handler's now; each reports its own write
        } else {
            ctx.write(msg, promise);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof NetlinkMessage m) {
            if (!correlator.read(m)) {
                ctx.fireChannelRead(m);
            }
        } else if (msg instanceof NetlinkDatagram d) {
            read(ctx, d, d.content(), d.sender(), d.group());
        } else if (msg instanceof ByteBuf buf) {
            read(ctx, buf, buf, null, 0);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * A whole datagram, as {@link NetlinkMessageDecoder} would split it: the parts of requests with a
     * {@link NetlinkPartReader} are read in place, every other message is cut out and handled as a message, and
     * the datagram is released. A malformed one yields nothing and goes to {@code exceptionCaught}.
     */
    private void read(ChannelHandlerContext ctx, Object msg, ByteBuf datagram, NetlinkAddress sender, int group) {
        try {
            int end = datagram.writerIndex();
            NetlinkMessageDecoder.validate(datagram, datagram.readerIndex(), end);
            for (int i = datagram.readerIndex(); i < end; i += NetlinkMessage.align(HostOrder.getI32(datagram, i))) {
                if (!correlator.readInPlace(datagram, i, sender, group)) {
                    NetlinkMessage m = NetlinkMessageDecoder.message(datagram, i, sender, group);
                    if (!correlator.read(m)) {
                        ctx.fireChannelRead(m);
                    }
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        correlator.readComplete();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof NetlinkOverrunEvent overrun && overrun.repliesLost()) {
            correlator.overrun();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        correlator.close();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        correlator.close();
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** Carries out the correlator's writes, flushes and timer on this handler's context. */
    private final class PipelineOutput implements Correlator.Output {
        @Override
        public void write(Exchange e, NetlinkMessage message) {
            ChannelPromise promise = e.attempts == 1 ? (ChannelPromise) e.written : ctx.newPromise();
            if (!(promise instanceof RequestWritePromise)) { // which tells the exchange without a listener
                promise.addListener(e);
            }
            ctx.write(message, promise);
        }

        @Override
        public void flush() {
            ctx.flush();
        }

        @Override
        public void flushLater() {
            if (!flushTaskPending) {
                flushTaskPending = true;
                ctx.executor().execute(() -> {
                    flushTaskPending = false;
                    correlator.flushDeferred();
                });
            }
        }

        @Override
        public void wakeAt(long deadline) {
            if (timer != null) {
                timer.cancel(false);
            }
            long delay = Math.max(0, deadline - ctx.executor().ticker().nanoTime());
            timer = ctx.executor().schedule(this::expire, delay, TimeUnit.NANOSECONDS);
        }

        private void expire() {
            timer = null;
            correlator.expire();
        }
    }

    /**
     * The handler and the state of its requests: in flight, the dump slot, a dump drained, the waiting lines. Read
     * it on the event loop.
     */
    @Override
    public String toString() {
        return "NetlinkRequestHandler(" + (correlator == null ? "not active" : correlator) + ')';
    }
}
