package dev.netlink.client;

import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.Errno;
import dev.netlink.codec.HostOrder;
import dev.netlink.codec.MalformedNetlinkException;
import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkException;
import dev.netlink.codec.NetlinkExtendedAck;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageEncoder;
import dev.netlink.codec.NetlinkMessageType;
import dev.netlink.codec.attr.AttributeSchema;
import dev.netlink.codec.attr.AttributeType;
import dev.netlink.codec.attr.AttributeWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The correlation rules one by one, on the state machine alone: messages are objects, time is a number, and what
 * the correlator asks of the pipeline is recorded. No channel, no bytes on a wire.
 */
class CorrelatorTest {
    static final int PORT = 4242;
    static final int TYPE = 0x10;
    static final long TIMEOUT = TimeUnit.SECONDS.toNanos(1);

    /** What the correlator asked for. */
    static final class Recorder implements Correlator.Output {
        final List<NetlinkMessage> written = new ArrayList<>();
        final List<Exchange> exchanges = new ArrayList<>();
        int flushes;
        int flushLaters;
        long wakeAt = -1;

        @Override
        public void write(Exchange exchange, NetlinkMessage message) {
            exchanges.add(exchange);
            written.add(message);
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void flushLater() {
            flushLaters++;
        }

        @Override
        public void wakeAt(long deadline) {
            wakeAt = deadline;
        }

        /** The sequence numbers written so far, and releases what was written. */
        List<Integer> sent() {
            List<Integer> s = written.stream().map(NetlinkMessage::sequence).toList();
            written.forEach(NetlinkMessage::release);
            written.clear();
            return s;
        }
    }

    private final Recorder out = new Recorder();
    private long now = 1_000;
    private final List<Promise<?>> promises = new ArrayList<>();
    private Correlator correlator = correlator(TIMEOUT, 32);

    private Correlator correlator(long timeout, int window) {
        Correlator c = new Correlator(out, ImmediateEventExecutor.INSTANCE, () -> now, timeout, window);
        c.portId(PORT);
        return c;
    }

    @AfterEach
    void releaseEverything() {
        correlator.close();
        out.sent();
        for (Promise<?> p : promises) {
            if (p.isSuccess() && p.getNow() instanceof NetlinkReplies<?> r) {
                r.close();
            }
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    private NetlinkRequest request(int flags) {
        Promise<NetlinkReplies<NetlinkMessage>> p = ImmediateEventExecutor.INSTANCE.newPromise();
        promises.add(p);
        return new NetlinkRequest(new DefaultNetlinkMessage(TYPE, flags, 0, 77, Unpooled.buffer(0)), p);
    }

    private Promise<Void> written() {
        return new DefaultPromise<>(ImmediateEventExecutor.INSTANCE);
    }

    private Future<NetlinkReplies<NetlinkMessage>> submit(NetlinkRequest r) {
        correlator.submit(r, written());
        return r.replies();
    }

    private Future<NetlinkReplies<NetlinkMessage>> submit(int flags) {
        return submit(request(flags));
    }

    static NetlinkMessage part(int seq, int flags, String text) {
        return new DefaultNetlinkMessage(TYPE, flags, seq, PORT,
                Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII), NetlinkAddress.KERNEL, 0);
    }

    /** {@code NLMSG_ERROR} with {@code errno} (0: an ACK), CAPPED, echoing a 16-byte request header. */
    static NetlinkMessage ack(int seq, int errno) {
        return error(seq, errno, NetlinkFlags.NLM_F_CAPPED, null);
    }

    static NetlinkMessage error(int seq, int errno, int flags, java.util.function.Consumer<AttributeWriter> tlvs) {
        ByteBuf p = Unpooled.buffer();
        HostOrder.writeI32(p, -errno); // struct nlmsgerr: the error, then the request's header echoed
        NetlinkMessageEncoder.encode(new DefaultNetlinkMessage(TYPE, NetlinkFlags.NLM_F_REQUEST, seq, 0,
                Unpooled.EMPTY_BUFFER), p);
        if (tlvs != null) {
            tlvs.accept(new AttributeWriter(p));
        }
        return new DefaultNetlinkMessage(NetlinkMessageType.NLMSG_ERROR, flags | (tlvs != null
                ? NetlinkFlags.NLM_F_ACK_TLVS : 0), seq, PORT, p, NetlinkAddress.KERNEL, 0);
    }

    static NetlinkMessage done(int seq, int flags) {
        ByteBuf p = HostOrder.writeI32(Unpooled.buffer(4), 0); // NLMSG_DONE's int error
        return new DefaultNetlinkMessage(NetlinkMessageType.NLMSG_DONE, NetlinkFlags.NLM_F_MULTI | flags, seq, PORT,
                p, NetlinkAddress.KERNEL, 0);
    }

    static String text(NetlinkMessage m) {
        return m.content().toString(StandardCharsets.US_ASCII);
    }

    private void read(NetlinkMessage... messages) {
        for (NetlinkMessage m : messages) {
            assertTrue(correlator.read(m), "taken: " + m);
        }
        correlator.readComplete();
    }

    // ------------------------------------------------------------------------------------- sequence numbers

    @Test
    void sequenceNumbersCountFromOneAndSkipZeroAndNumbersInUseOnWrap() {
        submit(0);
        correlator.sequences().reset(-1); // 0xffffffff
        submit(0);
        submit(0);
        correlator.sequences().reset(1); // 1 is still in flight
        submit(0);
        assertEquals(List.of(1, -1, 2, 3), out.sent());
    }

    @Test
    void requestsGetRequestAndAckAndPortZeroDumpsNoAck() {
        submit(0);
        submit(NetlinkFlags.NLM_F_DUMP);
        NetlinkMessage doRequest = out.written.get(0);
        NetlinkMessage dump = out.written.get(1);
        assertEquals(NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK, doRequest.flags());
        assertEquals(0, doRequest.portId(), "port id 77 of the caller is replaced by 0");
        assertEquals(NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_DUMP, dump.flags(),
                "the kernel never acknowledges a dump, so NLM_F_ACK is left off");
        out.sent();
    }

    // ------------------------------------------------------------------------------------------- answers

    @Test
    void aReplyThenAckCompletesWithTheReply() {
        Future<NetlinkReplies<NetlinkMessage>> f = submit(0);
        read(part(1, 0, "answer"));
        assertFalse(f.isDone(), "a do-request waits for its ACK");
        read(ack(1, 0));
        try (NetlinkReplies<NetlinkMessage> r = f.getNow()) {
            assertEquals(List.of("answer"), r.stream().map(CorrelatorTest::text).toList());
        }
        assertEquals(0, correlator.pending());
    }

    @Test
    void aDumpGathersItsPartsUntilDone() {
        Future<NetlinkReplies<NetlinkMessage>> f = submit(NetlinkFlags.NLM_F_DUMP);
        read(part(1, NetlinkFlags.NLM_F_MULTI, "a"), part(1, NetlinkFlags.NLM_F_MULTI, "b"));
        read(part(1, NetlinkFlags.NLM_F_MULTI, "c"));
        assertFalse(f.isDone());
        read(done(1, 0));
        try (NetlinkReplies<NetlinkMessage> r = f.getNow()) {
            assertEquals(List.of("a", "b", "c"), r.stream().map(CorrelatorTest::text).toList());
            assertFalse(r.dumpInterrupted());
        }
    }

    @Test
    void interleavedAnswersGoToTheirOwnRequests() {
        Future<NetlinkReplies<NetlinkMessage>> one = submit(0);
        Future<NetlinkReplies<NetlinkMessage>> two = submit(0);
        read(part(2, 0, "for-two"), part(1, 0, "for-one"), ack(2, 0));
        assertTrue(two.isSuccess());
        assertFalse(one.isDone());
        read(ack(1, 0));
        assertEquals("for-one", text(one.getNow().get(0)));
        assertEquals("for-two", text(two.getNow().get(0)));
    }

    @Test
    void anEchoMarkedWithItsGroupAnswersTheRequestThatAskedForIt() {
        Future<NetlinkReplies<NetlinkMessage>> f = submit(NetlinkFlags.NLM_F_ECHO);
        read(new DefaultNetlinkMessage(TYPE, 0, 1, PORT, Unpooled.copiedBuffer("echo", StandardCharsets.US_ASCII),
                NetlinkAddress.KERNEL, 5), ack(1, 0));
        try (NetlinkReplies<NetlinkMessage> r = f.getNow()) {
            assertEquals(List.of("echo"), r.stream().map(CorrelatorTest::text).toList());
        }
        submit(0); // sequence 2, without NLM_F_ECHO: a group-marked message with its number is a notification
        NetlinkMessage multicast = new DefaultNetlinkMessage(TYPE, 0, 2, PORT, Unpooled.buffer(0),
                NetlinkAddress.KERNEL, 5);
        assertFalse(correlator.read(multicast));
        multicast.release();
    }

    @Test
    void notificationsAndSequenceZeroAreNotTaken() {
        submit(0);
        NetlinkMessage multicast = new DefaultNetlinkMessage(TYPE, 0, 1, 0, Unpooled.buffer(0),
                new NetlinkAddress(0, 1), 1);
        NetlinkMessage seqZero = new DefaultNetlinkMessage(TYPE, 0, 0, 0, Unpooled.buffer(0), NetlinkAddress.KERNEL,
                0);
        assertFalse(correlator.read(multicast), "a multicast copy, even with a sequence in flight");
        assertFalse(correlator.read(seqZero));
        assertEquals(2, multicast.refCnt() + seqZero.refCnt(), "handed back, not released");
        multicast.release();
        seqZero.release();
    }

    @Test
    void aUserSpacePeerNeverAnswersARequest() {
        Future<NetlinkReplies<NetlinkMessage>> f = submit(0);
        NetlinkMessage forged = new DefaultNetlinkMessage(NetlinkMessageType.NLMSG_ERROR, 0, 1, PORT,
                Unpooled.buffer(0), NetlinkAddress.ofPort(999), 0);
        assertFalse(correlator.read(forged), "handed back: the channel's sender policy decides about it");
        forged.release();
        assertFalse(f.isDone());
    }

    @Test
    void anAnswerForAnotherPortIsLateAndReleased() {
        Future<NetlinkReplies<NetlinkMessage>> f = submit(0);
        NetlinkMessage other = new DefaultNetlinkMessage(TYPE, 0, 1, PORT + 1, Unpooled.buffer(0),
                NetlinkAddress.KERNEL, 0);
        assertTrue(correlator.read(other));
        assertEquals(0, other.refCnt());
        assertEquals(1, correlator.lateReplies());
        assertFalse(f.isDone());
    }

    @Test
    void anErrorFailsTheRequestWithEveryExtendedAckDetail() {
        Future<NetlinkReplies<NetlinkMessage>> f = submit(0);
        read(part(1, 0, "dropped with the failure"), error(1, Errno.ENOENT, 0, w -> {
            w.putString(NetlinkExtendedAck.NLMSGERR_ATTR_MSG, "No such thing");
            w.putU32(NetlinkExtendedAck.NLMSGERR_ATTR_OFFS, 20);
            w.putU32(NetlinkExtendedAck.NLMSGERR_ATTR_MISS_TYPE, 3);
            w.putU32(NetlinkExtendedAck.NLMSGERR_ATTR_MISS_NEST, 24);
            w.putBinary(NetlinkExtendedAck.NLMSGERR_ATTR_COOKIE, new byte[] {9});
        }));
        NetlinkException e = assertInstanceOf(NetlinkException.class, f.cause());
        assertEquals("ENOENT", e.errnoName());
        assertEquals("No such thing", e.extendedAck().message());
        assertEquals(20, e.extendedAck().offset());
        assertEquals(3, e.extendedAck().missingType());
        assertEquals(24, e.extendedAck().missingNest());
        assertEquals(9, e.extendedAck().cookie()[0]);
        assertEquals(1, e.requestSequence());
    }

    @Test
    void anErrorOffsetIsNamedByTheRequestsSchema() {
        AttributeSchema schema = AttributeSchema.builder("test")
                .add(1, "T_ID", AttributeType.U32).add(2, "T_NAME", AttributeType.STRING).build();
        ByteBuf payload = Unpooled.buffer();
        payload.writeInt(0); // a 4-byte family header
        new AttributeWriter(payload).putU32(1, 7).putString(2, "x");
        Promise<NetlinkReplies<NetlinkMessage>> p = ImmediateEventExecutor.INSTANCE.newPromise();
        NetlinkRequest r = new NetlinkRequest(new DefaultNetlinkMessage(TYPE, 0, 0, 0, payload), p).schema(schema, 4);
        submit(r);
        // nlmsghdr 16 + header 4 + T_ID 8: T_NAME starts at 28
        read(error(1, Errno.EINVAL, 0, w -> w.putU32(NetlinkExtendedAck.NLMSGERR_ATTR_OFFS, 28)));
        NetlinkException e = assertInstanceOf(NetlinkException.class, p.cause());
        assertEquals("T_NAME", e.attributePath());
        assertTrue(e.getMessage().contains("at T_NAME (offset 28)"), e.getMessage());
    }

    @Test
    void aMalformedErrorFailsItsRequest() {
        Future<NetlinkReplies<NetlinkMessage>> f = submit(0);
        read(new DefaultNetlinkMessage(NetlinkMessageType.NLMSG_ERROR, 0, 1, PORT, Unpooled.buffer(2).writeShort(1),
                NetlinkAddress.KERNEL, 0));
        assertInstanceOf(MalformedNetlinkException.class, f.cause());
        assertEquals(0, correlator.pending());
    }

    // --------------------------------------------------------------------------------------- NLM_F_DUMP_INTR

    @Test
    void anInterruptedDumpFailsByDefaultHoldingNoBuffers() {
        Future<NetlinkReplies<NetlinkMessage>> f = submit(NetlinkFlags.NLM_F_DUMP);
        NetlinkMessage a = part(1, NetlinkFlags.NLM_F_MULTI | NetlinkFlags.NLM_F_DUMP_INTR, "a");
        read(a, done(1, NetlinkFlags.NLM_F_DUMP_INTR));
        NetlinkDumpInterruptedException e = assertInstanceOf(NetlinkDumpInterruptedException.class, f.cause());
        assertEquals(1, e.parts());
        assertEquals(0, a.refCnt(), "the parts were released: the exception holds no buffer");
    }

    @Test
    void anInterruptedDumpCanBeReturnedFlagged() {
        NetlinkRequest r = request(NetlinkFlags.NLM_F_DUMP).dumpInterruptPolicy(DumpInterruptPolicy.RETURN);
        submit(r);
        read(part(1, NetlinkFlags.NLM_F_MULTI | NetlinkFlags.NLM_F_DUMP_INTR, "a"), done(1, 0));
        assertTrue(r.replies().getNow().dumpInterrupted());
        assertEquals(1, r.replies().getNow().size());
    }

    @Test
    void anInterruptedDumpIsSentAgainAfterABackOffUnderANewSequence() {
        NetlinkRequest r = request(NetlinkFlags.NLM_F_DUMP).dumpInterruptPolicy(DumpInterruptPolicy.RETRY);
        submit(r);
        assertEquals(List.of(1), out.sent());
        read(part(1, NetlinkFlags.NLM_F_MULTI | NetlinkFlags.NLM_F_DUMP_INTR, "stale"), done(1, 0));
        assertFalse(r.replies().isDone());
        assertEquals(List.of(), out.sent(), "not at once: it waits for the back-off");
        Future<NetlinkReplies<NetlinkMessage>> other = submit(NetlinkFlags.NLM_F_DUMP);
        assertEquals(List.of(), out.sent(), "the dump slot stays taken during the back-off");
        now = out.wakeAt;
        correlator.expire();
        assertEquals(List.of(2), out.sent());
        read(part(2, NetlinkFlags.NLM_F_MULTI, "fresh"), done(2, 0));
        assertEquals(List.of("fresh"), r.replies().getNow().stream().map(CorrelatorTest::text).toList());
        assertEquals(List.of(3), out.sent(), "then the next dump goes");
        read(done(3, 0));
        assertTrue(other.isSuccess());
    }

    @Test
    void retriesAreBoundedThenFail() {
        NetlinkRequest r = request(NetlinkFlags.NLM_F_DUMP).dumpInterruptPolicy(DumpInterruptPolicy.RETRY)
                .maxAttempts(2);
        submit(r);
        read(done(1, NetlinkFlags.NLM_F_DUMP_INTR));
        now = out.wakeAt;
        correlator.expire();
        read(done(2, NetlinkFlags.NLM_F_DUMP_INTR));
        NetlinkDumpInterruptedException e = assertInstanceOf(NetlinkDumpInterruptedException.class,
                r.replies().cause());
        assertEquals(2, e.attempts());
    }

    // ----------------------------------------------------------------------------------------- deadlines

    @Test
    void aRequestTimesOutAtItsDeadlineAndItsLateAnswerIsReleased() {
        Future<NetlinkReplies<NetlinkMessage>> f = submit(0);
        assertEquals(1_000 + TIMEOUT, out.wakeAt, "one timer, at the earliest deadline");
        now += TIMEOUT - 1;
        correlator.expire();
        assertFalse(f.isDone());
        now += 1;
        correlator.expire();
        TimeoutException e = assertInstanceOf(TimeoutException.class, f.cause());
        assertTrue(e.getMessage().contains("seq 1 timed out after 1000 ms"), e.getMessage());
        assertEquals(1, correlator.timeouts());
        NetlinkMessage late = part(1, 0, "late");
        read(late, ack(1, 0));
        assertEquals(0, late.refCnt());
        assertEquals(2, correlator.lateReplies());
    }

    @Test
    void aRequestsOwnTimeoutOverridesTheDefaultAndZeroMeansNone() {
        Future<NetlinkReplies<NetlinkMessage>> quick = submit(request(0).timeoutMillis(10));
        Future<NetlinkReplies<NetlinkMessage>> patient = submit(request(0).timeoutMillis(0));
        now += TimeUnit.MILLISECONDS.toNanos(10);
        correlator.expire();
        assertInstanceOf(TimeoutException.class, quick.cause());
        now += TIMEOUT * 100;
        correlator.expire();
        assertFalse(patient.isDone());
    }

    @Test
    void aTimedOutRequestKeepsItsPlaceInTheWindowUntilItsAnswerEnds() {
        correlator = correlator(TIMEOUT, 1);
        submit(request(0).timeoutMillis(10));
        Future<NetlinkReplies<NetlinkMessage>> next = submit(0);
        assertEquals(List.of(1), out.sent());
        now += TimeUnit.MILLISECONDS.toNanos(10);
        correlator.expire();
        assertEquals(List.of(), out.sent(), "its answer still takes room in the receive buffer");
        read(ack(1, 0));
        assertEquals(List.of(2), out.sent(), "the late end frees the place");
        read(ack(2, 0));
        assertTrue(next.isSuccess());
    }

    @Test
    void anAbandonedAnswerThatNeverComesFreesItsPlaceAfterTheDefaultTimeout() {
        correlator = correlator(TIMEOUT, 1);
        submit(request(0).timeoutMillis(10));
        submit(request(0).timeoutMillis(0));
        out.sent();
        now += TimeUnit.MILLISECONDS.toNanos(10);
        correlator.expire();
        assertEquals(List.of(), out.sent());
        now = out.wakeAt;
        correlator.expire();
        assertEquals(List.of(2), out.sent());
    }

    // ----------------------------------------------------------------------------------------- ending

    @Test
    void cancellationEndsTheRequest() {
        Future<NetlinkReplies<NetlinkMessage>> f = submit(0);
        Exchange e = out.exchanges.get(0);
        correlator.cancelled(e);
        assertInstanceOf(CancellationException.class, f.cause());
        assertEquals(0, correlator.pending(), "no longer waited for (its answer still keeps its place)");
    }

    @Test
    void aWriteFailureFailsTheRequest() {
        Future<NetlinkReplies<NetlinkMessage>> f = submit(0);
        correlator.writeFailed(out.exchanges.get(0), new ClosedChannelException());
        assertInstanceOf(ClosedChannelException.class, f.cause());
        assertEquals(0, correlator.pending());
    }

    @Test
    void aRequestWhosePromiseIsDoneIsNeitherSentNorKept() {
        NetlinkRequest r = request(0);
        r.replies().cancel(false);
        Promise<Void> written = written();
        assertNull(correlator.submit(r, written));
        assertEquals(0, r.message().refCnt(), "released");
        assertInstanceOf(CancellationException.class, written.cause());
        assertEquals(List.of(), out.sent());
    }

    @Test
    void closingFailsEveryRequestSentOrQueued() {
        correlator = correlator(TIMEOUT, 1);
        Future<NetlinkReplies<NetlinkMessage>> sent = submit(0);
        NetlinkRequest queued = request(0);
        Promise<Void> queuedWrite = written();
        correlator.submit(queued, queuedWrite);
        correlator.close();
        assertInstanceOf(ClosedChannelException.class, sent.cause());
        assertInstanceOf(ClosedChannelException.class, queued.replies().cause());
        assertInstanceOf(ClosedChannelException.class, queuedWrite.cause(), "its write never happens");
        assertEquals(0, queued.message().refCnt());
        assertEquals(List.of(1), out.sent(), "failing one does not send the next");
        Future<NetlinkReplies<NetlinkMessage>> after = submit(0);
        assertInstanceOf(ClosedChannelException.class, after.cause());
    }

    @Test
    void aKernelOverrunFailsTheRequestsSentButNotThoseWaiting() {
        correlator = correlator(TIMEOUT, 1);
        Future<NetlinkReplies<NetlinkMessage>> sent = submit(0);
        Future<NetlinkReplies<NetlinkMessage>> waiting = submit(0);
        correlator.overrun();
        NetlinkOverrunException e = assertInstanceOf(NetlinkOverrunException.class, sent.cause());
        assertTrue(e.getMessage().contains("ENOBUFS"), e.getMessage());
        assertFalse(waiting.isDone());
        assertEquals(List.of(1, 2), out.sent(), "the waiting one goes out: the lost answer holds no place");
        read(ack(2, 0));
        assertTrue(waiting.isSuccess());
    }

    @Test
    void aDumpInterruptedByAnOverrunIsDrainedBeforeTheNextDump() {
        Future<NetlinkReplies<NetlinkMessage>> dump = submit(NetlinkFlags.NLM_F_DUMP);
        correlator.overrun();
        assertInstanceOf(NetlinkOverrunException.class, dump.cause());
        submit(NetlinkFlags.NLM_F_DUMP);
        assertEquals(List.of(1), out.sent(), "the kernel goes on dumping as the socket is read");
        read(done(1, 0));
        assertEquals(List.of(2), out.sent());
    }

    // ------------------------------------------------------------------------------------------- dumps

    @Test
    void dumpsGoOneAtATime() {
        Future<NetlinkReplies<NetlinkMessage>> first = submit(NetlinkFlags.NLM_F_DUMP);
        Future<NetlinkReplies<NetlinkMessage>> second = submit(NetlinkFlags.NLM_F_DUMP);
        Future<NetlinkReplies<NetlinkMessage>> doRequest = submit(0);
        assertEquals(List.of(1, 2), out.sent(), "the do-request passes the waiting dump");
        read(done(1, 0));
        assertTrue(first.isSuccess());
        assertEquals(List.of(3), out.sent());
        read(ack(2, 0), done(3, 0));
        assertTrue(second.isSuccess() && doRequest.isSuccess());
    }

    @Test
    void aDumpThatEndedOnOurSideIsDrainedBeforeTheNextDumpGoes() {
        Future<NetlinkReplies<NetlinkMessage>> first = submit(NetlinkFlags.NLM_F_DUMP);
        submit(NetlinkFlags.NLM_F_DUMP);
        out.sent();
        correlator.cancelled(out.exchanges.get(0));
        assertInstanceOf(CancellationException.class, first.cause());
        assertEquals(List.of(), out.sent(), "the kernel is still dumping: a second dump would get EBUSY");
        NetlinkMessage stale = part(1, NetlinkFlags.NLM_F_MULTI, "stale");
        read(stale);
        assertEquals(0, stale.refCnt());
        read(done(1, 0));
        assertEquals(List.of(2), out.sent());
    }

    @Test
    void aDumpRefusedWithEnobufsRunsOnInTheKernelSoTheNextDumpWaitsForItsDone() {
        Future<NetlinkReplies<NetlinkMessage>> refused = submit(NetlinkFlags.NLM_F_DUMP);
        Future<NetlinkReplies<NetlinkMessage>> next = submit(NetlinkFlags.NLM_F_DUMP);
        assertEquals(List.of(1), out.sent());
        read(ack(1, Errno.ENOBUFS)); // netlink_dump_start could not fill the full queue, and keeps cb_running
        NetlinkException e = assertInstanceOf(NetlinkException.class, refused.cause());
        assertEquals(Errno.ENOBUFS, e.errno());
        assertTheNextWaitsForTheRefusedDumpsDone(next);
    }

    /** Dump 1, refused with ENOBUFS, runs on in the kernel: dump 2 goes only after dump 1's NLMSG_DONE. */
    private void assertTheNextWaitsForTheRefusedDumpsDone(Future<NetlinkReplies<NetlinkMessage>> next) {
        assertEquals(List.of(), out.sent(), "the kernel still runs that dump: the next would get EBUSY");
        read(part(1, NetlinkFlags.NLM_F_MULTI, "late"), done(1, 0));
        assertEquals(List.of(2), out.sent(), "sent once the refused dump's NLMSG_DONE came");
        read(done(2, 0));
        assertTrue(next.isSuccess());
    }

    /**
     * Seen in a link flood on 6.18: the overrun is read before the refusal of the dump sent into the full queue, so
     * the dump has ended on our side and its {@code ENOBUFS} comes late; the kernel runs it on all the same.
     */
    @Test
    void aDumpFailedByAnOverrunThenRefusedWithEnobufsIsStillDrainedToItsDone() {
        Future<NetlinkReplies<NetlinkMessage>> refused = submit(NetlinkFlags.NLM_F_DUMP);
        Future<NetlinkReplies<NetlinkMessage>> next = submit(NetlinkFlags.NLM_F_DUMP);
        assertEquals(List.of(1), out.sent());
        correlator.overrun();
        assertInstanceOf(NetlinkOverrunException.class, refused.cause());
        read(ack(1, Errno.ENOBUFS)); // late: the refusal of a dump that runs on
        assertTheNextWaitsForTheRefusedDumpsDone(next);
    }

    @Test
    void aDumpRefusedOtherwiseFreesTheSlotAtOnce() {
        Future<NetlinkReplies<NetlinkMessage>> refused = submit(NetlinkFlags.NLM_F_DUMP);
        submit(NetlinkFlags.NLM_F_DUMP);
        out.sent();
        read(ack(1, Errno.EPERM));
        assertInstanceOf(NetlinkException.class, refused.cause());
        assertEquals(List.of(2), out.sent());
        read(done(2, 0));
    }

    @Test
    void aStreamedDumpHandsOverEachPartAndReleasesIt() {
        List<String> seen = new ArrayList<>();
        NetlinkRequest r = request(NetlinkFlags.NLM_F_DUMP).consumer(m -> seen.add(text(m)));
        submit(r);
        NetlinkMessage a = part(1, NetlinkFlags.NLM_F_MULTI, "a");
        read(a, part(1, NetlinkFlags.NLM_F_MULTI, "b"));
        assertEquals(List.of("a", "b"), seen);
        assertEquals(0, a.refCnt());
        read(done(1, 0));
        assertTrue(r.replies().getNow().isEmpty());
    }

    @Test
    void aThrowingConsumerFailsTheDumpAndTheRestIsDrained() {
        NetlinkRequest r = request(NetlinkFlags.NLM_F_DUMP).consumer(m -> {
            throw new IllegalStateException("boom");
        });
        submit(r);
        read(part(1, NetlinkFlags.NLM_F_MULTI, "a"));
        assertInstanceOf(IllegalStateException.class, r.replies().cause());
        Future<NetlinkReplies<NetlinkMessage>> next = submit(NetlinkFlags.NLM_F_DUMP);
        read(part(1, NetlinkFlags.NLM_F_MULTI, "b"), done(1, 0));
        assertEquals(List.of(1, 2), out.sent());
        read(done(2, 0));
        assertTrue(next.isSuccess());
    }

    /** The wire bytes of {@code messages}, one datagram, and releases them. */
    static ByteBuf datagram(NetlinkMessage... messages) {
        ByteBuf d = Unpooled.buffer();
        for (NetlinkMessage m : messages) {
            int len = NetlinkMessage.HEADER_LENGTH + m.content().readableBytes();
            HostOrder.writeI32(d, len);
            HostOrder.writeI16(d, m.type());
            HostOrder.writeI16(d, m.flags());
            HostOrder.writeI32(d, m.sequence());
            HostOrder.writeI32(d, m.portId());
            d.writeBytes(m.content(), m.content().readerIndex(), m.content().readableBytes());
            d.writeZero(NetlinkMessage.align(len) - len);
            m.release();
        }
        return d;
    }

    @Test
    void aPartReaderReadsPartsWhereTheyLieAndLeavesTheEndToTheMessagePath() {
        List<String> seen = new ArrayList<>();
        NetlinkRequest r = request(NetlinkFlags.NLM_F_DUMP).partReader((buf, type, index, length) -> {
            assertEquals(TYPE, type);
            seen.add(buf.toString(index, length, StandardCharsets.US_ASCII));
        });
        submit(r);
        ByteBuf d = datagram(part(1, NetlinkFlags.NLM_F_MULTI, "ab"), part(1, NetlinkFlags.NLM_F_MULTI, "c"),
                part(2, NetlinkFlags.NLM_F_MULTI, "not ours"));
        try {
            assertTrue(correlator.readInPlace(d, 0, NetlinkAddress.KERNEL, 0));
            assertTrue(correlator.readInPlace(d, 20, NetlinkAddress.KERNEL, 0), "after the first part's padding");
            assertFalse(correlator.readInPlace(d, 40, NetlinkAddress.KERNEL, 0), "another sequence: a message");
            assertFalse(correlator.readInPlace(d, 0, NetlinkAddress.ofPort(99), 0), "a user-space peer's");
            assertFalse(correlator.readInPlace(d, 0, NetlinkAddress.KERNEL, 1), "a multicast copy");
        } finally {
            d.release();
        }
        assertEquals(List.of("ab", "c"), seen);
        assertFalse(r.replies().isDone());
        read(part(1, NetlinkFlags.NLM_F_MULTI, "d"));
        assertEquals(List.of("ab", "c", "d"), seen, "a part that comes as a message is read all the same");
        ByteBuf end = datagram(done(1, 0));
        try {
            assertTrue(correlator.readInPlace(end, 0, NetlinkAddress.KERNEL, 0), "a plain NLMSG_DONE, in place");
        } finally {
            end.release();
        }
        assertTrue(r.replies().getNow().isEmpty());
    }

    @Test
    void aPlainAckEndsItsRequestInPlaceAndAnErrorIsLeftToTheMessagePath() {
        Future<NetlinkReplies<NetlinkMessage>> ok = submit(0);
        Future<NetlinkReplies<NetlinkMessage>> refused = submit(0);
        ByteBuf d = datagram(ack(1, 0), ack(2, Errno.EPERM));
        try {
            assertTrue(correlator.readInPlace(d, 0, NetlinkAddress.KERNEL, 0));
            assertTrue(ok.isSuccess());
            assertFalse(correlator.readInPlace(d, 36, NetlinkAddress.KERNEL, 0), "an error: its ext-ack is parsed");
            assertFalse(refused.isDone());
        } finally {
            d.release();
        }
    }

    @Test
    void aPartReadInPlaceWithDumpIntrFailsTheDumpAtItsEnd() {
        NetlinkRequest r = request(NetlinkFlags.NLM_F_DUMP).partReader((buf, type, index, length) -> { });
        submit(r);
        ByteBuf d = datagram(part(1, NetlinkFlags.NLM_F_MULTI | NetlinkFlags.NLM_F_DUMP_INTR, "a"));
        try {
            assertTrue(correlator.readInPlace(d, 0, NetlinkAddress.KERNEL, 0));
        } finally {
            d.release();
        }
        read(done(1, 0));
        assertInstanceOf(NetlinkDumpInterruptedException.class, r.replies().cause(),
                "a streamed dump cannot be sent again: its parts are gone");
    }

    @Test
    void aThrowingPartReaderFailsTheDumpAndTheRestIsDrainedAsLate() {
        NetlinkRequest r = request(NetlinkFlags.NLM_F_DUMP).partReader((buf, type, index, length) -> {
            throw new IllegalStateException("boom");
        });
        submit(r);
        ByteBuf d = datagram(part(1, NetlinkFlags.NLM_F_MULTI, "a"), part(1, NetlinkFlags.NLM_F_MULTI, "b"));
        try {
            assertTrue(correlator.readInPlace(d, 0, NetlinkAddress.KERNEL, 0));
            assertFalse(correlator.readInPlace(d, 20, NetlinkAddress.KERNEL, 0), "the dump has ended: late");
        } finally {
            d.release();
        }
        assertInstanceOf(IllegalStateException.class, r.replies().cause());
        long late = correlator.lateReplies();
        read(part(1, NetlinkFlags.NLM_F_MULTI, "b"), done(1, 0));
        assertEquals(late + 2, correlator.lateReplies());
    }

    // ------------------------------------------------------------------------------------------- window

    @Test
    void atMostMaxInFlightAreOutAndTheRestFollowInOrderInOneFlushAfterTheRead() {
        correlator = correlator(TIMEOUT, 2);
        List<Future<NetlinkReplies<NetlinkMessage>>> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            all.add(submit(0));
        }
        assertEquals(List.of(1, 2), out.sent());
        int flushes = out.flushes;
        correlator.read(ack(1, 0));
        correlator.read(ack(2, 0));
        assertEquals(List.of(3, 4), out.sent(), "written as answers free places");
        assertEquals(flushes, out.flushes, "but not flushed during the read");
        assertEquals(1, out.flushLaters, "a flush is asked for in case the read never completes");
        correlator.readComplete();
        assertEquals(flushes + 1, out.flushes, "one flush for both: they share a datagram");
        correlator.flushDeferred();
        assertEquals(flushes + 1, out.flushes, "nothing left to flush");
        read(ack(3, 0), ack(4, 0));
        assertEquals(List.of(5), out.sent());
        read(ack(5, 0));
        assertTrue(all.stream().allMatch(Future::isSuccess));
    }

    // ------------------------------------------------------------------------------------------- batches

    private List<Future<NetlinkReplies<NetlinkMessage>>> submitBatch(int n) {
        List<NetlinkRequest> batch = new ArrayList<>();
        List<Promise<Void>> written = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(request(0));
            written.add(written());
        }
        correlator.submitBatch(batch, written);
        return batch.stream().map(NetlinkRequest::replies).map(f -> (Future<NetlinkReplies<NetlinkMessage>>) f)
                .toList();
    }

    @Test
    void aBatchGoesOutTogetherAndEachAnswerEndsOnlyItsRequest() {
        List<Future<NetlinkReplies<NetlinkMessage>>> all = submitBatch(3);
        NetlinkMessage first = out.written.get(0);
        assertEquals(NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK, first.flags());
        assertEquals(List.of(1, 2, 3), out.sent());
        read(ack(2, Errno.EINVAL), ack(1, 0), ack(3, 0));
        assertTrue(all.get(0).isSuccess());
        assertInstanceOf(NetlinkException.class, all.get(1).cause(), "an error fails only its request");
        assertTrue(all.get(2).isSuccess());
    }

    @Test
    void aBatchWaitsWholeForRoomInTheWindow() {
        correlator = correlator(TIMEOUT, 4);
        submit(0);
        submit(0);
        assertEquals(List.of(1, 2), out.sent());
        List<Future<NetlinkReplies<NetlinkMessage>>> batch = submitBatch(3);
        assertEquals(List.of(), out.sent(), "two places left, three needed: it waits whole");
        Future<NetlinkReplies<NetlinkMessage>> after = submit(0);
        read(ack(1, 0));
        assertEquals(List.of(3, 4, 5), out.sent(), "room for all of it: it goes, in one flush");
        read(ack(2, 0));
        assertEquals(List.of(6), out.sent(), "what came after the batch follows it");
        read(ack(3, 0), ack(4, 0), ack(5, 0), ack(6, 0));
        assertTrue(batch.stream().allMatch(Future::isSuccess) && after.isSuccess());
    }

    @Test
    void aBatchLargerThanTheWindowGoesAloneWhenNothingIsOutstanding() {
        correlator = correlator(TIMEOUT, 2);
        submitBatch(5);
        assertEquals(List.of(1, 2, 3, 4, 5), out.sent());
    }

    @Test
    void aQueuedBatchMemberThatEndsIsSkippedAndTheRestGo() {
        correlator = correlator(TIMEOUT, 2);
        submit(0);
        submit(0);
        out.sent();
        NetlinkRequest a = request(0);
        NetlinkRequest b = request(0);
        correlator.submitBatch(List.of(a, b), List.of(written(), written()));
        a.replies().cancel(false);
        assertInstanceOf(CancellationException.class, a.replies().cause());
        assertEquals(0, a.message().refCnt(), "never sent: released");
        assertEquals(3, correlator.pending(), "two sent, one waiting");
        read(ack(1, 0), ack(2, 0));
        assertEquals(List.of(3), out.sent(), "only the member still waiting goes");
        read(ack(3, 0));
        assertTrue(b.replies().isSuccess());
    }
}
