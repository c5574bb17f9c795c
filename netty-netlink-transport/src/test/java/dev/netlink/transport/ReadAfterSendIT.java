package dev.netlink.transport;

import dev.netlink.codec.NetlinkDatagram;
import dev.netlink.codec.NetlinkProtocol;
import dev.netlink.codec.Rtnetlink;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.netlink.transport.NetlinkTestSupport.TIMEOUT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NetlinkChannelOption#READ_AFTER_SEND} against the kernel: an event-driven conversation (each ACK's handler
 * sends the next {@code RTM_GETLINK}) leaves the epoll set, reads every answer in order, still hears a
 * notification, pauses with {@code autoRead}, closes cleanly, and goes back under epoll when it ends. Each test in
 * a private namespace with {@code RTNLGRP_LINK} joined.
 */
class ReadAfterSendIT extends NamespaceTest {
    private NetlinkChannel ch;

    @AfterEach
    void closeChannel() throws Exception {
        if (ch != null) {
            ch.close().sync();
        }
    }

    /**
     * Sends {@code RTM_GETLINK} for lo, the next one from the handler of each ACK, until {@link #limit} are
     * acknowledged or it is stopped; counts replies and ACKs, checks their order, and queues every link
     * notification's name with whether the channel read it out of the epoll set.
     */
    static final class Chain extends ChannelInboundHandlerAdapter {
        final int limit;
        final CountDownLatch done = new CountDownLatch(1);
        /** Counted down by the first answer read out of the epoll set. */
        final CountDownLatch inConversation = new CountDownLatch(1);
        /** Counted down when the handler turned autoRead off. */
        final CountDownLatch paused = new CountDownLatch(1);
        final BlockingQueue<String> notified = new LinkedBlockingQueue<>();
        final BlockingQueue<Boolean> notifiedOutOfEpoll = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
        volatile int acked;
        volatile boolean stopped;
        /** At this many ACKs the handler turns autoRead off; 0 for never. */
        volatile int pauseAt;
        /** At this many ACKs the handler closes the channel; 0 for never. */
        volatile int closeAt;
        /** At this many ACKs the handler moves the channel to this loop group, then goes on there; 0 for never. */
        volatile int moveAt;
        volatile EventLoopGroup moveTo;
        private int seq;
        private boolean replied;

        Chain(int limit) {
            this.limit = limit;
        }

        void start(NetlinkChannel channel) {
            channel.eventLoop().execute(() -> send(channel));
        }

        private void send(NetlinkChannel channel) {
            replied = false;
            channel.writeAndFlush(NetlinkTestSupport.getLink(channel.alloc(), ++seq, 1));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            NetlinkDatagram d = (NetlinkDatagram) msg;
            try {
                if (d.sender().groups() != 0) {
                    for (NetlinkTestSupport.Msg m : NetlinkTestSupport.messages(d.content())) {
                        notified.add(NetlinkTestSupport.string(NetlinkTestSupport.attributes(m.payload(), 16)
                                .get(NetlinkTestSupport.IFLA_IFNAME)));
                        notifiedOutOfEpoll.add(((NetlinkChannel) ctx.channel()).readingAfterSend());
                    }
                    return;
                }
                for (NetlinkTestSupport.Msg m : NetlinkTestSupport.messages(d.content())) {
                    answer(ctx, m);
                }
            } catch (Throwable t) {
                errors.add(t);
            } finally {
                d.release();
            }
        }

        private void answer(ChannelHandlerContext ctx, NetlinkTestSupport.Msg m) {
            if (m.seq() != seq) {
                errors.add(new AssertionError("answer of seq " + m.seq() + " while " + seq + " is out"));
                return;
            }
            if (m.type() == NetlinkTestSupport.RTM_NEWLINK) {
                replied = true;
                return;
            }
            if (m.type() != NetlinkTestSupport.NLMSG_ERROR || !replied) {
                errors.add(new AssertionError("seq " + seq + ": type " + m.type() + ", reply seen " + replied));
                return;
            }
            int n = ++acked;
            NetlinkChannel channel = (NetlinkChannel) ctx.channel();
            if (channel.readingAfterSend()) {
                inConversation.countDown();
            }
            if (n == closeAt) {
                ctx.close();
                done.countDown();
            } else if (n == moveAt) {
                channel.deregister().addListener(d -> moveTo.register(channel).addListener(r -> {
                    if (r.isSuccess()) {
                        send(channel); // on the new loop now
                    } else {
                        errors.add(r.cause());
                    }
                }));
            } else if (n == pauseAt) {
                channel.config().setAutoRead(false);
                send(channel); // its answers wait in the queue
                paused.countDown();
            } else if (n >= limit || stopped) {
                done.countDown();
            } else {
                send(channel);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause);
        }
    }

    private Chain open(int limit) throws Exception {
        Chain chain = new Chain(limit);
        ch = NetlinkTestSupport.bind(group, new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE, ns.path()), chain,
                Map.of());
        ch.joinGroup(Rtnetlink.RTNLGRP_LINK).sync();
        return chain;
    }

    private boolean readingAfterSend() throws Exception {
        return ch.eventLoop().submit(ch::readingAfterSend).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Whether the socket is still out of the epoll set after {@code turns} turns of the event loop: each check is a
     * task, so the loop has run its I/O and its other tasks between two of them.
     */
    private boolean readingAfterSendAfter(int turns) throws Exception {
        boolean out = readingAfterSend();
        for (int i = 1; i < turns && out; i++) {
            out = readingAfterSend();
        }
        return out;
    }

    @Test
    void aConversationReadsEveryAnswerOutOfEpollAndGoesBackUnderItWhenItEnds() throws Exception {
        Chain chain = open(3000);
        chain.start(ch);
        assertTrue(chain.done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "acked " + chain.acked);
        assertEquals(3000, chain.acked);
        assertTrue(chain.errors.isEmpty(), chain.errors.toString());
        assertEquals(1, ch.conversations(), "one conversation, read out of the epoll set");
        // The last read found answers and sent nothing; the one after it finds the queue empty and goes back.
        assertFalse(readingAfterSendAfter(100), "back in the epoll set");
        ns.ip("link", "add", "br0", "type", "bridge");
        assertEquals("br0", chain.notified.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS), "epoll woke the channel");
        assertFalse(chain.notifiedOutOfEpoll.take());
    }

    @Test
    void aNotificationDuringAConversationIsReadWithItsAnswers() throws Exception {
        Chain chain = open(Integer.MAX_VALUE);
        chain.start(ch);
        assertTrue(chain.inConversation.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "a conversation out of epoll");
        ns.ip("link", "add", "br1", "type", "bridge");
        assertEquals("br1", chain.notified.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertTrue(chain.notifiedOutOfEpoll.take(), "read by the conversation's own reads");
        chain.stopped = true;
        assertTrue(chain.done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertTrue(chain.errors.isEmpty(), chain.errors.toString());
    }

    @Test
    void autoReadOffPausesAConversationAndOnResumesItUnderEpoll() throws Exception {
        Chain chain = open(4000);
        chain.pauseAt = 2000;
        chain.start(ch);
        assertTrue(chain.paused.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "acked " + chain.acked);
        readingAfterSendAfter(100); // a hundred loop turns: the answers queued at the pause would have been read
        assertEquals(2000, chain.acked, "nothing read while autoRead is off");
        assertFalse(readingAfterSend(), "a paused conversation is back in the epoll set");
        assertEquals(1, ch.conversations());
        ch.config().setAutoRead(true);
        assertTrue(chain.done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "acked " + chain.acked);
        assertEquals(4000, chain.acked);
        assertTrue(chain.errors.isEmpty(), chain.errors.toString());
        assertEquals(2, ch.conversations(), "the rest was a conversation of its own");
    }

    @Test
    void aChannelClosedDuringAConversationClosesCleanly() throws Exception {
        Chain chain = open(Integer.MAX_VALUE);
        chain.closeAt = 1500;
        chain.start(ch);
        assertTrue(chain.done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertTrue(ch.closeFuture().await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, ch.conversations());
        assertFalse(ch.isOpen());
        ch.eventLoop().submit(() -> { }).sync(); // a loop turn after the close: nothing reads the closed socket
        assertTrue(chain.errors.isEmpty(), chain.errors.toString());
    }

    @Test
    void aChannelMovedToAnotherLoopDuringAConversationGoesOnThere() throws Exception {
        EventLoopGroup other = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Chain chain = open(4000);
            chain.moveTo = other;
            chain.moveAt = 2000;
            chain.start(ch);
            assertTrue(chain.done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "acked " + chain.acked);
            assertEquals(4000, chain.acked, "every answer, in order, across the move");
            assertTrue(chain.errors.isEmpty(), chain.errors.toString());
            assertSame(other, ch.eventLoop().parent(), "on the other loop now");
            assertEquals(2, ch.conversations(), "one conversation on each loop");
            group.submit(() -> { }).sync(); // the first loop runs whatever it still had queued for the channel
            assertTrue(chain.errors.isEmpty(), chain.errors.toString());
            ch.close().sync();
            ch = null;
        } finally {
            other.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aLoopShutDownDuringAConversationClosesItsChannel() throws Exception {
        EventLoopGroup own = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Chain chain = new Chain(Integer.MAX_VALUE);
            ch = NetlinkTestSupport.bind(own, new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE, ns.path()), chain,
                    Map.of());
            chain.start(ch);
            assertTrue(chain.inConversation.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "a conversation out of epoll");
            own.shutdownGracefully(0, 5, TimeUnit.SECONDS);
            assertTrue(ch.closeFuture().await(TIMEOUT_SECONDS, TimeUnit.SECONDS),
                    "the shutting-down loop closed the channel it had no registration of");
            assertFalse(ch.isOpen());
            ch = null; // closed, and its loop is gone
        } finally {
            own.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void offTheSocketStaysInTheEpollSet() throws Exception {
        Chain chain = new Chain(3000);
        ch = NetlinkTestSupport.bind(group, new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE, ns.path()), chain,
                Map.of(NetlinkChannelOption.READ_AFTER_SEND, false));
        assertFalse(ch.config().getOption(NetlinkChannelOption.READ_AFTER_SEND));
        chain.start(ch);
        assertTrue(chain.done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "acked " + chain.acked);
        assertEquals(3000, chain.acked);
        assertEquals(0, ch.conversations());
        assertTrue(chain.errors.isEmpty(), chain.errors.toString());
    }
}
