package dev.netlink.client;

import dev.netlink.codec.MalformedNetlinkException;
import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkErrorMessage;
import dev.netlink.codec.NetlinkException;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageType;
import dev.netlink.codec.NetlinkOverrunEvent;
import dev.netlink.codec.attr.AttributeSchema;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.ObjectUtil;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Turns netlink request and response into futures: the "sequence-correlating handler" of a netlink pipeline,
 * between {@link NetlinkMessageEncoder} and the user's handlers.
 *
 * <p><b>Outbound.</b> A {@link NetlinkRequest} gets the next sequence number (never 0; on wrap-around a number
 * still in use is skipped), port id 0 and {@code NLM_F_REQUEST | NLM_F_ACK} ({@code NLM_F_ACK} is left off
 * dumps, which the kernel never acknowledges: {@code NLMSG_DONE} ends them), and is remembered until it ends.
 * Dumps go one at a time, because the kernel answers a second dump on the same socket with {@code EBUSY}
 * while one is running; later dumps wait in order. At most {@code maxInFlight} requests are out at once
 * (the kernel drops replies that overflow the receive buffer); later ones wait in order and go out together,
 * packed by the encoder, as answers come back. Other messages pass through untouched.
 *
 * <p><b>Inbound.</b> A message is a reply only when its sequence number is in flight, it was sent by the
 * kernel (port id 0) and its {@code nlmsg_pid} is this socket's port id. Replies are gathered (or streamed to
 * the request's consumer) until the acknowledgement ({@code NLMSG_ERROR} with error 0), {@code NLMSG_DONE},
 * or an error, which fails the request with {@link NetlinkException}; when the request has a schema, the
 * error's offset is named as an attribute path. Multicast messages and sequence 0 are notifications and go on
 * down the pipeline. Replies nobody waits for any more (timed out, cancelled) are released and counted as
 * late; messages from a socket other than the kernel are released and counted as forged, unless the handler
 * was made to accept user-space peers, in which case they are passed on, but never taken as replies.
 *
 * <p><b>Ending.</b> A request ends by its reply, its timeout (one sweep per channel, not one timer per
 * request), cancellation of its promise, a {@link NetlinkOverrunEvent} (every request in flight fails with
 * {@link NetlinkOverrunException}) or the channel closing ({@link ClosedChannelException}).
 *
 * <p>Holds per-channel state: one instance per channel, confined to its event loop. The counters may be read
 * from any thread.
 */
public class NetlinkRequestCorrelator extends ChannelDuplexHandler {
    /** The default request timeout: 30 seconds. */
    public static final long DEFAULT_TIMEOUT_MILLIS = 30_000;
    /**
     * The default bound on requests sent and not yet answered. The kernel answers a request inside
     * {@code sendmsg} and drops replies that do not fit the socket's receive buffer ({@code ENOBUFS}), counting
     * each reply's whole buffer (a few KiB for a link) against the default 208 KiB: 32 answers fit, 64 link
     * answers were measured to overrun it. Raise it together with {@code SO_RCVBUF}.
     */
    public static final int DEFAULT_MAX_IN_FLIGHT = 32;
    private static final long RETRY_BACKOFF_MILLIS = 10;

    private final long defaultTimeoutMillis;
    private final boolean acceptUserSpacePeers;
    private final IntObjectHashMap<Pending> inFlight = new IntObjectHashMap<>();
    private final ArrayDeque<Pending> queuedDumps = new ArrayDeque<>();
    private final ArrayDeque<Pending> queuedRequests = new ArrayDeque<>();
    /**
     * Requests that ended on our side (timed out, cancelled) while the kernel's answer may still be on its way:
     * sequence number to the time we stop waiting for it. Their answers still take room in the receive buffer,
     * so they keep their place in the window until the answer ends or the wait expires.
     */
    private final IntObjectHashMap<Long> abandoned = new IntObjectHashMap<>();
    private final int maxInFlight;
    private Pending dumpSlot;
    private int drainingDumpSequence;
    private int nextSequence = 1;
    private int portId;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> sweep;
    private long sweepDeadline;
    private boolean closed;
    private boolean reading;
    private boolean flushAfterRead;
    private volatile long forgedMessages;
    private volatile long lateReplies;

    /** A correlator with the default timeout that drops messages from user-space sockets. */
    public NetlinkRequestCorrelator() {
        this(DEFAULT_TIMEOUT_MILLIS, false);
    }

    /**
     * @param defaultTimeoutMillis the timeout of requests that set none; 0 for none
     * @param acceptUserSpacePeers whether messages from other sockets go on down the pipeline
     */
    public NetlinkRequestCorrelator(long defaultTimeoutMillis, boolean acceptUserSpacePeers) {
        this(defaultTimeoutMillis, acceptUserSpacePeers, DEFAULT_MAX_IN_FLIGHT);
    }

    /**
     * @param defaultTimeoutMillis the timeout of requests that set none; 0 for none
     * @param acceptUserSpacePeers whether messages from other sockets (port id not 0) go on down the pipeline
     *                             instead of being dropped; they never complete a request either way
     * @param maxInFlight          the most requests sent and not yet answered; later ones wait their turn in
     *                             order (raise it together with {@code SO_RCVBUF})
     */
    public NetlinkRequestCorrelator(long defaultTimeoutMillis, boolean acceptUserSpacePeers, int maxInFlight) {
        this.defaultTimeoutMillis = ObjectUtil.checkPositiveOrZero(defaultTimeoutMillis, "defaultTimeoutMillis");
        this.acceptUserSpacePeers = acceptUserSpacePeers;
        this.maxInFlight = ObjectUtil.checkPositive(maxInFlight, "maxInFlight");
    }

    /**
     * Writes and flushes {@code message} as a request through {@code channel}'s pipeline, which must hold a
     * correlator.
     *
     * @return the replies, completed on the channel's event loop
     */
    public static Future<NetlinkReplies> request(Channel channel, NetlinkMessage message) {
        NetlinkRequest request = new NetlinkRequest(message, channel.eventLoop().newPromise());
        return send(channel, request);
    }

    /**
     * Writes and flushes {@code request} through {@code channel}'s pipeline; a write that fails before the
     * correlator takes the request (a closed channel) fails its replies too.
     *
     * @return the request's replies
     */
    public static Future<NetlinkReplies> send(Channel channel, NetlinkRequest request) {
        Promise<NetlinkReplies> replies = request.replies();
        channel.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                replies.tryFailure(f.cause());
            }
        });
        return replies;
    }

    /** Messages from sockets other than the kernel that were dropped, or not taken as replies. */
    public long forgedMessages() {
        return forgedMessages;
    }

    /** Replies that arrived after their request ended (timed out, cancelled, failed) and were released. */
    public long lateReplies() {
        return lateReplies;
    }

    /** Requests sent and not yet answered, plus dumps waiting for their turn. Event loop only. */
    public int pendingRequests() {
        return inFlight.size() + queuedDumps.size() + queuedRequests.size()
                + (dumpSlot != null && !dumpSlot.sent ? 1 : 0);
    }

    /** Sets the next sequence number to hand out; lets tests exercise the wrap-around. */
    void nextSequence(int sequence) {
        nextSequence = sequence;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        learnPortId(ctx.channel());
        // An event loop that shuts down closes its channels but may no longer run the channelInactive task:
        // the close future's listener runs all the same, on this thread, and ends every request.
        ctx.channel().closeFuture().addListener(f -> failAll(p -> new ClosedChannelException(), true));
        // If the loop terminates without even that, end the requests from the terminating thread: the loop is
        // gone, so nothing else touches this state. Waiters wake; listeners the dead loop cannot run are lost.
        Future<?> termination;
        try {
            termination = ctx.executor().terminationFuture();
        } catch (UnsupportedOperationException noTermination) {
            return; // an executor that never terminates, such as EmbeddedChannel's
        }
        termination.addListener(f -> failAll(p -> new ClosedChannelException(), true));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        learnPortId(ctx.channel());
        ctx.fireChannelActive();
    }

    private void learnPortId(Channel channel) {
        if (channel.localAddress() instanceof NetlinkAddress address) {
            portId = address.portId();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof NetlinkRequest request)) {
            ctx.write(msg, promise);
            return;
        }
        Pending p = new Pending(request, promise.unvoid(), timeoutNanos(request));
        if (request.replies().isDone()) {
            request.message().release();
            p.writePromise.tryFailure(new CancellationException("the request's promise was already done"));
            return;
        }
        request.replies().addListener(f -> {
            if (f.isCancelled()) {
                cancelled(p);
            }
        });
        trackDeadline(p);
        if (request.isDump()) {
            if (dumpSlot != null || drainingDumpSequence != 0 || outstanding() >= maxInFlight) {
                queuedDumps.add(p);
                return;
            }
        } else if (outstanding() >= maxInFlight || !queuedRequests.isEmpty()) {
            queuedRequests.add(p);
            return;
        }
        send(p, false);
    }

    private long timeoutNanos(NetlinkRequest request) {
        long timeout = request.timeoutMillis() >= 0 ? request.timeoutMillis() : defaultTimeoutMillis;
        return TimeUnit.MILLISECONDS.toNanos(timeout);
    }

    private long now() {
        return ctx.executor().ticker().nanoTime();
    }

    private void send(Pending p, boolean flush) {
        NetlinkMessage m = p.attempts == 0 ? p.request.message() : p.copy.retainedDuplicate();
        int sequence = nextSequence();
        // The kernel never acknowledges a dump (NLMSG_DONE ends it), so a dump goes without NLM_F_ACK.
        int ack = p.request.isDump() ? 0 : NetlinkFlags.NLM_F_ACK;
        m.setSequence(sequence).setPortId(0).setFlags(m.flags() | NetlinkFlags.NLM_F_REQUEST | ack);
        if (p.attempts == 0 && (p.request.schema() != null
                || p.request.dumpInterruptPolicy() == DumpInterruptPolicy.RETRY)) {
            p.copy = m.retainedDuplicate();
        }
        p.sequence = sequence;
        p.attempts++;
        p.sent = true;
        inFlight.put(sequence, p);
        if (p.request.isDump()) {
            dumpSlot = p;
        }
        ChannelPromise promise = p.attempts == 1 ? p.writePromise : ctx.newPromise();
        promise.addListener(p);
        if (flush) {
            ctx.writeAndFlush(m, promise);
        } else {
            ctx.write(m, promise);
        }
    }

    /** Requests whose answers may still take room in the receive buffer. */
    private int outstanding() {
        return inFlight.size() + abandoned.size();
    }

    private int nextSequence() {
        int s;
        do {
            s = nextSequence++;
        } while (s == 0 || s == drainingDumpSequence || inFlight.containsKey(s) || abandoned.containsKey(s));
        return s;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reading = false;
        flushDeferred();
        ctx.fireChannelReadComplete();
    }

    private void flushDeferred() {
        if (flushAfterRead) {
            flushAfterRead = false;
            ctx.flush();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
        if (!(msg instanceof NetlinkMessage m)) {
            ctx.fireChannelRead(msg);
            return;
        }
        NetlinkAddress sender = m.sender();
        if (sender != null && !sender.isKernel()) {
            if (acceptUserSpacePeers) {
                ctx.fireChannelRead(m);
            } else {
                forgedMessages++;
                m.release();
            }
            return;
        }
        if (m.group() != 0 || m.sequence() == 0) {
            ctx.fireChannelRead(m);
            return;
        }
        Pending p = inFlight.get(m.sequence());
        if (p == null || (portId != 0 && m.portId() != portId)) {
            if (p == null && NetlinkErrorMessage.isErrorOrDone(m)) {
                if (m.sequence() == drainingDumpSequence) {
                    drainingDumpSequence = 0;
                    sendQueued();
                } else if (abandoned.remove(m.sequence()) != null) {
                    sendQueued();
                }
            }
            lateReplies++;
            m.release();
            return;
        }
        reply(p, m);
    }

    private void reply(Pending p, NetlinkMessage m) {
        if (m.hasFlags(NetlinkFlags.NLM_F_DUMP_INTR)) {
            // The kernel flags the inconsistent part and NLMSG_DONE alike.
            p.interrupted = true;
        }
        if (NetlinkErrorMessage.isErrorOrDone(m)) {
            NetlinkErrorMessage outcome;
            try {
                outcome = NetlinkErrorMessage.parse(m);
            } catch (MalformedNetlinkException e) {
                fail(p, e, true);
                return;
            } finally {
                m.release();
            }
            if (!outcome.isSuccess()) {
                fail(p, exception(p, outcome), true);
            } else if (outcome.messageType() == NetlinkMessageType.NLMSG_DONE) {
                done(p);
            } else {
                succeed(p);
            }
            return;
        }
        if (p.request.consumer() == null) {
            p.parts.add(m);
            return;
        }
        try {
            p.request.consumer().accept(m);
        } catch (Throwable t) {
            fail(p, t, false);
        } finally {
            m.release();
        }
    }

    private NetlinkException exception(Pending p, NetlinkErrorMessage outcome) {
        NetlinkException e = outcome.toException();
        AttributeSchema schema = p.request.schema();
        if (schema != null && p.copy != null && e.offset() >= 0) {
            ByteBuf payload = p.copy.content();
            int header = p.request.headerLength();
            int offset = e.offset() - NetlinkMessage.HEADER_LENGTH - header;
            if (offset >= 0 && header <= payload.readableBytes()) {
                String path = schema.pathOf(payload.slice(payload.readerIndex() + header,
                        payload.readableBytes() - header), offset);
                if (path != null) {
                    e = e.withAttributePath(path);
                }
            }
        }
        return e;
    }

    private void done(Pending p) {
        if (!p.interrupted) {
            succeed(p);
            return;
        }
        NetlinkRequest r = p.request;
        switch (r.dumpInterruptPolicy()) {
            case RETURN -> {
                p.parts.markDumpInterrupted();
                succeed(p);
            }
            case RETRY -> {
                if (r.consumer() == null && p.attempts < r.maxAttempts()) {
                    retry(p);
                } else {
                    failInterrupted(p);
                }
            }
            case FAIL -> failInterrupted(p);
        }
    }

    private void retry(Pending p) {
        inFlight.remove(p.sequence);
        sendQueued();
        p.parts.release();
        p.interrupted = false;
        p.sent = false;
        long backoff = RETRY_BACKOFF_MILLIS << Math.min(p.attempts - 1, 10);
        // The dump slot stays taken during the back-off so that no other dump slips in.
        ctx.executor().schedule(() -> {
            if (!p.ended) {
                send(p, true);
            }
        }, backoff, TimeUnit.MILLISECONDS);
    }

    private void failInterrupted(Pending p) {
        NetlinkReplies parts = new NetlinkReplies();
        parts.addAll(p.parts);
        p.parts.clear();
        NetlinkDumpInterruptedException e = new NetlinkDumpInterruptedException(p.request.message().type(),
                p.sequence, p.attempts, parts);
        if (!end(p, true, e) || !p.request.replies().tryFailure(e)) {
            parts.release();
        }
    }

    private void succeed(Pending p) {
        if (!end(p, true, null) || !p.request.replies().trySuccess(p.parts)) {
            p.parts.release();
        }
    }

    private void fail(Pending p, Throwable cause, boolean kernelDone) {
        if (end(p, kernelDone, cause)) {
            p.parts.release();
            p.request.replies().tryFailure(cause);
        }
    }

    /**
     * Forgets a request; a request never handed to the pipeline has its message released and its write
     * failed with {@code cause}. A dump the kernel may still be sending keeps the next dump waiting until its
     * end arrives. Returns false if the request had already ended.
     */
    private boolean end(Pending p, boolean kernelDone, Throwable cause) {
        if (p.ended) {
            return false;
        }
        p.ended = true;
        if (p.sent) {
            inFlight.remove(p.sequence);
        } else if (p.attempts == 0) {
            if (!queuedDumps.remove(p)) {
                queuedRequests.remove(p);
            }
            p.request.message().release();
            p.writePromise.tryFailure(cause != null ? cause : new CancellationException("request not sent"));
        }
        if (p.copy != null) {
            p.copy.release();
            p.copy = null;
        }
        if (dumpSlot == p) {
            dumpSlot = null;
            if (p.sent && !kernelDone) {
                drainingDumpSequence = p.sequence;
            }
        } else if (p.sent && !kernelDone && !closed) {
            long wait = TimeUnit.MILLISECONDS.toNanos(defaultTimeoutMillis > 0 ? defaultTimeoutMillis
                    : DEFAULT_TIMEOUT_MILLIS);
            long until = now() + wait;
            abandoned.put(p.sequence, Long.valueOf(until));
            if (sweep == null || until - sweepDeadline < 0) {
                scheduleSweep(until);
            }
        }
        sendQueued();
        return true;
    }

    /**
     * Sends what waits, as far as the window and the one-dump rule allow. While a read is under way the flush
     * waits for its end, so that the requests freed by one batch of answers share a datagram.
     */
    private void sendQueued() {
        if (closed) {
            return;
        }
        boolean sent = false;
        while (outstanding() < maxInFlight) {
            Pending next;
            if (dumpSlot == null && drainingDumpSequence == 0 && !queuedDumps.isEmpty()) {
                next = queuedDumps.poll();
            } else if (!queuedRequests.isEmpty()) {
                next = queuedRequests.poll();
            } else {
                break;
            }
            if (!next.ended) {
                send(next, false);
                sent = true;
            }
        }
        if (sent) {
            if (!reading) {
                ctx.flush();
            } else if (!flushAfterRead) {
                flushAfterRead = true;
                // channelReadComplete flushes; this task does if a read batch never completes.
                ctx.executor().execute(this::flushDeferred);
            }
        }
    }

    private void cancelled(Pending p) {
        if (ctx.executor().inEventLoop()) {
            fail(p, new CancellationException("request cancelled"), false);
        } else {
            ctx.executor().execute(() -> cancelled(p));
        }
    }

    private void trackDeadline(Pending p) {
        if (p.deadline != 0 && (sweep == null || p.deadline - sweepDeadline < 0)) {
            scheduleSweep(p.deadline);
        }
    }

    private void scheduleSweep(long deadline) {
        if (sweep != null) {
            sweep.cancel(false);
        }
        sweepDeadline = deadline;
        sweep = ctx.executor().schedule(this::sweep, Math.max(0, deadline - now()), TimeUnit.NANOSECONDS);
    }

    private void sweep() {
        sweep = null;
        long now = now();
        List<Pending> expired = new ArrayList<>();
        long next = 0;
        boolean any = false;
        // Answers that never came (lost without an overrun report, as with NETLINK_NO_ENOBUFS): stop waiting.
        boolean freed = abandoned.values().removeIf(until -> until - now <= 0);
        for (Long until : abandoned.values()) {
            if (!any || until - next < 0) {
                next = until;
                any = true;
            }
        }
        for (Pending p : allPending()) {
            if (p.deadline == 0) {
                continue;
            }
            if (p.deadline - now <= 0) {
                expired.add(p);
            } else if (!any || p.deadline - next < 0) {
                next = p.deadline;
                any = true;
            }
        }
        for (Pending p : expired) {
            if (!p.sent && p.request.isDump() && queuedDumps.contains(p)) {
                // A dump still waiting for its turn: the one ahead never finished; stop waiting for it.
                drainingDumpSequence = 0;
            }
            fail(p, new TimeoutException(NetlinkMessageType.toString(p.request.message().type()) + " request"
                    + (p.sent ? " seq " + Integer.toUnsignedString(p.sequence) : " (not sent: waiting for an"
                    + " earlier dump)") + " timed out after "
                    + TimeUnit.NANOSECONDS.toMillis(p.deadline - p.created) + " ms"), false);
        }
        if (any) {
            scheduleSweep(next);
        }
        if (freed) {
            sendQueued();
        }
    }

    private List<Pending> allPending() {
        List<Pending> all = new ArrayList<>(inFlight.size() + queuedDumps.size() + queuedRequests.size() + 1);
        all.addAll(inFlight.values());
        all.addAll(queuedDumps);
        all.addAll(queuedRequests);
        if (dumpSlot != null && !dumpSlot.sent) {
            all.add(dumpSlot);
        }
        return all;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof NetlinkOverrunEvent) {
            abandoned.clear(); // their answers may be among the lost
            failAll(p -> new NetlinkOverrunException(p.request.message().type(), p.sequence), false);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        failAll(p -> new ClosedChannelException(), true);
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        failAll(p -> new ClosedChannelException(), true);
        if (sweep != null) {
            sweep.cancel(false);
            sweep = null;
        }
    }

    private void failAll(Function<Pending, Throwable> cause, boolean includeQueued) {
        if (includeQueued) {
            closed = true; // the channel is gone: failing one request must not send the next
            abandoned.clear();
        }
        List<Pending> victims = includeQueued ? allPending() : new ArrayList<>(inFlight.values());
        if (!includeQueued && dumpSlot != null && !dumpSlot.sent) {
            victims.add(dumpSlot);
        }
        for (Pending p : victims) {
            fail(p, cause.apply(p), false);
        }
    }

    /** One request's state. Its write listener fails it if the message never left. */
    private final class Pending implements ChannelFutureListener {
        final NetlinkRequest request;
        final ChannelPromise writePromise;
        final long deadline;
        final long created;
        final NetlinkReplies parts = new NetlinkReplies();
        NetlinkMessage copy;
        int sequence;
        int attempts;
        boolean sent;
        boolean interrupted;
        boolean ended;

        Pending(NetlinkRequest request, ChannelPromise writePromise, long timeoutNanos) {
            this.request = request;
            this.writePromise = writePromise;
            this.created = now();
            // 0 means no deadline; a computed deadline that happens to be 0 is nudged by a nanosecond.
            long d = created + timeoutNanos;
            this.deadline = timeoutNanos == 0 ? 0 : d == 0 ? 1 : d;
        }

        @Override
        public void operationComplete(ChannelFuture future) {
            if (!future.isSuccess()) {
                fail(this, future.cause(), true);
            }
        }
    }
}
