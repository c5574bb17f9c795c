package dev.netlink.client;

import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkException;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageDecoder;
import dev.netlink.codec.NetlinkMessageEncoder;
import dev.netlink.codec.NetlinkOverrunEvent;
import dev.netlink.testkit.FakeKernel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
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
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request handler in a pipeline, against the core fake kernel: what reaches the wire, what comes back, and
 * which events it reacts to. The correlation rules themselves are {@link CorrelatorTest}'s.
 */
class NetlinkRequestHandlerTest {
    static final int TYPE = 0x10;

    private final List<Object> passedOn = new ArrayList<>();
    private FakeKernel kernel;
    private EmbeddedChannel ch;
    private NetlinkRequestHandler handler;

    private void start(FakeKernel.Responder responder) {
        start(responder, true);
    }

    /** @param decoder whether a decoder cuts messages before the handler, else the handler reads datagrams */
    private void start(FakeKernel.Responder responder, boolean decoder) {
        kernel = new FakeKernel(responder);
        handler = new NetlinkRequestHandler(1000, 32);
        ChannelHandler tail = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                passedOn.add(msg);
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                passedOn.add(evt);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                passedOn.add(cause);
            }
        };
        ch = decoder ? FakeKernel.newChannel(kernel, new NetlinkMessageDecoder(), new NetlinkMessageEncoder(), handler,
                tail) : FakeKernel.newChannel(kernel, new NetlinkMessageEncoder(), handler, tail);
        ch.freezeTime();
    }

    @AfterEach
    void tearDown() {
        passedOn.forEach(io.netty.util.ReferenceCountUtil::release);
        if (ch != null) {
            ch.finishAndReleaseAll();
        }
    }

    private NetlinkRequest request(int flags) {
        return new NetlinkRequest(new DefaultNetlinkMessage(TYPE, flags, 0, 0, Unpooled.buffer(0)), ch.eventLoop());
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Test
    void aRequestIsStampedSentAndAnswered() {
        start((req, reply) -> reply.message(TYPE, text("answer")));
        Future<NetlinkReplies<NetlinkMessage>> f = request(0).send(ch);
        NetlinkMessage sent = kernel.lastRequest();
        assertEquals(1, sent.sequence());
        assertEquals(NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK, sent.flags());
        try (NetlinkReplies<NetlinkMessage> r = f.getNow()) {
            assertEquals("answer", r.get(0).content().toString(StandardCharsets.US_ASCII));
        }
        assertEquals(1, handler.requests());
        assertEquals(0, handler.pendingRequests());
    }

    @Test
    void aDumpSpreadOverManySmallDatagramsIsGathered() {
        start((req, reply) -> {
            for (int i = 0; i < 50; i++) {
                reply.message(TYPE, text("part " + i));
            }
        });
        kernel.datagramSize(64);
        try (NetlinkReplies<NetlinkMessage> r = request(NetlinkFlags.NLM_F_DUMP).send(ch).getNow()) {
            assertEquals(50, r.size());
            assertEquals("part 49", r.get(49).content().toString(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void fromDatagramsPartsGoToThePartReaderInPlaceAndNotificationsGoOnAsMessages() {
        start((req, reply) -> {
            for (int i = 0; i < 50; i++) {
                reply.message(TYPE, text("part " + i));
            }
        }, false);
        kernel.datagramSize(100);
        List<String> parts = new ArrayList<>();
        NetlinkRequest dump = request(NetlinkFlags.NLM_F_DUMP)
                .partReader((buf, type, index, length) -> parts.add(buf.toString(index, length,
                        StandardCharsets.US_ASCII)));
        Future<NetlinkReplies<NetlinkMessage>> f = dump.send(ch);
        kernel.notify(1, TYPE + 1, text("news"));
        assertTrue(f.isSuccess());
        assertEquals(50, parts.size());
        assertEquals("part 49", parts.get(49));
        NetlinkMessage news = assertInstanceOf(NetlinkMessage.class, passedOn.get(0));
        assertEquals("news", news.content().toString(StandardCharsets.US_ASCII));
        assertEquals(1, news.group());
    }

    @Test
    void fromDatagramsAMalformedOneYieldsNothingAndTheNextIsRead() {
        start((req, reply) -> reply.message(TYPE, text("answer")), false);
        ByteBuf bad = Unpooled.buffer().writeIntLE(8).writeZero(12); // nlmsg_len 8 is below the header
        ch.pipeline().fireChannelRead(bad);
        assertEquals(0, bad.refCnt());
        assertInstanceOf(dev.netlink.codec.MalformedNetlinkException.class, passedOn.get(0));
        try (NetlinkReplies<NetlinkMessage> r = request(0).send(ch).getNow()) {
            assertEquals("answer", r.get(0).content().toString(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aRefusalFailsWithTheKernelsWords() {
        start((req, reply) -> reply.error(Errno.EEXIST, "already there"));
        NetlinkException e = assertInstanceOf(NetlinkException.class, request(0).send(ch).cause());
        assertEquals("already there", e.extendedAck().message());
    }

    @Test
    void notificationsAndOtherWritesPassThrough() {
        start((req, reply) -> { });
        kernel.notify(1, TYPE, text("event"));
        assertEquals(1, passedOn.size());
        assertEquals(1, ((NetlinkMessage) passedOn.get(0)).group());
        ch.writeOutbound(new DefaultNetlinkMessage(TYPE, NetlinkFlags.NLM_F_REQUEST, 99, 0, Unpooled.buffer(0)));
        assertEquals(99, kernel.lastRequest().sequence(), "a plain message is not stamped");
    }

    @Test
    void theTimerFailsARequestAtItsDeadline() {
        start((req, reply) -> reply.noReply());
        Future<NetlinkReplies<NetlinkMessage>> f = request(0).send(ch);
        ch.advanceTimeBy(999, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(f.isDone());
        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertInstanceOf(TimeoutException.class, f.cause());
        assertEquals(1, handler.timeouts());
    }

    @Test
    void onlyAKernelOverrunFailsTheRequestsInFlight() {
        start((req, reply) -> reply.noReply());
        Future<NetlinkReplies<NetlinkMessage>> f = request(0).send(ch);
        ch.pipeline().fireUserEventTriggered(NetlinkOverrunEvent.notificationQueueFull("receive()", 1));
        assertFalse(f.isDone(), "a full notification queue loses no replies");
        kernel.overrun();
        assertInstanceOf(NetlinkOverrunException.class, f.cause());
        assertSame(NetlinkOverrunEvent.KERNEL, passedOn.get(passedOn.size() - 1), "and the event goes on");
    }

    @Test
    void cancellingFromAnotherThreadEndsTheRequestOnTheLoop() throws Exception {
        start((req, reply) -> reply.noReply());
        Future<NetlinkReplies<NetlinkMessage>> f = request(0).send(ch);
        Thread t = new Thread(() -> f.cancel(false));
        t.start();
        t.join();
        ch.runPendingTasks();
        assertInstanceOf(CancellationException.class, f.cause());
        assertEquals(0, handler.pendingRequests(), "ended, though its answer keeps its place in the window");
    }

    /** A request as a socket makes it: its replies a {@link SpinAwaitPromise}, told of a cancellation directly. */
    private NetlinkRequest socketRequest(int flags) {
        return new NetlinkRequest(new DefaultNetlinkMessage(TYPE, flags, 0, 0, Unpooled.buffer(0)),
                SpinAwaitPromise.of(ch.eventLoop(), 0, new AdaptiveSpin()));
    }

    @Test
    void aSocketsRequestCancelledFromAnotherThreadEndsOnTheLoop() throws Exception {
        start((req, reply) -> reply.noReply());
        Future<NetlinkReplies<NetlinkMessage>> f = socketRequest(0).send(ch);
        assertEquals(1, handler.pendingRequests());
        Thread t = new Thread(() -> f.cancel(false));
        t.start();
        t.join();
        ch.runPendingTasks();
        assertInstanceOf(CancellationException.class, f.cause());
        assertEquals(0, handler.pendingRequests());
        NetlinkRequest early = socketRequest(0);
        early.replies().cancel(false);
        early.send(ch);
        assertEquals(0, handler.pendingRequests(), "cancelled before the handler saw it: never sent");
        assertEquals(0, early.refCnt());
    }

    @Test
    void aFailedWriteFailsTheRequestWithItsCauseAndFreesItsPlace() {
        java.io.IOException refused = new java.io.IOException("sendto: EPERM");
        EmbeddedChannel failing = new EmbeddedChannel(new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, io.netty.channel.ChannelPromise promise) {
                io.netty.util.ReferenceCountUtil.release(msg);
                promise.setFailure(refused);
            }
        }, new NetlinkMessageEncoder(), new NetlinkRequestHandler(1000, 32));
        try {
            NetlinkRequest r = new NetlinkRequest(new DefaultNetlinkMessage(TYPE, 0, 0, 0, Unpooled.buffer(0)),
                    SpinAwaitPromise.of(failing.eventLoop(), 0, new AdaptiveSpin()));
            assertSame(refused, r.send(failing).cause());
            assertEquals(0, failing.pipeline().get(NetlinkRequestHandler.class).pendingRequests());
        } finally {
            failing.finishAndReleaseAll();
        }
    }

    @Test
    void aRequestThatMeetsNoHandlerFailsWithTheWritesCause() {
        EmbeddedChannel bare = new EmbeddedChannel(new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, io.netty.channel.ChannelPromise promise) {
                io.netty.util.ReferenceCountUtil.release(msg);
                promise.setFailure(new UnsupportedOperationException("no request handler"));
            }
        });
        try {
            NetlinkRequest r = new NetlinkRequest(new DefaultNetlinkMessage(TYPE, 0, 0, 0, Unpooled.buffer(0)),
                    bare.eventLoop());
            assertInstanceOf(UnsupportedOperationException.class, r.send(bare).cause());
        } finally {
            bare.finishAndReleaseAll();
        }
    }

    @Test
    void closingTheChannelFailsWhatIsPending() {
        start((req, reply) -> reply.noReply());
        Future<NetlinkReplies<NetlinkMessage>> f = request(0).send(ch);
        ch.close();
        assertInstanceOf(ClosedChannelException.class, f.cause());
        assertInstanceOf(ClosedChannelException.class, request(0).send(ch).cause(),
                "a request written to a closed channel fails too");
    }

    @Test
    void aHandlerSendsThroughItsOwnContext() {
        start((req, reply) -> reply.message(TYPE, text("from a handler")));
        ChannelHandlerContext last = ch.pipeline().lastContext();
        NetlinkRequest r = new NetlinkRequest(new DefaultNetlinkMessage(TYPE, 0, 0, 0, Unpooled.buffer(0)),
                last.executor());
        try (NetlinkReplies<NetlinkMessage> replies = r.send(last).getNow()) {
            assertEquals(1, replies.size());
        }
    }
}
