package dev.netlink.client;

import dev.netlink.codec.MalformedNetlinkException;
import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkDatagram;
import dev.netlink.codec.NetlinkException;
import dev.netlink.codec.NetlinkExtendedAck;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageDecoder;
import dev.netlink.codec.NetlinkMessageEncoder;
import dev.netlink.codec.NetlinkMessageType;
import dev.netlink.codec.NetlinkOverrunEvent;
import dev.netlink.codec.attr.AttributeWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.SocketAddress;
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
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetlinkRequestCorrelatorTest {
    static final int PORT = 4242;
    static final int TYPE = 0x10;

    private NetlinkRequestCorrelator correlator;
    private EmbeddedChannel ch;
    private final List<NetlinkMessage> notifications = new ArrayList<>();

    /** An EmbeddedChannel whose local address is a bound netlink port, as NetlinkChannel's is. */
    static EmbeddedChannel channel(io.netty.channel.ChannelHandler... handlers) {
        return new EmbeddedChannel(handlers) {
            @Override
            protected SocketAddress localAddress0() {
                return NetlinkAddress.ofPort(PORT);
            }
        };
    }

    @BeforeEach
    void setUp() {
        correlator = new NetlinkRequestCorrelator(1000, false);
        ch = channel(new NetlinkMessageDecoder(), new NetlinkMessageEncoder(), correlator,
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        notifications.add((NetlinkMessage) msg);
                    }
                });
        ch.freezeTime();
    }

    @AfterEach
    void tearDown() {
        notifications.forEach(NetlinkMessage::release);
        for (Object o; (o = ch.readOutbound()) != null; ) {
            io.netty.util.ReferenceCountUtil.release(o);
        }
        ch.finishAndReleaseAll();
    }

    // --- building kernel replies -------------------------------------------------------------------------

    static void header(ByteBuf b, int len, int type, int flags, int seq, int pid) {
        b.writeIntLE(len).writeShortLE(type).writeShortLE(flags).writeIntLE(seq).writeIntLE(pid);
    }

    static ByteBuf part(ByteBuf b, int seq, int flags, String text) {
        byte[] p = text.getBytes(StandardCharsets.US_ASCII);
        header(b, 16 + p.length, TYPE, flags, seq, PORT);
        b.writeBytes(p).writeZero(NetlinkMessage.align(p.length) - p.length);
        return b;
    }

    static ByteBuf ack(ByteBuf b, int seq, int errno) {
        header(b, 36, NetlinkMessageType.NLMSG_ERROR, NetlinkFlags.NLM_F_CAPPED, seq, PORT);
        b.writeIntLE(-errno);
        header(b, 20, TYPE, NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK, seq, 0);
        return b;
    }

    static ByteBuf done(ByteBuf b, int seq, int flags) {
        header(b, 20, NetlinkMessageType.NLMSG_DONE, NetlinkFlags.NLM_F_MULTI | flags, seq, PORT);
        return b.writeIntLE(0);
    }

    static String text(NetlinkMessage m) {
        return m.content().toString(StandardCharsets.US_ASCII);
    }

    /** Sends a request and returns its reply future; checks and releases the bytes that went out. */
    private Future<NetlinkReplies> send(NetlinkRequest request, int expectedSeq) {
        ch.writeAndFlush(request);
        return checkSent(request.replies(), expectedSeq);
    }

    private <T> T checkSent(T result, int expectedSeq) {
        ByteBuf out = ch.readOutbound();
        try {
            assertEquals(expectedSeq, out.getIntLE(8), "nlmsg_seq");
            assertEquals(0, out.getIntLE(12), "nlmsg_pid");
            int flags = out.getUnsignedShortLE(6);
            boolean dump = (flags & NetlinkFlags.NLM_F_DUMP) == NetlinkFlags.NLM_F_DUMP;
            assertEquals(NetlinkFlags.NLM_F_REQUEST | (dump ? 0 : NetlinkFlags.NLM_F_ACK),
                    flags & (NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK),
                    "REQUEST is added, and ACK unless it is a dump");
        } finally {
            out.release();
        }
        return result;
    }

    private NetlinkRequest request(int flags) {
        Promise<NetlinkReplies> p = ch.eventLoop().newPromise();
        return new NetlinkRequest(new DefaultNetlinkMessage(TYPE, flags, 0, 77, Unpooled.buffer(0)), p);
    }

    private NetlinkRequest dump() {
        return request(NetlinkFlags.NLM_F_DUMP);
    }

    // --- tests -------------------------------------------------------------------------------------------

    @Test
    void singleReplyThenAck() {
        Future<NetlinkReplies> f = send(request(0), 1);
        ch.writeInbound(part(Unpooled.buffer(), 1, 0, "answer"));
        assertFalse(f.isDone(), "a do-request waits for its ACK");
        ch.writeInbound(ack(Unpooled.buffer(), 1, 0));
        NetlinkReplies replies = f.getNow();
        assertEquals(1, replies.size());
        assertEquals("answer", text(replies.get(0)));
        replies.release();
        assertEquals(0, correlator.pendingRequests());
    }

    @Test
    void multipartDumpOverSeveralDatagrams() {
        Future<NetlinkReplies> f = send(dump(), 1);
        ByteBuf d1 = Unpooled.buffer();
        part(d1, 1, NetlinkFlags.NLM_F_MULTI, "a");
        part(d1, 1, NetlinkFlags.NLM_F_MULTI, "b");
        ch.writeInbound(d1);
        ch.writeInbound(part(Unpooled.buffer(), 1, NetlinkFlags.NLM_F_MULTI, "c"));
        assertFalse(f.isDone());
        ByteBuf d3 = part(Unpooled.buffer(), 1, NetlinkFlags.NLM_F_MULTI, "d");
        ch.writeInbound(done(d3, 1, 0));
        NetlinkReplies replies = f.getNow();
        assertEquals(List.of("a", "b", "c", "d"), replies.stream().map(NetlinkRequestCorrelatorTest::text).toList());
        assertFalse(replies.dumpInterrupted());
        replies.release();
    }

    @Test
    void interleavedRequestsGetTheirOwnReplies() {
        Future<NetlinkReplies> one = send(request(0), 1);
        Future<NetlinkReplies> two = send(request(0), 2);
        ByteBuf d = Unpooled.buffer();
        part(d, 2, 0, "for-two");
        part(d, 1, 0, "for-one");
        ack(d, 2, 0);
        ch.writeInbound(d);
        assertTrue(two.isSuccess());
        assertFalse(one.isDone());
        ch.writeInbound(ack(Unpooled.buffer(), 1, 0));
        assertEquals("for-one", text(one.getNow().get(0)));
        assertEquals("for-two", text(two.getNow().get(0)));
        one.getNow().release();
        two.getNow().release();
    }

    @Test
    void forgedRepliesFromAnotherSocketAreDroppedAndCounted() {
        Future<NetlinkReplies> f = send(request(0), 1);
        NetlinkAddress forger = NetlinkAddress.ofPort(999);
        ByteBuf forged = Unpooled.buffer();
        part(forged, 1, 0, "forged");
        ack(forged, 1, 0);
        ch.writeInbound(new NetlinkDatagram(forged, NetlinkAddress.ofPort(PORT), forger, 0));
        ch.writeInbound(new NetlinkDatagram(ack(Unpooled.buffer(), 1, Errno.EPERM), NetlinkAddress.ofPort(PORT),
                forger, 0));
        ByteBuf forgedDone = done(Unpooled.buffer(), 1, 0);
        ch.writeInbound(new NetlinkDatagram(forgedDone, NetlinkAddress.ofPort(PORT), forger, 0));
        ByteBuf notification = part(Unpooled.buffer(), 0, 0, "fake-event");
        ch.writeInbound(new NetlinkDatagram(notification, NetlinkAddress.ofPort(PORT), forger, 0));
        assertFalse(f.isDone(), "nothing from port 999 completes or fails the request");
        assertEquals(5, correlator.forgedMessages());
        assertTrue(notifications.isEmpty(), "a forged notification is not delivered");

        ch.writeInbound(new NetlinkDatagram(ack(Unpooled.buffer(), 1, 0), NetlinkAddress.ofPort(PORT),
                NetlinkAddress.KERNEL, 0));
        assertTrue(f.isSuccess());
        assertTrue(f.getNow().isEmpty());
    }

    @Test
    void userSpacePeersArePassedOnButNeverTakenAsReplies() {
        NetlinkRequestCorrelator open = new NetlinkRequestCorrelator(0, true);
        List<Object> seen = new ArrayList<>();
        EmbeddedChannel c = channel(new NetlinkMessageDecoder(), new NetlinkMessageEncoder(), open,
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        seen.add(msg);
                    }
                });
        Future<NetlinkReplies> f = NetlinkRequestCorrelator.request(c, new DefaultNetlinkMessage(TYPE, 0));
        ((ByteBuf) c.readOutbound()).release();
        c.writeInbound(new NetlinkDatagram(ack(Unpooled.buffer(), 1, 0), NetlinkAddress.ofPort(PORT),
                NetlinkAddress.ofPort(31), 0));
        assertFalse(f.isDone());
        assertEquals(1, seen.size());
        NetlinkMessage peer = (NetlinkMessage) seen.get(0);
        assertEquals(31, peer.sender().portId());
        peer.release();
        assertEquals(0, open.forgedMessages());
        c.finishAndReleaseAll();
        assertInstanceOf(ClosedChannelException.class, f.cause());
    }

    @Test
    void aReplyAddressedToAnotherPortIsNotTaken() {
        Future<NetlinkReplies> f = send(request(0), 1);
        ByteBuf wrong = Unpooled.buffer();
        header(wrong, 36, NetlinkMessageType.NLMSG_ERROR, 0, 1, PORT + 1);
        wrong.writeIntLE(0);
        header(wrong, 16, TYPE, 5, 1, 0);
        ch.writeInbound(wrong);
        assertFalse(f.isDone());
        assertEquals(1, correlator.lateReplies());
    }

    @Test
    void errorWithExtendedAckFailsTheRequest() {
        Future<NetlinkReplies> f = send(request(0), 1);
        ByteBuf d = Unpooled.buffer();
        ByteBuf tlvs = Unpooled.buffer();
        new AttributeWriter(tlvs).putString(NetlinkExtendedAck.NLMSGERR_ATTR_MSG, "No such thing")
                .putU32(NetlinkExtendedAck.NLMSGERR_ATTR_OFFS, 20)
                .putBinary(NetlinkExtendedAck.NLMSGERR_ATTR_COOKIE, new byte[] {9})
                .putU32(NetlinkExtendedAck.NLMSGERR_ATTR_MISS_TYPE, 3)
                .putU32(NetlinkExtendedAck.NLMSGERR_ATTR_MISS_NEST, 24);
        header(d, 16 + 4 + 16 + tlvs.readableBytes(), NetlinkMessageType.NLMSG_ERROR,
                NetlinkFlags.NLM_F_CAPPED | NetlinkFlags.NLM_F_ACK_TLVS, 1, PORT);
        d.writeIntLE(-Errno.ENOENT);
        header(d, 16, TYPE, 5, 1, 0);
        d.writeBytes(tlvs);
        tlvs.release();
        ch.writeInbound(d);
        NetlinkException e = assertInstanceOf(NetlinkException.class, f.cause());
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("ENOENT", e.errnoName());
        assertEquals("No such thing", e.extendedAck().message());
        assertEquals(20, e.extendedAck().offset());
        assertEquals(3, e.extendedAck().missingType());
        assertEquals(24, e.extendedAck().missingNest());
        assertEquals(9, e.extendedAck().cookie()[0]);
        assertEquals(TYPE, e.requestType());
        assertEquals(1, e.requestSequence());
    }

    @Test
    void dumpInterruptedFailsByDefaultAndKeepsTheParts() {
        Future<NetlinkReplies> f = send(dump(), 1);
        ByteBuf d = Unpooled.buffer();
        part(d, 1, NetlinkFlags.NLM_F_MULTI, "x");
        part(d, 1, NetlinkFlags.NLM_F_MULTI | NetlinkFlags.NLM_F_DUMP_INTR, "y");
        done(d, 1, NetlinkFlags.NLM_F_DUMP_INTR);
        ch.writeInbound(d);
        NetlinkDumpInterruptedException e = assertInstanceOf(NetlinkDumpInterruptedException.class, f.cause());
        assertEquals(2, e.parts().size());
        assertEquals("y", text(e.parts().get(1)));
        e.release();
    }

    @Test
    void dumpInterruptedCanBeReturnedWithAFlag() {
        Future<NetlinkReplies> f = send(dump().dumpInterruptPolicy(DumpInterruptPolicy.RETURN), 1);
        ByteBuf d = Unpooled.buffer();
        part(d, 1, NetlinkFlags.NLM_F_MULTI | NetlinkFlags.NLM_F_DUMP_INTR, "y");
        done(d, 1, 0);
        ch.writeInbound(d);
        NetlinkReplies replies = f.getNow();
        assertTrue(replies.dumpInterrupted());
        assertEquals(1, replies.size());
        replies.release();
    }

    @Test
    void dumpInterruptedIsRetriedWithBackOff() {
        Future<NetlinkReplies> f = send(dump().dumpInterruptPolicy(DumpInterruptPolicy.RETRY).maxAttempts(3), 1);
        ch.writeInbound(done(part(Unpooled.buffer(), 1, NetlinkFlags.NLM_F_MULTI | NetlinkFlags.NLM_F_DUMP_INTR,
                "stale"), 1, 0));
        assertFalse(f.isDone());
        assertNull(ch.readOutbound(), "the retry waits for its back-off");
        ch.advanceTimeBy(10, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        checkSent(f, 2);
        ch.writeInbound(done(part(Unpooled.buffer(), 2, NetlinkFlags.NLM_F_MULTI, "fresh"), 2, 0));
        NetlinkReplies replies = f.getNow();
        assertEquals(List.of("fresh"), replies.stream().map(NetlinkRequestCorrelatorTest::text).toList());
        replies.release();
    }

    @Test
    void dumpInterruptedRetriesAreBounded() {
        Future<NetlinkReplies> f = send(dump().dumpInterruptPolicy(DumpInterruptPolicy.RETRY).maxAttempts(2), 1);
        ch.writeInbound(done(Unpooled.buffer(), 1, NetlinkFlags.NLM_F_DUMP_INTR));
        ch.advanceTimeBy(10, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        checkSent(f, 2);
        ch.writeInbound(done(part(Unpooled.buffer(), 2, NetlinkFlags.NLM_F_MULTI | NetlinkFlags.NLM_F_DUMP_INTR,
                "z"), 2, 0));
        NetlinkDumpInterruptedException e = assertInstanceOf(NetlinkDumpInterruptedException.class, f.cause());
        assertTrue(e.getMessage().contains("2 attempts"), e.getMessage());
        e.release();
    }

    @Test
    void timeoutFailsTheRequestAndTheLateReplyIsReleased() {
        Future<NetlinkReplies> f = send(request(0), 1);
        ch.advanceTimeBy(999, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(f.isDone(), () -> "done early: " + f.cause());
        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        TimeoutException e = assertInstanceOf(TimeoutException.class, f.cause());
        assertTrue(e.getMessage().contains("seq 1 timed out after 1000 ms"), e.getMessage());
        ByteBuf late = part(Unpooled.buffer(), 1, 0, "late");
        ch.writeInbound(ack(late, 1, 0));
        assertEquals(2, correlator.lateReplies());
        assertEquals(0, late.refCnt());
        assertTrue(notifications.isEmpty());
    }

    @Test
    void perRequestTimeoutOverridesTheDefault() {
        Future<NetlinkReplies> quick = send(request(0).timeoutMillis(100), 1);
        Future<NetlinkReplies> never = send(request(0).timeoutMillis(0), 2);
        ch.advanceTimeBy(100, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertInstanceOf(TimeoutException.class, quick.cause());
        ch.advanceTimeBy(1, TimeUnit.HOURS);
        ch.runScheduledPendingTasks();
        assertFalse(never.isDone());
        never.cancel(false);
    }

    @Test
    void cancellationForgetsTheRequest() {
        Future<NetlinkReplies> f = send(request(0), 1);
        assertTrue(f.cancel(false));
        ch.runPendingTasks();
        assertEquals(0, correlator.pendingRequests());
        ByteBuf late = ack(part(Unpooled.buffer(), 1, 0, "late"), 1, 0);
        ch.writeInbound(late);
        assertEquals(0, late.refCnt());
        assertEquals(2, correlator.lateReplies());
    }

    @Test
    void closingFailsEveryRequestInFlightAndEveryQueuedDump() {
        Future<NetlinkReplies> a = send(request(0), 1);
        Future<NetlinkReplies> b = send(dump(), 2);
        NetlinkRequest queued = dump();
        ch.writeAndFlush(queued);
        assertNull(ch.readOutbound(), "the second dump waits for the first");
        ch.writeInbound(part(Unpooled.buffer(), 2, NetlinkFlags.NLM_F_MULTI, "half"));
        ch.close();
        assertInstanceOf(ClosedChannelException.class, a.cause());
        assertInstanceOf(ClosedChannelException.class, b.cause());
        assertInstanceOf(ClosedChannelException.class, queued.replies().cause());
        assertEquals(0, queued.message().refCnt(), "the unsent dump's message is released");
    }

    @Test
    void overrunFailsEveryRequestInFlight() {
        Future<NetlinkReplies> a = send(request(0), 1);
        ch.pipeline().fireUserEventTriggered(NetlinkOverrunEvent.KERNEL);
        NetlinkOverrunException e = assertInstanceOf(NetlinkOverrunException.class, a.cause());
        assertTrue(e.getMessage().startsWith("ENOBUFS"), e.getMessage());
        Future<NetlinkReplies> after = send(request(0), 2);
        ch.writeInbound(ack(Unpooled.buffer(), 2, 0));
        assertTrue(after.isSuccess(), "the channel keeps serving requests");
        after.getNow().release();
    }

    @Test
    void dumpsAreSentOneAtATime() {
        Future<NetlinkReplies> first = send(dump(), 1);
        NetlinkRequest second = dump();
        ch.writeAndFlush(second);
        assertNull(ch.readOutbound(), "the kernel would answer a second dump with EBUSY");
        Future<NetlinkReplies> doRequest = send(request(0), 2);
        ch.writeInbound(done(Unpooled.buffer(), 1, 0));
        assertTrue(first.isSuccess());
        checkSent(second, 3);
        ch.writeInbound(ack(Unpooled.buffer(), 2, 0));
        ch.writeInbound(done(Unpooled.buffer(), 3, 0));
        assertTrue(doRequest.isSuccess());
        assertTrue(second.replies().isSuccess());
    }

    @Test
    void aCancelledDumpIsDrainedBeforeTheNextOneIsSent() {
        Future<NetlinkReplies> first = send(dump(), 1);
        NetlinkRequest second = dump();
        ch.writeAndFlush(second);
        first.cancel(false);
        ch.runPendingTasks();
        assertNull(ch.readOutbound(), "the kernel is still running the cancelled dump");
        ch.writeInbound(part(Unpooled.buffer(), 1, NetlinkFlags.NLM_F_MULTI, "rest"));
        ch.writeInbound(done(Unpooled.buffer(), 1, 0));
        checkSent(second, 2);
        ch.writeInbound(done(Unpooled.buffer(), 2, 0));
        assertTrue(second.replies().isSuccess());
    }

    @Test
    void streamedDumpHandsOverEachPartAndReleasesIt() {
        List<String> seen = new ArrayList<>();
        List<NetlinkMessage> held = new ArrayList<>();
        NetlinkRequest r = dump().consumer(m -> {
            seen.add(text(m));
            held.add(m);
        });
        Future<NetlinkReplies> f = send(r, 1);
        for (int i = 0; i < 3; i++) {
            ch.writeInbound(part(Unpooled.buffer(), 1, NetlinkFlags.NLM_F_MULTI, "p" + i));
            assertEquals(0, held.get(i).refCnt(), "released once the consumer returns");
        }
        ch.writeInbound(done(Unpooled.buffer(), 1, 0));
        assertEquals(List.of("p0", "p1", "p2"), seen);
        assertTrue(f.getNow().isEmpty());
    }

    @Test
    void aThrowingConsumerFailsTheDump() {
        IllegalStateException boom = new IllegalStateException("boom");
        Future<NetlinkReplies> f = send(dump().consumer(m -> {
            throw boom;
        }), 1);
        ch.writeInbound(part(Unpooled.buffer(), 1, NetlinkFlags.NLM_F_MULTI, "p"));
        assertSame(boom, f.cause());
    }

    @Test
    void notificationsGoDownThePipeline() {
        Future<NetlinkReplies> f = send(request(0), 1);
        ch.writeInbound(part(Unpooled.buffer(), 0, 0, "seq-zero"));
        ch.writeInbound(new NetlinkDatagram(part(Unpooled.buffer(), 1, 0, "multicast-with-our-seq"),
                NetlinkAddress.ofPort(PORT), new NetlinkAddress(0, 1), 0));
        assertEquals(List.of("seq-zero", "multicast-with-our-seq"),
                notifications.stream().map(NetlinkRequestCorrelatorTest::text).toList());
        assertEquals(1, notifications.get(1).group());
        assertFalse(f.isDone(), "a multicast copy never completes a request");
        f.cancel(false);
    }

    @Test
    void sequenceNumbersWrapSkippingZeroAndNumbersInUse() {
        correlator.nextSequence(-2); // 0xfffffffe
        Future<NetlinkReplies> a = send(request(0), -2);
        Future<NetlinkReplies> b = send(request(0), -1);
        Future<NetlinkReplies> c = send(request(0), 1);
        correlator.nextSequence(-1);
        Future<NetlinkReplies> d = send(request(0), 2); // -1 and 1 are still in flight, 0 is never used
        for (int seq : new int[] {-2, -1, 1, 2}) {
            ch.writeInbound(ack(Unpooled.buffer(), seq, 0));
        }
        assertTrue(a.isSuccess() && b.isSuccess() && c.isSuccess() && d.isSuccess());
    }

    @Test
    void aMalformedErrorFailsItsRequest() {
        Future<NetlinkReplies> f = send(request(0), 1);
        ByteBuf d = Unpooled.buffer();
        header(d, 20, NetlinkMessageType.NLMSG_ERROR, 0, 1, PORT);
        d.writeIntLE(-1);
        ch.writeInbound(d);
        assertInstanceOf(MalformedNetlinkException.class, f.cause());
    }

    @Test
    void aWriteFailureFailsTheRequest() {
        Promise<NetlinkReplies> p = ch.eventLoop().newPromise();
        NetlinkRequest r = new NetlinkRequest(new DefaultNetlinkMessage(0x10000, 0), p);
        ch.writeAndFlush(r);
        assertInstanceOf(io.netty.handler.codec.EncoderException.class, p.cause());
        assertEquals(0, correlator.pendingRequests());
    }

    @Test
    void anAlreadyCancelledRequestIsNotSent() {
        NetlinkRequest r = request(0);
        r.replies().cancel(false);
        assertTrue(ch.writeAndFlush(r).cause() instanceof CancellationException);
        assertNull(ch.readOutbound());
        assertEquals(0, r.message().refCnt());
    }

    @Test
    void atMostMaxInFlightRequestsAreOutAndTheRestFollowInOrder() {
        NetlinkRequestCorrelator small = new NetlinkRequestCorrelator(0, false, 2);
        EmbeddedChannel c = channel(new NetlinkMessageDecoder(), new NetlinkMessageEncoder(), small);
        List<Future<NetlinkReplies>> fs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fs.add(NetlinkRequestCorrelator.request(c, new DefaultNetlinkMessage(TYPE, 0, 0, 0, Unpooled.buffer(0))));
        }
        for (int seq = 1; seq <= 2; seq++) {
            ByteBuf out = c.readOutbound();
            assertEquals(seq, out.getIntLE(8));
            out.release();
        }
        assertNull(c.readOutbound(), "the other three wait for answers");
        assertEquals(5, small.pendingRequests());
        c.writeInbound(ack(Unpooled.buffer(), 1, 0));
        ByteBuf next = c.readOutbound();
        assertEquals(3, next.getIntLE(8), "the third request goes out when the first is answered");
        next.release();
        ByteBuf both = ack(Unpooled.buffer(), 2, 0);
        ack(both, 3, 0);
        c.writeInbound(both);
        ByteBuf last = c.readOutbound();
        assertEquals(32, last.readableBytes(), "freed by one read, the fourth and fifth share a datagram");
        last.release();
        ByteBuf rest = ack(Unpooled.buffer(), 4, 0);
        ack(rest, 5, 0);
        c.writeInbound(rest);
        for (Future<NetlinkReplies> f : fs) {
            assertTrue(f.isSuccess());
        }
        assertFalse(c.finish());
    }

    @Test
    void anErrorOffsetIsNamedByTheRequestsSchema() {
        dev.netlink.codec.attr.AttributeSchema kind = dev.netlink.codec.attr.AttributeSchema.builder("IFLA_INFO")
                .add(1, "IFLA_INFO_KIND", dev.netlink.codec.attr.AttributeType.STRING).build();
        dev.netlink.codec.attr.AttributeSchema ifla = dev.netlink.codec.attr.AttributeSchema.builder("IFLA")
                .add(3, "IFLA_IFNAME", dev.netlink.codec.attr.AttributeType.STRING)
                .add(18, "IFLA_LINKINFO", dev.netlink.codec.attr.AttributeType.nested(kind)).build();
        ByteBuf payload = Unpooled.buffer();
        payload.writeZero(16); // struct ifinfomsg
        AttributeWriter w = new AttributeWriter(payload);
        w.putString(3, "br0"); // 8 bytes, at payload offset 16
        int nest = w.startNested(18); // at 24
        w.putString(1, "bridge"); // at 28
        w.endNested(nest);
        Promise<NetlinkReplies> p = ch.eventLoop().newPromise();
        NetlinkRequest r = new NetlinkRequest(new DefaultNetlinkMessage(TYPE, 0, 0, 0, payload), p).schema(ifla, 16);
        send(r, 1);
        ByteBuf tlvs = Unpooled.buffer();
        new AttributeWriter(tlvs).putString(NetlinkExtendedAck.NLMSGERR_ATTR_MSG, "Unknown device type")
                .putU32(NetlinkExtendedAck.NLMSGERR_ATTR_OFFS, 16 + 28);
        ByteBuf d = Unpooled.buffer();
        header(d, 16 + 4 + 16 + tlvs.readableBytes(), NetlinkMessageType.NLMSG_ERROR,
                NetlinkFlags.NLM_F_CAPPED | NetlinkFlags.NLM_F_ACK_TLVS, 1, PORT);
        d.writeIntLE(-Errno.EOPNOTSUPP);
        header(d, 16, TYPE, 5, 1, 0);
        d.writeBytes(tlvs);
        tlvs.release();
        ch.writeInbound(d);
        NetlinkException e = assertInstanceOf(NetlinkException.class, p.cause());
        assertEquals("IFLA_LINKINFO.IFLA_INFO_KIND", e.attributePath());
        assertEquals("EOPNOTSUPP (Operation not supported): \"Unknown device type\" at IFLA_LINKINFO.IFLA_INFO_KIND"
                + " (offset 44) [request 0x10 seq 1]", e.getMessage());
    }

    @Test
    void aTimedOutRequestKeepsItsPlaceInTheWindowUntilItsAnswerEnds() {
        NetlinkRequestCorrelator one = new NetlinkRequestCorrelator(100, false, 1);
        EmbeddedChannel c = channel(new NetlinkMessageDecoder(), new NetlinkMessageEncoder(), one);
        c.freezeTime();
        Future<NetlinkReplies> first = NetlinkRequestCorrelator.request(c, new DefaultNetlinkMessage(TYPE, 0));
        ((ByteBuf) c.readOutbound()).release();
        Future<NetlinkReplies> second = NetlinkRequestCorrelator.request(c, new DefaultNetlinkMessage(TYPE, 0));
        c.advanceTimeBy(100, TimeUnit.MILLISECONDS);
        c.runScheduledPendingTasks();
        assertInstanceOf(TimeoutException.class, first.cause());
        assertInstanceOf(TimeoutException.class, second.cause(), "the second timed out waiting for its turn");
        Future<NetlinkReplies> third = NetlinkRequestCorrelator.request(c, new DefaultNetlinkMessage(TYPE, 0));
        assertNull(c.readOutbound(), "the first one's answer may still come and fill the buffer: wait for it");
        c.writeInbound(ack(Unpooled.buffer(), 1, 0)); // the late answer ends
        ByteBuf out = c.readOutbound();
        assertEquals(2, out.getIntLE(8), "now the third goes out");
        out.release();
        c.writeInbound(ack(Unpooled.buffer(), 2, 0));
        assertTrue(third.isSuccess());
        assertEquals(1, one.lateReplies());
        assertFalse(c.finish());
    }
}
