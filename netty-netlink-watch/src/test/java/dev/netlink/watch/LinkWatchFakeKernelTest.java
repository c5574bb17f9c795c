package dev.netlink.watch;

import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkOverrunEvent;
import dev.netlink.family.rtlink.LinkMessage;
import dev.netlink.rtnetlink.Link;
import dev.netlink.testkit.FakeKernel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A link watch through the fake kernel, whose receive queue overflows as the kernel's does: {@code ENOBUFS} before
 * the backlog it still holds, silent drops while congested, the resync's dump answered after the backlog.
 */
class LinkWatchFakeKernelTest {
    private static final int RTNLGRP_LINK = 1;
    private static final int RTM_NEWLINK = 16;
    private static final int RTM_DELLINK = 17;
    private static final int RTM_GETLINK = 18;

    /** The fake kernel's links: index to name and MTU. */
    private final TreeMap<Integer, Link0> links = new TreeMap<>();
    private final Told told = new Told();
    private int interruptDumps;
    private FakeKernel kernel;
    private EmbeddedChannel ch;

    record Link0(String name, int mtu) {
    }

    /** A user's running view, kept from the events alone. */
    static final class Told implements WatchListener<Link> {
        final Map<Integer, String> running = new HashMap<>();
        final List<Resync> resyncs = new ArrayList<>();
        int events;

        @Override
        public void added(Link l) {
            events++;
            assertEquals(null, running.put(l.index(), l.name() + "/" + l.mtu()));
        }

        @Override
        public void changed(Link before, Link after) {
            events++;
            running.put(after.index(), after.name() + "/" + after.mtu());
        }

        @Override
        public void removed(Link l) {
            events++;
            assertTrue(running.remove(l.index()) != null);
        }

        @Override
        public void resynced(Resync r) {
            resyncs.add(r);
        }
    }

    private static ByteBuf link(int index, Link0 l) {
        ByteBuf m = Unpooled.buffer();
        LinkMessage.builder().header(h -> h.ifiIndex(index)).attributes(a -> a.ifname(l.name()).mtu(l.mtu())).build()
                .encode(m);
        return m;
    }

    private Watch<Integer, Link> watch() {
        links.put(1, new Link0("lo", 65536));
        kernel = new FakeKernel((req, reply) -> {
            if (req.type() == RTM_GETLINK) {
                int flags = NetlinkFlags.NLM_F_MULTI | (interruptDumps > 0 ? NetlinkFlags.NLM_F_DUMP_INTR : 0);
                interruptDumps = Math.max(0, interruptDumps - 1);
                links.forEach((i, l) -> reply.message(RTM_NEWLINK, flags, link(i, l)));
            }
        }).datagramSize(2048); // a dump of several datagrams
        ch = FakeKernel.newChannel(kernel);
        Future<Watch<Integer, Link>> w = Watch.on(NetlinkSocket.on(ch, 0), Watches.linkSource(), told);
        settle();
        assertTrue(w.isSuccess(), String.valueOf(w.cause()));
        return w.getNow();
    }

    /** Runs what is due, and the back-offs the watch scheduled, moving the channel's clock instead of waiting. */
    private void settle() {
        ch.runPendingTasks();
        for (int i = 0; i < 20; i++) {
            ch.advanceTimeBy(WatchEngine.MAX_RETRY_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            ch.runScheduledPendingTasks();
            ch.runPendingTasks();
        }
    }

    private void put(int index, String name, int mtu) {
        Link0 l = new Link0(name, mtu);
        links.put(index, l);
        kernel.notify(RTNLGRP_LINK, RTM_NEWLINK, link(index, l));
    }

    private void delete(int index) {
        kernel.notify(RTNLGRP_LINK, RTM_DELLINK, link(index, links.remove(index)));
    }

    private Map<Integer, String> kernelView() {
        Map<Integer, String> m = new HashMap<>();
        links.forEach((i, l) -> m.put(i, l.name() + "/" + l.mtu()));
        return m;
    }

    private static Map<Integer, String> view(Watch<Integer, Link> w) {
        Map<Integer, String> m = new HashMap<>();
        w.snapshot().forEach((i, l) -> m.put(i, l.name() + "/" + l.mtu()));
        return m;
    }

    @AfterEach
    void tearDown() {
        if (ch != null) {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void theMonitorScenarioEndsEqualToTheKernel() {
        Watch<Integer, Link> w = watch();
        assertEquals(kernelView(), view(w));
        kernel.receiveQueue(64).pause();
        // 1,200 changes while the reader sleeps: 400 links come, change and go again, 100 of them stay.
        for (int i = 0; i < 400; i++) {
            put(100 + i, "v" + i, 1500);
        }
        for (int i = 0; i < 400; i++) {
            put(100 + i, "v" + i, 1400);
        }
        for (int i = 100; i < 400; i++) {
            delete(100 + i);
        }
        put(1, "lo", 1280);
        assertEquals(64, kernel.queued());
        assertTrue(kernel.dropped() > 1000, "dropped " + kernel.dropped());
        kernel.resume();
        ch.runPendingTasks();
        assertEquals(0, kernel.queued());
        assertEquals(1, w.overruns(), "one ENOBUFS for the whole episode");
        assertEquals(1, w.resyncs());
        assertEquals(3, w.dumps(), "the first, the drain behind the backlog, the one merged");
        assertEquals(kernelView(), view(w), "not one of the 300 deleted links kept");
        assertEquals(kernelView(), told.running);
        Resync r = told.resyncs.get(0);
        assertEquals(ResyncCause.KERNEL_OVERRUN, r.cause());
        // The backlog (64 adds) was not told: the difference is the 100 links that stayed, and lo's new MTU.
        assertEquals(100, r.added());
        assertEquals(1, r.changed());
        assertEquals(0, r.removed());
        // Then it goes on live.
        put(7, "late", 9000);
        delete(100);
        assertEquals(kernelView(), view(w));
        assertEquals(kernelView(), told.running);
    }

    @Test
    void anOverrunDuringTheResyncStartsTheDrainAgain() {
        Watch<Integer, Link> w = watch();
        kernel.receiveQueue(4).pause();
        for (int i = 0; i < 50; i++) {
            put(10 + i, "a" + i, 1500);
        }
        kernel.resume();
        ch.runPendingTasks();
        kernel.pause();
        for (int i = 0; i < 50; i++) {
            delete(10 + i);
        }
        put(2, "b", 1500);
        kernel.resume();
        ch.runPendingTasks();
        assertEquals(2, w.overruns());
        assertEquals(kernelView(), view(w));
        assertEquals(kernelView(), told.running);
    }

    @Test
    void anInterruptedDumpIsDumpedAgain() {
        interruptDumps = 1;
        Watch<Integer, Link> w = watch();
        assertEquals(2, w.dumps());
        assertEquals(1, w.resyncs());
        assertEquals(ResyncCause.DUMP_INTERRUPTED, told.resyncs.get(0).cause());
        assertEquals(kernelView(), view(w));
        interruptDumps = 2; // the drain (which drains all the same) and the first dump merged
        links.put(5, new Link0("unseen", 1500)); // its notification lost with the socket's own full queue
        ch.pipeline().fireUserEventTriggered(NetlinkOverrunEvent.notificationQueueFull("receive()", 1));
        settle();
        assertEquals(kernelView(), view(w));
        assertEquals(2, w.resyncs());
        Resync r = told.resyncs.get(1);
        assertEquals(ResyncCause.QUEUE_FULL, r.cause(), "the first cause of the episode");
        assertEquals(3, r.dumps(), "drain, interrupted, merged");
        assertEquals(5, w.dumps());
        assertEquals(1, r.added());
        assertEquals(3, w.interruptedDumps());
        assertEquals(4 + 4 + 8, w.backoffMillis(), "from the first back-off again after the clean dump");
    }

    @Test
    void dumpsInterruptedAgainAndAgainBackOffOnTheEventLoop() {
        interruptDumps = 6;
        Watch<Integer, Link> w = watch();
        assertEquals(7, w.dumps(), "six interrupted, the seventh merged");
        assertEquals(6, w.interruptedDumps());
        assertEquals(4 + 8 + 16 + 32 + 64 + 128, w.backoffMillis());
        assertEquals(kernelView(), view(w));
        assertEquals(kernelView(), told.running);
        assertEquals(1, w.resyncs());
        assertEquals(6, told.resyncs.get(0).dumps(), "the dumps after the first was interrupted");
        put(3, "after", 1500);
        assertEquals(kernelView(), view(w), "and then live");
    }
}
