package dev.netlink.watch;

import dev.netlink.client.BusyPoll;
import dev.netlink.rtnetlink.Link;
import dev.netlink.testing.TestNetns;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.netlink.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Link watches against the real kernel, each in namespaces of its own, compared with {@code ip -j link}. */
class LinkWatchIT {
    /** The smallest receive buffer: the kernel doubles it to 128 KiB of accounting, a few dozen notifications. */
    private static final int SMALL_RCVBUF = 64 * 1024;

    private static Watch<Integer, Link> watch(TestNetns ns, Recorder<Integer, Link> told) throws Exception {
        return await(Watches.links(told, b -> b.netns(ns.path()).option(ChannelOption.SO_RCVBUF, SMALL_RCVBUF)));
    }

    /** What the watch's engine, gate and request handler hold, with its counters. */
    static String describe(Watch<?, ?> w) {
        try {
            return w.describe().get(5, TimeUnit.SECONDS) + ", " + w.overruns() + " overruns, " + w.dumps() + " dumps ("
                    + w.interruptedDumps() + " interrupted), " + w.notifications() + " notifications";
        } catch (Exception e) {
            return "(no state: " + e + ")";
        }
    }

    /** 1,151 link changes: 500 veth links come, go up, change MTU, join a bridge and leave it; 300 of them go. */
    private static List<String> changes() {
        List<String> batch = new ArrayList<>();
        batch.add("link add br0 type bridge");
        for (int i = 0; i < 250; i++) {
            batch.add("link add a" + i + " type veth peer name b" + i);
        }
        for (int i = 0; i < 250; i++) {
            batch.add("link set a" + i + " up");
        }
        for (int i = 0; i < 250; i++) {
            batch.add("link set a" + i + " mtu 1400");
        }
        for (int i = 0; i < 125; i++) {
            batch.add("link set b" + i + " master br0");
        }
        for (int i = 0; i < 125; i += 2) {
            batch.add("link set b" + i + " nomaster");
        }
        for (int i = 100; i < 250; i++) {
            batch.add("link del a" + i);
        }
        return batch;
    }

    @Test
    void theMonitorScenario() throws Exception {
        try (TestNetns ns = TestNetns.create()) {
            Recorder<Integer, Link> told = new Recorder<>(Link::index);
            Watch<Integer, Link> w = watch(ns, told);
            assertEquals(IpJson.links(ns), IpJson.links(w.snapshot()));
            // The reader stops (a user's handler busy elsewhere) while the changes run.
            w.socket().channel().config().setAutoRead(false);
            w.socket().channel().eventLoop().submit(() -> { }).get(10, TimeUnit.SECONDS);
            List<String> batch = changes();
            ns.ipBatch(batch);
            long resumed = System.nanoTime();
            w.socket().channel().config().setAutoRead(true);
            Resync r = told.resyncs.poll(60, TimeUnit.SECONDS);
            assertNotNull(r, "no resync after the overrun");
            long converged = System.nanoTime() - resumed;
            Map<Integer, String> kernel = IpJson.links(ns);
            told.awaitEqual(() -> kernel, () -> IpJson.links(w.snapshot()), 10);
            told.assertRunningViewIs(w.snapshot());
            assertEquals(ResyncCause.KERNEL_OVERRUN, r.cause());
            assertTrue(w.overruns() >= 1);
            assertEquals(1, w.resyncs());
            System.out.printf("monitor scenario: %d changes while paused, %d links after, %d overrun(s), %d resync(s)"
                            + " (+%d ~%d -%d, %d dumps), converged %d ms after resume, %d events told%n",
                    batch.size(), kernel.size(), w.overruns(), w.resyncs(), r.added(), r.changed(), r.removed(),
                    r.dumps(), TimeUnit.NANOSECONDS.toMillis(converged), told.events.get());
            w.close();
        }
    }

    @Test
    void aFloodWhileReadingEndsEqualToIpLink() throws Exception {
        try (TestNetns ns = TestNetns.create()) {
            Recorder<Integer, Link> told = new Recorder<>(Link::index);
            Watch<Integer, Link> w = watch(ns, told);
            WireTrace trace = new WireTrace();
            w.socket().channel().pipeline().addFirst(trace);
            // 2,000 veth and bridge links flapping: made, up, enslaved, down, half of them deleted, twice.
            List<String> batch = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (int br = 0; br < 10; br++) {
                    batch.add("link add br" + br + " type bridge");
                }
                for (int i = 0; i < 1000; i++) {
                    batch.add("link add x" + i + " type veth peer name y" + i);
                    batch.add("link set x" + i + " master br" + (i % 10) + " up");
                }
                for (int i = 0; i < 1000; i++) {
                    batch.add("link set x" + i + " down");
                }
                int from = round == 0 ? 0 : 500;
                for (int i = from; i < 1000; i++) {
                    batch.add("link del x" + i);
                }
                for (int br = 0; br < 10; br++) {
                    batch.add((round == 0 ? "link del br" : "link set br") + br + (round == 0 ? "" : " up"));
                }
                if (round == 0) {
                    continue;
                }
                batch.add("link add late type veth peer name late1"); // a last change after the flood
            }
            long start = System.nanoTime();
            ns.ipBatch(batch);
            long ran = System.nanoTime();
            // Measured equal 0.6 to 1.6 s after the last change (the drain and the merged dump of 1,000 links, read
            // while the kernel finishes the batch's work); 10 s is room for a loaded machine.
            Map<Integer, String> kernel = told.awaitEqual(() -> IpJson.links(ns), () -> IpJson.links(w.snapshot()), 10,
                    () -> describe(w) + "\nthe socket's last requests and answers:\n" + trace);
            long converged = System.nanoTime() - ran;
            told.assertRunningViewIs(w.snapshot());
            System.out.printf("link flood: %d changes in %d ms, %d links after, %d overrun(s), %d resync(s), %d dumps"
                            + " (%d interrupted, %d ms of back-off), equal %d ms after the last change%n", batch.size(),
                    TimeUnit.NANOSECONDS.toMillis(ran - start), kernel.size(), w.overruns(), w.resyncs(), w.dumps(),
                    w.interruptedDumps(), w.backoffMillis(), TimeUnit.NANOSECONDS.toMillis(converged));
            assertTrue(w.overruns() == 0 || w.resyncs() >= 1, "an overrun is always followed by a resync");
            assertEquals(0, w.timedOutDumps(), () -> "no dump waited out its timeout:\n" + trace);
            told.resyncs.forEach(r -> System.out.println("  " + r));
            w.close();
        }
    }

    /**
     * 500 namespaces, each with a link watch, on one event loop thread: the threads stay as they were, each watch
     * follows its own namespace, and the heap a watch costs is measured (printed, not asserted).
     */
    @Test
    void fiveHundredNamespacesOnOneEventLoop() throws Exception {
        TestNetns.assumeRoot();
        int count = 500;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, BusyPoll.ioHandlerFactory(0));
        List<Watch<Integer, Link>> watches = new ArrayList<>();
        List<Recorder<Integer, Link>> recorders = new ArrayList<>();
        long t0 = System.nanoTime();
        try (NamespaceBatch namespaces = NamespaceBatch.create(count)) {
            long made = System.nanoTime();
            group.submit(() -> { }).get(10, TimeUnit.SECONDS); // its one thread started
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            long heap = usedHeap();
            List<io.netty.util.concurrent.Future<Watch<Integer, Link>>> opening = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Recorder<Integer, Link> told = new Recorder<>(Link::index);
                recorders.add(told);
                String path = namespaces.path(i);
                opening.add(Watches.links(told, b -> b.netns(path).group(group)));
            }
            for (io.netty.util.concurrent.Future<Watch<Integer, Link>> f : opening) {
                watches.add(await(f));
            }
            long opened = System.nanoTime();
            long perWatch = (usedHeap() - heap) / count;
            assertEquals(threads, ManagementFactory.getThreadMXBean().getThreadCount(), "no thread per watch");
            List<String> veths = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String ns = namespaces.names().get(i);
                veths.add("link add p" + i + " netns " + ns + " type veth peer name q" + i + " netns " + ns);
            }
            namespaces.ip(veths); // made in each namespace, never in the caller's
            for (int i = 0; i < count; i++) {
                TestNetns.Result r = TestNetns.run("ip", "-n", namespaces.names().get(i), "-j", "link", "show");
                assertEquals(0, r.exit(), r.output());
                Map<Integer, String> kernel = IpJson.links(r.output());
                Watch<Integer, Link> w = watches.get(i);
                recorders.get(i).awaitEqual(() -> kernel, () -> IpJson.links(w.snapshot()), 10);
                assertEquals(3, kernel.size(), "lo and the veth pair p" + i + ", q" + i);
            }
            System.out.printf("%d namespaces made in %d ms; %d link watches opened on one event loop thread in %d ms"
                            + " (%d threads in all, before and after), ~%d bytes of heap a watch; all equal to ip -j"
                            + " link %d ms later%n", count, TimeUnit.NANOSECONDS.toMillis(made - t0), count,
                    TimeUnit.NANOSECONDS.toMillis(opened - made), threads, perWatch,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened));
        } finally {
            watches.forEach(Watch::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** The heap in use after a collection. */
    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void aSocketFilterLetsOnlyOneLinksEventsThrough() throws Exception {
        try (TestNetns ns = TestNetns.create()) {
            ns.ip("link", "add", "a0", "type", "veth", "peer", "name", "b0");
            ns.ip("link", "add", "a1", "type", "veth", "peer", "name", "b1");
            int a0 = IpJson.index(ns, "a0");
            Recorder<Integer, Link> one = new Recorder<>(Link::index);
            Recorder<Integer, Link> all = new Recorder<>(Link::index);
            Watch<Integer, Link> w = await(Watches.link(a0, one, b -> b.netns(ns.path())));
            Watch<Integer, Link> every = await(Watches.links(all, b -> b.netns(ns.path())));
            assertEquals(Map.of(a0, "a0/1500/-"), IpJson.links(w.snapshot()));
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add("link set a1 mtu " + (1300 + i));
                batch.add("link set b1 mtu " + (1300 + i));
                if (i % 10 == 0) {
                    batch.add("link set a0 mtu " + (1400 + i));
                }
            }
            ns.ipBatch(batch);
            all.awaitEqual(() -> IpJson.links(ns), () -> IpJson.links(every.snapshot()), 10);
            one.awaitEqual(() -> Map.of(a0, "a0/1490/-"), () -> IpJson.links(w.snapshot()), 10);
            assertTrue(w.notifications() <= 10, "only a0's notifications were queued: " + w.notifications());
            assertTrue(every.notifications() >= 200, "the unfiltered watch read " + every.notifications());
            ns.ip("link", "del", "a0");
            one.awaitEqual(Map::of, () -> IpJson.links(w.snapshot()), 10);
            System.out.printf("socket filter: the one-link watch read %d notifications, the unfiltered one %d%n",
                    w.notifications(), every.notifications());
            w.close();
            every.close();
        }
    }
}
