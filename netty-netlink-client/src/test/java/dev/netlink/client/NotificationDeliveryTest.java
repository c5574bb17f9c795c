package dev.netlink.client;

import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkOverrunEvent;
import dev.netlink.testkit.FakeKernel;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a socket delivers the messages that answer no request: queued for {@code receive()} up to a bound, then
 * dropped and counted as the kernel would, never holding up a reply; or pushed to a listener.
 */
class NotificationDeliveryTest {
    static final int TYPE = 0x10;
    static final int CAPACITY = NetlinkSocket.DEFAULT_RECEIVE_QUEUE_CAPACITY;

    private final List<Object> events = new ArrayList<>();
    private FakeKernel kernel;
    private EmbeddedChannel ch;
    private NetlinkSocket socket;

    private void start(io.netty.channel.ChannelHandler... handlers) {
        kernel = new FakeKernel((req, reply) -> { });
        ch = FakeKernel.newChannel(kernel);
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                events.add(evt);
                ctx.fireUserEventTriggered(evt);
            }
        });
        socket = NetlinkSocket.on(ch, 1000, handlers);
    }

    @AfterEach
    void tearDown() {
        ch.finishAndReleaseAll();
    }

    private void notifications(int n) {
        for (int i = 0; i < n; i++) {
            kernel.notify(1, TYPE, Unpooled.buffer(4).writeInt(i));
        }
    }

    @Test
    void anUnreadQueueNeverHoldsUpAReply() {
        start();
        notifications(CAPACITY + 500);
        assertTrue(ch.config().isAutoRead(), "reading never stops for unread notifications");
        assertTrue(socket.noop().isSuccess(), "the request is answered while 1,524 notifications wait");
        NetlinkSocketStats stats = socket.stats();
        assertEquals(500, stats.droppedNotifications());
        assertEquals(1, stats.requests());
    }

    @Test
    void theFirstDropFiresAnOverrunEventThatSaysSoAndTheNextReceiveFailsOnce() {
        start();
        notifications(CAPACITY + 3);
        List<NetlinkOverrunEvent> overruns = events.stream().filter(NetlinkOverrunEvent.class::isInstance)
                .map(NetlinkOverrunEvent.class::cast).toList();
        assertEquals(1, overruns.size(), "one event for the episode, not one per dropped message");
        assertFalse(overruns.get(0).repliesLost());
        assertTrue(overruns.get(0).description().contains("receive() was full (1024 unread)"),
                overruns.get(0).description());
        Future<NetlinkMessage> first = socket.receive();
        NetlinkOverrunException e = assertInstanceOf(NetlinkOverrunException.class, first.cause());
        assertTrue(e.getMessage().endsWith("resynchronise (dump the state again)"), e.getMessage());
        for (int i = 0; i < CAPACITY; i++) {
            NetlinkMessage m = socket.receive().getNow();
            assertEquals(i, m.content().getInt(m.content().readerIndex()), "the oldest are kept, the newest dropped");
            m.release();
        }
        assertFalse(socket.receive().isDone(), "then the queue is empty and receive() waits");
    }

    @Test
    void aKernelOverrunFailsTheNextReceive() {
        start();
        kernel.overrun();
        assertInstanceOf(NetlinkOverrunException.class, socket.receive().cause());
        notifications(1);
        NetlinkMessage m = socket.receive().getNow();
        assertEquals(TYPE, m.type());
        m.release();
    }

    @Test
    void aHandlerThatPassesNotificationsOnFeedsTheSameBoundedQueue() {
        List<Integer> seen = new ArrayList<>();
        start(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                seen.add(((NetlinkMessage) msg).group());
                ctx.fireChannelRead(msg); // passes everything on, as a logging or metrics handler would
            }
        });
        notifications(CAPACITY + 10);
        assertEquals(CAPACITY + 10, seen.size());
        assertTrue(socket.noop().isSuccess(), "no stall behind the user's handler either");
        assertEquals(10, socket.stats().droppedNotifications());
    }

    @Test
    void aListenerGetsEveryNotificationQueuedOnesFirstAndEachIsReleasedAfterwards() {
        start();
        notifications(2);
        List<NetlinkMessage> seen = new ArrayList<>();
        socket.onNotification(seen::add);
        notifications(1);
        assertEquals(3, seen.size());
        assertTrue(seen.stream().allMatch(m -> m.refCnt() == 0), "released when the listener returned");
        socket.onNotification(null);
        notifications(1);
        assertEquals(3, seen.size());
        NetlinkMessage queued = socket.receive().getNow();
        queued.release();
    }
}
