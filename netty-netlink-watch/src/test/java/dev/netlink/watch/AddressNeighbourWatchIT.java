package dev.netlink.watch;

import dev.netlink.rtnetlink.Address;
import dev.netlink.rtnetlink.Neighbour;
import dev.netlink.testing.TestNetns;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static dev.netlink.testing.Await.await;

/** Address and neighbour watches against the real kernel, compared with {@code ip -j address} and {@code ip -j neigh}. */
class AddressNeighbourWatchIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Set<String> ipAddresses(TestNetns ns) {
        Set<String> s = new TreeSet<>();
        for (JsonNode l : JSON.readTree(ns.ipJson("address", "show"))) {
            for (JsonNode a : l.get("addr_info")) {
                s.add(l.get("ifindex").asInt() + " " + dev.netlink.rtnetlink.IpPrefix.parse(a.get("local").asString()
                        + '/' + a.get("prefixlen").asInt()));
            }
        }
        return s;
    }

    private static Set<String> ipNeighbours(TestNetns ns, int v0) {
        Set<String> s = new TreeSet<>();
        for (JsonNode n : JSON.readTree(ns.ipJson("neigh", "show", "dev", "v0"))) {
            s.add(v0 + " " + dev.netlink.rtnetlink.IpPrefix.parse(n.get("dst").asString()).address().getHostAddress()
                    + " " + (n.has("lladdr") ? n.get("lladdr").asString() : "-"));
        }
        return s;
    }

    @Test
    void addressesAndNeighboursEqualIp() throws Exception {
        try (TestNetns ns = TestNetns.create()) {
            int v0 = IpJson.vethPairUp(ns);
            Recorder<AddressKey, Address> addrs = new Recorder<>(AddressKey::of);
            Recorder<NeighbourKey, Neighbour> neighs = new Recorder<>(NeighbourKey::of);
            Watch<AddressKey, Address> a = await(Watches.addresses(addrs, Watches.in(java.nio.file.Path.of(ns.path()))));
            Watch<NeighbourKey, Neighbour> n = await(Watches.neighbours(neighs,
                    Watches.in(java.nio.file.Path.of(ns.path()))));
            List<String> batch = new ArrayList<>();
            for (int i = 1; i <= 200; i++) {
                batch.add("address add 10.9." + i + ".1/24 dev v0");
                batch.add("address add 2001:db8::" + Integer.toHexString(i) + "/64 dev v1 nodad");
                batch.add("neigh add 192.168.7." + i + " lladdr 02:00:00:00:00:" + String.format("%02x", i)
                        + " dev v0 nud permanent");
            }
            for (int i = 1; i <= 50; i++) {
                batch.add("address del 10.9." + i + ".1/24 dev v0");
                batch.add("neigh del 192.168.7." + i + " dev v0");
                batch.add("neigh replace 192.168.7." + (100 + i) + " lladdr 02:00:00:00:01:01 dev v0 nud permanent");
            }
            ns.ipBatch(batch);
            addrs.awaitEqual(() -> ipAddresses(ns), () -> a.snapshot().values().stream()
                    .map(x -> x.index() + " " + x.prefix()).collect(Collectors.toCollection(TreeSet::new)), 30);
            neighs.awaitEqual(() -> ipNeighbours(ns, v0), () -> n.snapshot().values().stream()
                    .filter(x -> x.index() == v0)
                    .map(x -> x.index() + " " + x.dst().getHostAddress() + " " + (x.lladdr() == null ? "-"
                            : x.lladdr().toString())).collect(Collectors.toCollection(TreeSet::new)), 30);
            addrs.assertRunningViewIs(a.snapshot());
            neighs.assertRunningViewIs(n.snapshot());
            System.out.printf("addresses: %d (%d overruns, %d resyncs); neighbours: %d (%d overruns, %d resyncs)%n",
                    a.snapshot().size(), a.overruns(), a.resyncs(), n.snapshot().size(), n.overruns(), n.resyncs());
            a.close();
            n.close();
        }
    }
}
