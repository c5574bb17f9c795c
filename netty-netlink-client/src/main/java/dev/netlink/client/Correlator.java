package dev.netlink.client;

import dev.netlink.codec.Errno;
import dev.netlink.codec.HostOrder;
import dev.netlink.codec.MalformedNetlinkException;
import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkErrorMessage;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageType;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;

/**
 * The request/answer state of one netlink socket, without I/O: which requests are out under which
 * {@code nlmsg_seq}, which wait their turn, which answers belong to whom, and when a request ends. The pipeline
 * handler ({@link NetlinkRequestHandler}) feeds it events — a request written, a message read, a read batch
 * over, a timer, an overrun, the close — and carries out what it asks through {@link Output}.
 *
 * <p>The rules, each tested on its own in {@code CorrelatorTest}:
 * <ul>
 * <li><b>Sequence numbers</b> count up from 1, never 0, and skip numbers still in use after a wrap
 *     ({@link SequenceNumbers}).</li>
 * <li><b>Flags</b>: {@code NLM_F_REQUEST}, and {@code NLM_F_ACK} except on dumps, which the kernel ends with
 *     {@code NLMSG_DONE} instead; port id 0.</li>
 * <li><b>Window</b>: at most {@code maxInFlight} requests have answers outstanding (the kernel drops answers that
 *     do not fit the receive buffer); later ones wait in order and go out together after the read that freed
 *     their places. A batch goes whole, when there is room for all of it.</li>
 * <li><b>One dump at a time</b> ({@link DumpSlot}): the kernel answers a second dump on the same socket with
 *     {@code EBUSY}; a dump that ended on our side (cancelled, timed out, failed by an overrun) is drained to its
 *     {@code NLMSG_DONE} before the next goes, and so is one the kernel refused with {@code ENOBUFS} (it could not
 *     start it for the full queue, and runs it on as the queue is read), even when that refusal comes late.</li>
 * <li><b>Abandoned sequences</b>: a request that timed out or was cancelled keeps its place in the window until
 *     its answer ends or the default timeout passes, since that answer still takes room in the buffer.</li>
 * <li><b>What is an answer</b> ({@link InFlight}): a message from the kernel (port id 0), unicast, with a sequence
 *     number in flight and our port id. Anything else is not ours: notifications and messages of user-space peers
 *     are handed back to the caller; answers to requests that ended are released and counted as late.</li>
 * <li><b>Ending</b>: by the ACK, {@code NLMSG_DONE} or an error; by the request's deadline; by cancellation; by
 *     a kernel overrun (answers may be lost); by the close.</li>
 * <li><b>{@code NLM_F_DUMP_INTR}</b>: fail, return the parts flagged, or send the dump again with doubling
 *     back-off, as the request's {@link DumpInterruptPolicy} says.</li>
 * </ul>
 *
 * <p>Time comes from the clock it was given, so the deadline rules are tested by moving a number. Confined to
 * the event loop; not thread-safe.
 */
final class Correlator {
    /** What the correlator asks of its driver. */
    interface Output {
        /** Writes {@code message} for {@code exchange}, unflushed; a failed write goes to {@link #writeFailed}. */
        void write(Exchange exchange, NetlinkMessage message);

        /** Flushes what was written. */
        void flush();

        /** Calls {@link #flushDeferred()} soon, in case a read batch never completes. */
        void flushLater();

        /** Calls {@link #expire()} at {@code deadline} (clock nanoseconds), instead of any earlier request. */
        void wakeAt(long deadline);
    }

    private static final long RETRY_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Output output;
    /** The event loop: a cancellation from another thread is carried out there. */
    private final EventExecutor executor;
    private final LongSupplier clock;
    private final long defaultTimeoutNanos;
    private final long abandonNanos;
    private final int maxInFlight;
    private final SequenceNumbers sequences = new SequenceNumbers();
    private final IntPredicate sequenceInUse = this::sequenceInUse;
    private final InFlight inFlight = new InFlight();
    private final WaitingRequests waiting = new WaitingRequests();
    private final AbandonedAnswers abandoned = new AbandonedAnswers();
    private final DumpSlot dumps = new DumpSlot();
    private final WakeUp wakeUp;
    private final FlushAfterRead flushes;
    private boolean closed;
    private final LoopCounter requests = new LoopCounter();
    private final LoopCounter timeouts = new LoopCounter();
    private final LoopCounter lateReplies = new LoopCounter();

    /**
     * @param executor            the event loop this state is confined to
     * @param defaultTimeoutNanos the timeout of requests that set none; 0 for none
     * @param maxInFlight         the most requests with answers outstanding
     */
    Correlator(Output output, EventExecutor executor, LongSupplier clock, long defaultTimeoutNanos, int maxInFlight) {
        this.output = output;
        this.wakeUp = new WakeUp(output::wakeAt);
        this.flushes = new FlushAfterRead(output);
        this.executor = executor;
        this.clock = clock;
        this.defaultTimeoutNanos = defaultTimeoutNanos;
        this.abandonNanos = defaultTimeoutNanos > 0 ? defaultTimeoutNanos
                : TimeUnit.MILLISECONDS.toNanos(NetlinkRequestHandler.DEFAULT_TIMEOUT_MILLIS);
        this.maxInFlight = maxInFlight;
    }

    /** Sets this socket's port id, which answers must carry in {@code nlmsg_pid}; 0 accepts any. */
    void portId(int portId) {
        inFlight.portId(portId);
    }

    /** The sequence numbers, for tests of the wrap-around. */
    SequenceNumbers sequences() {
        return sequences;
    }

    long requests() {
        return requests.get();
    }

    long timeouts() {
        return timeouts.get();
    }

    long lateReplies() {
        return lateReplies.get();
    }

    /**
     * Requests not ended yet: sent and not yet answered, waiting for their turn, or waiting to be sent again. A
     * request that ended on our side while its answer is still due is not counted, though it keeps its place in
     * the window.
     */
    int pending() {
        return inFlight.size() + waiting.size() + (dumps.retryWaiting() != null ? 1 : 0);
    }

    // ---------------------------------------------------------------------------------------------- events

    /**
     * A request to send: now, or when the window and the dump slot allow.
     *
     * @param written completed when the message is written; failed if it never will be
     * @return its exchange, or {@code null} when its promise was already done (the message is released)
     */
    Exchange submit(NetlinkRequest request, Promise<Void> written) {
        Exchange e = admit(request, written);
        if (e == null || e.state == Exchange.State.ENDED) {
            return e;
        }
        if (e.isDump()) {
            if (!dumps.free() || outstanding() >= maxInFlight) {
                waiting.addDump(e);
                return e;
            }
        } else if (outstanding() >= maxInFlight || waiting.hasRequests()) {
            waiting.add(e);
            return e;
        }
        send(e);
        return e;
    }

    /**
     * Requests that go out together, in one datagram as far as the encoder's size allows: now, when the window
     * has room for all of them (or nothing is outstanding, for a batch larger than the window), else all of them
     * later, in order, before any request that came after. Dumps cannot be part of a batch (the kernel runs one
     * dump at a time); each request ends on its own.
     *
     * @param written one write promise per request, completed when that request's message is written
     */
    void submitBatch(List<NetlinkRequest> batch, List<? extends Promise<Void>> written) {
        List<Exchange> admitted = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Exchange e = admit(batch.get(i), written.get(i));
            if (e != null && e.state != Exchange.State.ENDED) {
                e.inBatch = true;
                admitted.add(e);
            }
        }
        if (admitted.isEmpty()) {
            return;
        }
        if (!waiting.hasRequests() && (outstanding() == 0 || outstanding() + admitted.size() <= maxInFlight)) {
            for (Exchange e : admitted) {
                send(e);
            }
            return;
        }
        waiting.addBatch(admitted);
    }

    /** Makes the exchange of a request, or refuses it: already done (null), or the socket is closed (ended). */
    private Exchange admit(NetlinkRequest request, Promise<Void> written) {
        if (request.replies().isDone()) {
            request.message().release();
            written.tryFailure(new CancellationException("the request's promise was already done"));
            return null;
        }
        long timeout = request.timeoutMillis() >= 0 ? TimeUnit.MILLISECONDS.toNanos(request.timeoutMillis())
                : defaultTimeoutNanos;
        Exchange e = new Exchange(this, request, written, timeout == 0 ? 0 : clock.getAsLong(), timeout);
        requests.increment();
        if (written instanceof RequestWritePromise w) {
            w.exchange(e);
        }
        if (request.replies() instanceof SpinAwaitPromise<?> p) {
            p.cancelTells(e); // told of a cancellation without a listener
        } else {
            request.replies().addListener(e);
        }
        if (closed) {
            fail(e, new ClosedChannelException(), true);
            return e;
        }
        if (e.deadline != 0) {
            wakeUp.by(e.deadline);
        }
        return e;
    }

    /**
     * A message read from the socket.
     *
     * @return whether the correlator took it (an answer, or a late one it released); {@code false} hands it
     *         back: a notification, or a message from a user-space peer
     */
    boolean read(NetlinkMessage m) {
        flushes.reading();
        if (!inFlight.mayAnswer(m)) {
            return false;
        }
        Exchange e = inFlight.answered(m);
        if (e == null) {
            if (!inFlight.contains(m.sequence()) && NetlinkErrorMessage.isErrorOrDone(m)) {
                endedLate(m.sequence(), refusedForRoom(m));
            }
            lateReplies.increment();
            m.release();
            return true;
        }
        answer(e, m);
        return true;
    }

    /**
     * The message whose {@code nlmsghdr} is at {@code index} of {@code datagram}, if it is a part of an answer to a
     * request with a {@link NetlinkPartReader}, or the ACK or {@code NLMSG_DONE} that ends a request well: read in
     * place, with no message made for it. Returns {@code false} for anything else (errors, notifications, echoes,
     * late answers, other requests' parts), which the caller cuts into a message for {@link #read}.
     *
     * @param sender the datagram's sender, or {@code null} if unknown
     * @param group  the group the datagram was delivered on, or 0
     */
    boolean readInPlace(ByteBuf datagram, int index, NetlinkAddress sender, int group) {
        Exchange e = inFlight.answered(datagram, index, sender, group);
        if (e == null) {
            return false;
        }
        int type = HostOrder.getU16(datagram, index + 4);
        int flags = HostOrder.getU16(datagram, index + 6);
        if (type == NetlinkMessageType.NLMSG_ERROR || type == NetlinkMessageType.NLMSG_DONE) {
            return endsInPlace(e, datagram, index, type, flags);
        }
        if (e.request.partReader() == null) {
            return false;
        }
        flushes.reading();
        if ((flags & NetlinkFlags.NLM_F_DUMP_INTR) != 0) {
            e.interrupted = true;
        }
        try {
            e.request.partReader().read(datagram, type, index + NetlinkMessage.HEADER_LENGTH,
                    HostOrder.getI32(datagram, index) - NetlinkMessage.HEADER_LENGTH);
        } catch (Throwable t) {
            fail(e, t, false);
        }
        return true;
    }

    /**
     * The ACK or {@code NLMSG_DONE} that ends {@code e} with error 0, read in place: the request succeeds, no
     * message is made. Anything else (an error, a dump flagged {@code NLM_F_DUMP_INTR}, a payload too short to
     * hold the error) is left to {@link #read}.
     */
    private boolean endsInPlace(Exchange e, ByteBuf datagram, int index, int type, int flags) {
        int length = HostOrder.getI32(datagram, index);
        if (length < NetlinkMessage.HEADER_LENGTH + 4
                || HostOrder.getI32(datagram, index + NetlinkMessage.HEADER_LENGTH) != 0
                || (type == NetlinkMessageType.NLMSG_DONE
                        && (e.interrupted || (flags & NetlinkFlags.NLM_F_DUMP_INTR) != 0))) {
            return false;
        }
        flushes.reading();
        succeed(e);
        return true;
    }

    /** The end of a read batch: what the answers freed goes out in one flush. */
    void readComplete() {
        flushes.readComplete();
    }

    /** Flushes what waited for the end of a read batch. */
    void flushDeferred() {
        flushes.flushPending();
    }

    /** The timer asked for with {@link Output#wakeAt}: deadlines, back-offs and abandoned answers. */
    void expire() {
        wakeUp.fired();
        long now = clock.getAsLong();
        // Answers that never came (lost without an overrun report, as with NETLINK_NO_ENOBUFS): stop waiting.
        boolean freed = abandoned.expire(now);
        for (Exchange e : all()) {
            if (e.state == Exchange.State.ENDED) {
                continue; // a batch member that ended while its batch waits
            }
            if (e.deadline != 0 && e.deadline - now <= 0) {
                timedOut(e);
            } else if (e.state == Exchange.State.RETRY_WAIT && e.retryAt - now <= 0) {
                send(e);
                output.flush();
            }
        }
        if (freed) {
            sendQueued();
        }
        wakeUp.byNextOf(all(), abandoned);
    }

    /** The request's promise was cancelled by its caller. */
    void cancelled(Exchange e) {
        fail(e, new CancellationException("request cancelled"), false);
    }

    /** {@link #cancelled} from whichever thread cancelled, carried out on the event loop. */
    void cancelledFromAnyThread(Exchange e) {
        if (executor.inEventLoop()) {
            cancelled(e);
        } else {
            executor.execute(() -> cancelled(e));
        }
    }

    /** The request's message could not be written. */
    void writeFailed(Exchange e, Throwable cause) {
        fail(e, cause, true);
    }

    /**
     * The kernel dropped messages ({@code ENOBUFS}): every request sent may have lost its answer, so each fails
     * with {@link NetlinkOverrunException}; requests still waiting for their turn stay. The kernel drops unicast
     * answers to do-requests when the receive queue is full, so their places in the window are freed at once; a
     * dump is only paused while the queue is full (the kernel dumps more as it is read), so the next dump still
     * waits for the interrupted one's {@code NLMSG_DONE}.
     */
    void overrun() {
        abandoned.clear(); // their answers may be among the lost
        List<Exchange> victims = new ArrayList<>(inFlight.exchanges());
        Exchange retrying = dumps.retryWaiting();
        if (retrying != null) {
            victims.add(retrying);
        }
        for (Exchange e : victims) {
            fail(e, new NetlinkOverrunException(e.request.message().type(), e.sequence), !e.isDump());
        }
    }

    /** The channel closed: every request, sent or waiting, fails with {@link ClosedChannelException}. */
    void close() {
        closed = true; // failing one request must not send the next
        abandoned.clear();
        for (Exchange e : all()) {
            fail(e, new ClosedChannelException(), false);
        }
    }

    // --------------------------------------------------------------------------------------------- sending

    private void send(Exchange e) {
        NetlinkMessage m = e.attempts == 0 ? e.request.message() : e.copy.retainedDuplicate();
        int sequence = sequences.next(sequenceInUse);
        int ack = e.isDump() ? 0 : NetlinkFlags.NLM_F_ACK;
        m.setSequence(sequence).setPortId(0).setFlags(m.flags() | NetlinkFlags.NLM_F_REQUEST | ack);
        if (e.attempts == 0 && e.keepsCopy()) {
            e.copy = m.retainedDuplicate();
        }
        e.sequence = sequence;
        e.attempts++;
        e.state = Exchange.State.SENT;
        inFlight.add(e);
        if (e.isDump()) {
            dumps.taken(e);
        }
        output.write(e, m);
    }

    private boolean sequenceInUse(int s) {
        return dumps.draining(s) || inFlight.contains(s) || abandoned.contains(s);
    }

    /** Requests whose answers may still take room in the receive buffer. */
    private int outstanding() {
        return inFlight.size() + abandoned.size();
    }

    /**
     * Sends what waits, as far as the window and the one-dump rule allow. During a read the flush waits for the
     * read's end, so that the requests freed by one batch of answers share a datagram.
     */
    private void sendQueued() {
        if (closed) {
            return;
        }
        boolean sent = false;
        while (outstanding() < maxInFlight) {
            if (dumps.free() && waiting.hasDumps()) {
                send(waiting.pollDump());
                sent = true;
                continue;
            }
            int together = waiting.nextGroupSize();
            if (together == 0) {
                break;
            }
            if (together > 1 && outstanding() > 0 && outstanding() + together > maxInFlight) {
                break; // a batch goes whole: wait for room for all of it
            }
            for (int i = 0; i < together; i++) {
                Exchange e = waiting.pollRequest();
                if (e.state != Exchange.State.ENDED) {
                    send(e);
                    sent = true;
                }
            }
        }
        if (sent) {
            flushes.written();
        }
    }

    // ------------------------------------------------------------------------------------------- answering

    private void answer(Exchange e, NetlinkMessage m) {
        if (m.hasFlags(NetlinkFlags.NLM_F_DUMP_INTR)) {
            e.interrupted = true; // the kernel flags the inconsistent part and NLMSG_DONE alike
        }
        if (!NetlinkErrorMessage.isErrorOrDone(m)) {
            part(e, m);
            return;
        }
        NetlinkErrorMessage outcome;
        try {
            outcome = NetlinkErrorMessage.parse(m);
        } catch (MalformedNetlinkException malformed) {
            fail(e, malformed, true);
            return;
        } finally {
            m.release();
        }
        if (!outcome.isSuccess()) {
            // A dump refused with ENOBUFS only could not start for the full queue: the kernel runs it on as the
            // queue is read (netlink_dump_start leaves cb_running set) and ends it with NLMSG_DONE, so the next
            // dump waits for that, or the kernel would answer it EBUSY (an answer the congested socket may drop).
            boolean runsOn = e.isDump() && outcome.messageType() == NetlinkMessageType.NLMSG_ERROR
                    && outcome.errno() == Errno.ENOBUFS;
            fail(e, e.named(outcome.toException()), !runsOn);
        } else if (outcome.messageType() == NetlinkMessageType.NLMSG_DONE && e.interrupted) {
            interrupted(e);
        } else {
            succeed(e);
        }
    }

    private void part(Exchange e, NetlinkMessage m) {
        NetlinkRequest r = e.request;
        if (!r.streams()) {
            e.parts.add(m);
            return;
        }
        try {
            if (r.partReader() != null) {
                ByteBuf content = m.content();
                r.partReader().read(content, m.type(), content.readerIndex(), content.readableBytes());
            } else {
                r.consumer().accept(m);
            }
        } catch (Throwable t) {
            fail(e, t, false);
        } finally {
            m.release();
        }
    }

    private void interrupted(Exchange e) {
        NetlinkRequest r = e.request;
        switch (r.dumpInterruptPolicy()) {
            case RETURN -> {
                e.parts.markDumpInterrupted();
                succeed(e);
            }
            case RETRY -> {
                if (!r.streams() && e.attempts < r.maxAttempts()) {
                    retry(e);
                } else {
                    failInterrupted(e);
                }
            }
            case FAIL -> failInterrupted(e);
        }
    }

    /** Sends the dump again after a back-off; the dump slot stays taken meanwhile, so no other dump slips in. */
    private void retry(Exchange e) {
        inFlight.remove(e);
        e.parts.clear();
        e.interrupted = false;
        e.state = Exchange.State.RETRY_WAIT;
        e.retryAt = clock.getAsLong() + (RETRY_BACKOFF_NANOS << Math.min(e.attempts - 1, 10));
        wakeUp.by(e.retryAt);
        sendQueued();
    }

    private void failInterrupted(Exchange e) {
        fail(e, new NetlinkDumpInterruptedException(e.request.message().type(), e.sequence, e.attempts,
                e.parts.size()), true);
    }

    private void timedOut(Exchange e) {
        if (e.state == Exchange.State.QUEUED && e.isDump() && waiting.containsDump(e)) {
            // A dump still waiting for its turn: the one ahead never finished; stop waiting for it.
            dumps.giveUpDraining();
        }
        timeouts.increment();
        fail(e, new TimeoutException(NetlinkMessageType.toString(e.request.message().type()) + " request"
                + (e.state != Exchange.State.QUEUED ? " seq " + Integer.toUnsignedString(e.sequence)
                : " (not sent: waiting for its turn)") + " timed out after "
                + TimeUnit.NANOSECONDS.toMillis(e.deadline - e.created) + " ms"), false);
    }

    private void succeed(Exchange e) {
        if (!end(e, true, null) || !e.request.replies().trySuccess(e.parts)) {
            e.parts.release();
        }
    }

    private void fail(Exchange e, Throwable cause, boolean kernelDone) {
        if (end(e, kernelDone, cause)) {
            e.parts.release();
            e.request.replies().tryFailure(cause);
        }
    }

    /**
     * Forgets a request. One never sent has its message released and its write failed with {@code cause}; one the
     * kernel may still be answering keeps its sequence (a dump: the next dump waits for its end; any other:
     * its place in the window) until that answer ends. Returns false if the request had already ended.
     */
    private boolean end(Exchange e, boolean kernelDone, Throwable cause) {
        Exchange.State was = e.state;
        if (was == Exchange.State.ENDED) {
            return false;
        }
        e.state = Exchange.State.ENDED;
        boolean answerComing = was == Exchange.State.SENT && !kernelDone;
        if (was == Exchange.State.SENT) {
            inFlight.remove(e);
        } else if (was == Exchange.State.QUEUED) {
            waiting.remove(e); // a batch member stays, skipped when its batch goes
            e.request.message().release();
            e.written.tryFailure(cause != null ? cause : new CancellationException("request not sent"));
        }
        e.releaseCopy();
        if (!dumps.ended(e, answerComing) && answerComing && !closed) {
            long until = clock.getAsLong() + abandonNanos;
            abandoned.add(e.sequence, until);
            wakeUp.by(until);
        }
        sendQueued();
        return true;
    }

    /**
     * The end of an answer whose request had already ended: its sequence and its room are free again (a drained
     * dump's late {@code ENOBUFS} refusal is no end, see {@link DumpSlot}).
     */
    private void endedLate(int sequence, boolean refusedForRoom) {
        if (dumps.lateEnd(sequence, refusedForRoom) || abandoned.ended(sequence)) {
            sendQueued();
        }
    }

    /** Whether {@code m} is an {@code NLMSG_ERROR} carrying {@code ENOBUFS}. */
    private static boolean refusedForRoom(NetlinkMessage m) {
        return m.type() == NetlinkMessageType.NLMSG_ERROR && NetlinkErrorMessage.error(m) == -Errno.ENOBUFS;
    }

    /** Every request not ended: sent, waiting for a retry, queued. */
    private List<Exchange> all() {
        List<Exchange> all = new ArrayList<>(inFlight.size() + waiting.entries() + 1);
        all.addAll(inFlight.exchanges());
        Exchange retrying = dumps.retryWaiting();
        if (retrying != null) {
            all.add(retrying);
        }
        waiting.addTo(all);
        return all;
    }

    /**
     * What the state machine holds, for a person reading a stuck socket: the requests sent (sequence, type, state),
     * the dump slot, a dump drained on our side, the waiting lines and the abandoned answers. Event loop only.
     */
    @Override
    public String toString() {
        return new StringBuilder("Correlator(in flight ").append(inFlight)
                .append(", dump slot ").append(dumps)
                .append(", waiting ").append(waiting.entries()).append(waiting.hasDumps() ? " (dumps among them)" : "")
                .append(", abandoned ").append(abandoned.size()).append(closed ? ", closed" : "").append(')')
                .toString();
    }
}
