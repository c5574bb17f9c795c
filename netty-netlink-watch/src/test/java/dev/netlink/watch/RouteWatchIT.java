package dev.netlink.watch;

import dev.netlink.rtnetlink.Route;
import dev.netlink.testing.TestNetns;
import io.netty.channel.ChannelOption;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.netlink.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A route watch against the real kernel, compared with {@code ip -j route show table all}. */
class RouteWatchIT {
    private static final int CHANGES = 100_000;

    private static String host(int i) {
        return "10." + ((i >> 16) & 255) + '.' + ((i >> 8) & 255) + '.' + (i & 255) + "/32";
    }

    /** v0 in 192.168.0.0/24 and 2001:db8:a::/64, v1 in 192.168.1.0/24: two next hops for every route. */
    private static void twoSubnets(TestNetns ns) {
        IpJson.vethPairUp(ns);
        ns.ip("address", "add", "192.168.0.1/24", "dev", "v0");
        ns.ip("address", "add", "192.168.1.1/24", "dev", "v1");
        ns.ip("address", "add", "2001:db8:a::1/64", "dev", "v0", "nodad");
    }

    @Test
    void aHundredThousandRouteChangesWithA64KiBBuffer() throws Exception {
        try (TestNetns ns = TestNetns.create()) {
            twoSubnets(ns);
            Recorder<RouteKey, Route> told = new Recorder<>(RouteKey::of);
            Watch<RouteKey, Route> w = await(Watches.routes(told,
                    b -> b.netns(ns.path()).option(ChannelOption.SO_RCVBUF, 64 * 1024)));
            // Adds, replaces (another gateway, another device, other tables) and deletes: 100,000 in all.
            List<String> batch = new ArrayList<>(CHANGES);
            int adds = 50_000;
            for (int i = 0; i < adds; i++) {
                batch.add("route add " + host(i) + " via 192.168.0.2" + (i % 5 == 0 ? " table 100" : ""));
            }
            for (int i = 0; i < 25_000; i++) {
                batch.add("route replace " + host(i) + (i % 2 == 0 ? " via 192.168.1.2" : " dev v0 metric 0")
                        + (i % 5 == 0 ? " table 100" : ""));
            }
            for (int i = 25_000; i < 50_000; i++) {
                batch.add("route del " + host(i) + (i % 5 == 0 ? " table 100" : ""));
            }
            long start = System.nanoTime();
            ns.ipBatch(batch);
            long ran = System.nanoTime();
            // The kernel's own table changes a little later too (IPv6 link-local addresses' local routes after DAD).
            Set<String> kernel = told.awaitEqual(() -> IpJson.routes(ns), () -> IpJson.routes(w.snapshot().values()),
                    120);
            long converged = System.nanoTime() - ran;
            told.assertRunningViewIs(w.snapshot());
            System.out.printf("route flood: %d changes in %d ms, %d routes after, %d overrun(s), %d resync(s),"
                            + " %d dumps, equal %d ms after the last change; %d events told%n", batch.size(),
                    TimeUnit.NANOSECONDS.toMillis(ran - start), kernel.size(), w.overruns(), w.resyncs(), w.dumps(),
                    TimeUnit.NANOSECONDS.toMillis(converged), told.events.get());
            assertTrue(w.overruns() > 0, "a 64 KiB buffer overruns in such a flood");
            assertTrue(w.resyncs() > 0);
            w.close();
        }
    }

    @Test
    void replacesOfTheNextHopAreFollowedLive() throws Exception {
        try (TestNetns ns = TestNetns.create()) {
            twoSubnets(ns);
            Recorder<RouteKey, Route> told = new Recorder<>(RouteKey::of);
            Watch<RouteKey, Route> w = await(Watches.routes(told, Watches.in(java.nio.file.Path.of(ns.path()))));
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                batch.add("route add " + host(i) + " via 192.168.0.2");
                batch.add("route add 2001:db8:100:" + Integer.toHexString(i) + "::/64 via 2001:db8:a::2");
            }
            for (int i = 0; i < 300; i++) {
                batch.add("route replace " + host(i) + " via 192.168.1.2"); // another next hop: another key
                batch.add("route replace 2001:db8:100:" + Integer.toHexString(i) + "::/64 dev v1");
            }
            ns.ipBatch(batch);
            told.awaitEqual(() -> IpJson.routes(ns), () -> IpJson.routes(w.snapshot().values()), 30);
            told.assertRunningViewIs(w.snapshot());
            List<RouteKey> stale = w.snapshot().keySet().stream().filter(k -> k.gateway() != null
                    && k.gateway().getHostAddress().equals("192.168.0.2")).toList();
            assertTrue(stale.isEmpty(), stale.size() + " replaced next hops stayed: " + stale.subList(0,
                    Math.min(3, stale.size())) + " of " + w.snapshot().size() + ", " + w.overruns() + " overruns, " + w.resyncs()
                    + " resyncs, " + w.dumps() + " dumps");
            System.out.printf("route replaces: %d changes, %d overrun(s), %d resync(s), %d dumps%n", batch.size(),
                    w.overruns(), w.resyncs(), w.dumps());
            if (w.overruns() == 0) {
                assertTrue(w.resyncs() == 0 && w.dumps() == 1, "every replace followed from its notification");
            }
            w.close();
        }
    }
}
