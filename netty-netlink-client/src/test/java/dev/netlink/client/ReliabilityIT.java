package dev.netlink.client;

import dev.netlink.codec.HostOrder;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkProtocol;
import dev.netlink.codec.Rtnetlink;
import dev.netlink.testing.TestNetns;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults and load: no file descriptor left, no capability, many requesters. The first two run {@link ChildProbe}
 * in a child JVM with the limit applied. {@code -Dnetlink.stress.requests=100000} runs the long version of the
 * requester test (CI runs 10,000 per thread).
 */
class ReliabilityIT {
    static TestNetns.Result child(String prefix, String... args) {
        List<String> cmd = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jvm = java + " --enable-native-access=ALL-UNNAMED -cp " + System.getProperty("java.class.path")
                + " " + ChildProbe.class.getName() + " " + String.join(" ", args);
        cmd.add("bash");
        cmd.add("-c");
        cmd.add(prefix + " " + jvm);
        return TestNetns.run(cmd.toArray(new String[0]));
    }

    @Test
    void noFileDescriptorLeftIsAClearErrorAndNothingHalfOpen() {
        TestNetns.assumeRoot();
        TestNetns.Result r = child("ulimit -n 256 && exec", "emfile");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("connect: failed: cannot open a NETLINK_ROUTE socket: socket: EMFILE (Too many "
                + "open files)"), r.output());
        assertTrue(r.output().contains("after closing the files: connected and answered"), r.output());
    }

    /**
     * In a fresh namespace (only {@code lo}, down) Netty's NetUtil finds no interface and used to log a 17-line
     * warning through the library's shared event loop; the library prints nothing the user did not ask for.
     */
    @Test
    void aRequestInANamespaceWithoutInterfacesPrintsNothing() {
        try (TestNetns ns = TestNetns.create()) {
            ns.ip("link", "set", "lo", "down");
            TestNetns.Result r = child("exec ip netns exec " + ns.name(), "quiet");
            assertEquals(0, r.exit(), r.output());
            assertEquals("noop: answered", r.output().strip(), "nothing but the probe's own line");
        }
    }

    @Test
    void withoutCapNetAdminTheKernelsEpermReachesTheFuture() {
        try (TestNetns ns = TestNetns.create()) {
            TestNetns.Result r = child("exec setpriv --bounding-set -net_admin --inh-caps -net_admin --", "eperm",
                    ns.path());
            assertEquals(0, r.exit(), r.output());
            assertTrue(r.output().contains("newlink: EPERM EPERM (Operation not permitted)"), r.output());
            assertTrue(r.output().contains("noop: answered"), r.output());
            assertTrue(!ns.ip("link", "show").contains("nlt-eperm"), "no link was made");
        }
    }

    @Test
    void requestsTimeOutUnderLoadAndTheirLateAnswersAreReleased() throws Exception {
        try (TestNetns ns = TestNetns.create();
             NetlinkSocket s = NetlinkSocket.builder(NetlinkProtocol.NETLINK_ROUTE).netns(ns.path()).timeoutMillis(200)
                     .connect().sync().getNow()) {
            // The reader stalls (autoRead off) while 2,000 requests pile up: the 32 in flight time out, and so do
            // the ones waiting their turn; then reading resumes and the late answers are released.
            s.channel().config().setAutoRead(false);
            List<Future<NetlinkReplies<NetlinkMessage>>> all = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                ByteBuf p = Unpooled.buffer(Rtnetlink.IFINFOMSG_SIZE);
                HostOrder.writeI32(p.writeZero(4), 1).writeZero(8);
                all.add(s.request(Rtnetlink.RTM_GETLINK, p, 0));
            }
            for (Future<NetlinkReplies<NetlinkMessage>> f : all) {
                assertTrue(f.await(10, TimeUnit.SECONDS));
                assertTrue(f.cause() instanceof java.util.concurrent.TimeoutException, () -> String.valueOf(f.cause()));
            }
            s.channel().config().setAutoRead(true);
            assertNull(s.noop().sync().getNow(), "the socket serves again");
            assertTrue(s.stats().lateReplies() > 0, "the answers that came late were counted and released");
            assertEquals(2000, s.stats().timeouts(), "every one of them timed out");
            assertEquals(0, s.channel().pipeline().get(NetlinkRequestHandler.class).pendingRequests());
        }
    }

    @Test
    void aSlowConsumerPausesTheKernelAndTheDumpCompletesInBoundedHeap() throws Exception {
        int routes = Integer.getInteger("netlink.stress.routes", 50_000);
        try (TestNetns ns = TestNetns.create()) {
            ns.addHostRoutes(routes);
            try (NetlinkSocket s = NetlinkSocket.builder(NetlinkProtocol.NETLINK_ROUTE).netns(ns.path())
                    .timeoutMillis(0).connect().sync().getNow()) {
                java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
                System.gc();
                long before = memory.getHeapMemoryUsage().getUsed();
                AtomicLong seen = new AtomicLong();
                AtomicLong maxLive = new AtomicLong();
                AtomicLong pauses = new AtomicLong();
                byte[] rtmsg = new byte[Rtnetlink.RTMSG_SIZE];
                rtmsg[0] = (byte) Rtnetlink.AF_INET;
                Future<Void> dump = s.execute(s.newRequest(Rtnetlink.RTM_GETROUTE, Unpooled.wrappedBuffer(rtmsg),
                        NetlinkFlags.NLM_F_DUMP).consumer(m -> {
                            long n = seen.incrementAndGet();
                            if (n % 2_000 == 0) {
                                // A slow consumer: stop reading for a moment; the kernel waits with the rest.
                                s.channel().config().setAutoRead(false);
                                pauses.incrementAndGet();
                                s.channel().eventLoop().schedule(() -> s.channel().config().setAutoRead(true),
                                        2, TimeUnit.MILLISECONDS);
                            }
                            if (n % 10_000 == 0) {
                                System.gc();
                                maxLive.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                            }
                        }));
                assertTrue(dump.await(120, TimeUnit.SECONDS), seen + " routes so far");
                assertTrue(dump.isSuccess(), () -> String.valueOf(dump.cause()));
                assertTrue(seen.get() >= routes, seen.get() + " routes");
                assertTrue(pauses.get() > 0);
                long grown = maxLive.get() - before;
                assertTrue(grown < 4L * 1024 * 1024, "live heap grew by " + grown + " bytes");
            }
        }
    }

    @Test
    void aMulticastFloodIsReportedAndTheSocketGoesOn() throws Exception {
        int sent = Integer.getInteger("netlink.stress.events", 3_000);
        try (TestNetns ns = TestNetns.create();
             NetlinkSocket s = NetlinkSocket.builder(NetlinkProtocol.NETLINK_ROUTE).netns(ns.path())
                     .option(io.netty.channel.ChannelOption.SO_RCVBUF, 8192).receiveQueueCapacity(100_000)
                     .connect().sync().getNow()) {
            s.addMembership(Rtnetlink.RTNLGRP_IPV4_IFADDR).sync();
            List<String> batch = new ArrayList<>(sent);
            for (int i = 0; i < sent; i++) {
                batch.add("addr add 10.66." + (i / 250) + "." + (i % 250 + 1) + "/32 dev lo");
            }
            ns.ipBatch(batch);
            int received = 0;
            int overruns = 0;
            while (true) {
                Future<dev.netlink.codec.NetlinkMessage> next = s.receive();
                if (!next.await(1, TimeUnit.SECONDS)) { // the flood is over and drained
                    next.cancel(false);
                    break;
                }
                if (next.isSuccess()) {
                    if (next.getNow().type() == Rtnetlink.RTM_NEWADDR) {
                        received++;
                    }
                    next.getNow().release();
                } else if (next.cause() instanceof dev.netlink.client.NetlinkOverrunException) {
                    overruns++;
                } else {
                    throw new AssertionError(next.cause());
                }
            }
            int lost = sent - received;
            System.out.printf("multicast flood: %d events sent, %d received, %d lost, %d overruns reported%n",
                    sent, received, lost, overruns);
            assertTrue(received <= sent);
            assertTrue(lost == 0 || overruns >= 1, "every loss is reported: " + lost + " lost, " + overruns
                    + " reports");
            assertTrue(lost > 0, "an 8 KiB buffer cannot hold " + sent + " notifications");
            assertNull(s.noop().sync().getNow(), "the socket still serves requests");
        }
    }

    @Test
    void sixteenThreadsOfRequestersOnOneSocketEachGetTheirOwnAnswer() throws Exception {
        try (TestNetns ns = TestNetns.create();
             NetlinkSocket s = NetlinkSocket.builder(NetlinkProtocol.NETLINK_ROUTE).netns(ns.path()).connect()
                     .sync().getNow()) {
            ns.ip("link", "add", "nlt-s0", "type", "bridge");
            int bridge = Integer.parseInt(ns.ip("-o", "link", "show", "nlt-s0").split(":")[0]);
            requesters(s, 16, Integer.getInteger("netlink.stress.requests", 10_000), 1, bridge);
        }
    }

    /**
     * {@code threads} threads each send {@code perThread} RTM_GETLINK requests on one socket, asking for the links
     * {@code indices} in turn, and check that every answer is the link its own request asked for.
     */
    static void requesters(NetlinkSocket s, int threads, int perThread, int... indices) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong answered = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(threads * perThread);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            pool.execute(() -> {
                for (int i = 0; i < perThread; i++) {
                    int index = indices[(thread + i) % indices.length];
                    ByteBuf p = Unpooled.buffer(Rtnetlink.IFINFOMSG_SIZE);
                    HostOrder.writeI32(p.writeZero(4), index).writeZero(8);
                    s.request(Rtnetlink.RTM_GETLINK, p, 0).addListener((Future<NetlinkReplies<NetlinkMessage>> f) -> {
                        try {
                            if (!f.isSuccess()) {
                                failure.compareAndSet(null, f.cause());
                                return;
                            }
                            NetlinkReplies<NetlinkMessage> r = f.getNow();
                            ByteBuf c = r.get(0).content();
                            if (r.size() != 1 || HostOrder.getI32(c, c.readerIndex() + 4) != index) {
                                failure.compareAndSet(null, new AssertionError("asked for " + index + ", got " + r));
                            }
                            r.release();
                            answered.incrementAndGet();
                        } finally {
                            done.countDown();
                        }
                    });
                }
            });
        }
        assertTrue(done.await(300, TimeUnit.SECONDS), answered + " answered");
        pool.shutdown();
        assertNull(failure.get(), () -> String.valueOf(failure.get()));
        assertEquals((long) threads * perThread, answered.get());
        assertEquals(0, s.stats().lateReplies());
        assertEquals(0, s.stats().foreignDatagrams());
        assertEquals((long) threads * perThread, s.stats().requests());
    }
}
