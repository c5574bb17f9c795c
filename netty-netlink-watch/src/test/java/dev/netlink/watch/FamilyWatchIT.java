package dev.netlink.watch;

import dev.netlink.testing.TestNetns;
import dev.netlink.ynl.Ynl;
import dev.netlink.ynl.YnlFamily;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import static dev.netlink.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A watch of a YNL family read through its spec: netdev's devices ({@code dev-get}, kept by {@code dev-add-ntf},
 * {@code dev-del-ntf}, {@code dev-change-ntf} on group {@code mgmt}) in a private namespace. netdev's dump lists
 * every device of the namespace ({@code lo} and a bridge with no XDP features, a veth with {@code basic},
 * {@code redirect}, {@code rx-sg}), so the watch's keys are {@code ip -j link}'s indices.
 */
class FamilyWatchIT {
    private static Set<Integer> indices(Watch<Object, Map<String, Object>> w) {
        return w.snapshot().keySet().stream().map(k -> ((Number) k).intValue())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void netdevDevicesFollowTheNamespacesLinks() throws Exception {
        try (TestNetns ns = TestNetns.create()) {
            Recorder<Object, Map<String, Object>> told = new Recorder<>(m -> m.get("ifindex"));
            Watch<Object, Map<String, Object>> w = await(Watches.family("netdev", "dev-get", Set.of("dev-del-ntf"),
                    m -> m.get("ifindex"), told, b -> b.netns(ns.path())));
            assertEquals(IpJson.links(ns).keySet(), indices(w), "lo");
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                batch.add("link add a" + i + " type veth peer name b" + i);
            }
            batch.add("link add br0 type bridge");
            for (int i = 0; i < 20; i += 2) {
                batch.add("link del a" + i);
            }
            ns.ipBatch(batch);
            told.awaitEqual(() -> new TreeSet<>(IpJson.links(ns).keySet()), () -> indices(w), 10);
            told.assertRunningViewIs(w.snapshot());
            int a1 = IpJson.index(ns, "a1");
            int br0 = IpJson.index(ns, "br0");
            assertTrue(((Set<?>) w.snapshot().get(Long.valueOf(a1)).get("xdp-features")).contains("basic"),
                    "a veth's XDP features: " + w.snapshot().get(Long.valueOf(a1)));
            assertEquals(Set.of(), w.snapshot().get(Long.valueOf(br0)).get("xdp-features"), "a bridge has none");
            System.out.printf("netdev watch: %d devices, %d notifications read, %d events told, %d dumps%n",
                    w.snapshot().size(), w.notifications(), told.events.get(), w.dumps());
            w.close();
        }
    }

    @Test
    void aDumpTheSpecPairsWithNoNotificationIsRefused() throws Exception {
        try (TestNetns ns = TestNetns.create()) {
            YnlFamily nlctrl = await(Ynl.connect("nlctrl", b -> b.netns(ns.path())));
            try {
                ExecutionException e = assertThrows(ExecutionException.class, () -> Watches.family(nlctrl,
                        "getfamily", Set.of(), m -> m.get("family-name"), new Recorder<>(m -> m)).get());
                assertInstanceOf(IllegalArgumentException.class, e.getCause());
                assertTrue(e.getCause().getMessage().contains("pairs no notification"), e.getCause().getMessage());
            } finally {
                nlctrl.close();
            }
        }
    }
}
