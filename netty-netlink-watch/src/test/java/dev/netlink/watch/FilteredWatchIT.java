package dev.netlink.watch;

import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkException;
import dev.netlink.family.rtaddr.RtAddr;
import dev.netlink.family.rtlink.LinkMessage;
import dev.netlink.family.rtlink.RtLink;
import dev.netlink.family.rtneigh.RtNeigh;
import dev.netlink.family.rtroute.RouteMessage;
import dev.netlink.family.rtroute.RtRoute;
import dev.netlink.rtnetlink.Address;
import dev.netlink.rtnetlink.IpPrefix;
import dev.netlink.rtnetlink.Link;
import dev.netlink.rtnetlink.Neighbour;
import dev.netlink.rtnetlink.Route;
import dev.netlink.testing.TestNetns;
import dev.netlink.transport.NetlinkChannelOption;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
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
 * Watches that ask the kernel for part of a table ({@code NETLINK_GET_STRICT_CHK} dump filters): the kernel's
 * filtered dump itself, then the watch's snapshot and events kept to the same set while the table changes, each
 * compared with what {@code ip -j ... show} lists under the same filter.
 */
class FilteredWatchIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Set<String> ip(TestNetns ns, String field, String... args) {
        Set<String> s = new TreeSet<>();
        for (JsonNode n : JSON.readTree(ns.ipJson(args))) {
            s.add(n.get(field).asString());
        }
        return s;
    }

    private static NetlinkSocket strict(TestNetns ns) throws Exception {
        return await(NetlinkSocket.builder(0).netns(ns.path()).option(NetlinkChannelOption.NETLINK_GET_STRICT_CHK, true)
                .connect());
    }

    @Test
    void linksOfOneMasterOrOneKind() throws Exception {
        try (TestNetns ns = TestNetns.create(); NetlinkSocket socket = strict(ns)) {
            List<String> setup = new ArrayList<>(List.of("link add br0 type bridge", "link add br1 type bridge"));
            for (int i = 0; i < 6; i++) {
                setup.add("link add a" + i + " type veth peer name b" + i);
                setup.add("link set b" + i + " master " + (i % 2 == 0 ? "br0" : "br1"));
            }
            ns.ipBatch(setup);
            int br0 = IpJson.index(ns, "br0");
            List<LinkMessage> dumped = await(RtLink.on(socket).getlinkDump(LinkFilter.master(br0).request()));
            assertEquals(Set.of("b0", "b2", "b4"), dumped.stream().map(m -> m.attributes().ifname())
                    .collect(Collectors.toSet()), "the kernel dumped br0's ports only");
            assertEquals(12, await(RtLink.on(socket).getlinkDump(LinkFilter.kind("veth").request())).size(),
                    "the kernel dumped the twelve veths and no bridge");
            Recorder<Integer, Link> ports = new Recorder<>(Link::index);
            Recorder<Integer, Link> veths = new Recorder<>(Link::index);
            Watch<Integer, Link> p = await(Watches.links(LinkFilter.master(br0), ports, b -> b.netns(ns.path())));
            Watch<Integer, Link> v = await(Watches.links(LinkFilter.kind("veth"), veths, b -> b.netns(ns.path())));
            assertEquals(Set.of("b0", "b2", "b4"), names(p));
            ns.ipBatch(List.of("link set b1 master br0", "link set b0 nomaster", "link set b2 master br1",
                    "link add c0 type veth peer name d0", "link set d0 master br0", "link set a3 mtu 1400",
                    "link del a4"));
            ports.awaitEqual(() -> ip(ns, "ifname", "link", "show", "master", "br0"), () -> names(p), 10);
            veths.awaitEqual(() -> ip(ns, "ifname", "link", "show", "type", "veth"), () -> names(v), 10);
            assertEquals(Set.of("b1", "d0"), names(p));
            ports.assertRunningViewIs(p.snapshot());
            veths.assertRunningViewIs(v.snapshot());
            p.close();
            v.close();
        }
    }

    private static Set<String> names(Watch<Integer, Link> w) {
        return w.snapshot().values().stream().map(Link::name).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void routesOfOneTableOrOneDevice() throws Exception {
        try (TestNetns ns = TestNetns.create(); NetlinkSocket socket = strict(ns)) {
            IpJson.vethPairUp(ns);
            List<String> setup = new ArrayList<>(List.of("address add 10.1.0.1/16 dev v0",
                    "address add 10.2.0.1/16 dev v1"));
            for (int i = 0; i < 20; i++) {
                setup.add("route add 172.16." + i + ".0/24 via 10.1.0.2 table 100");
                setup.add("route add 172.17." + i + ".0/24 dev v1 table 100");
                setup.add("route add 172.18." + i + ".0/24 via 10.1.0.3");
            }
            ns.ipBatch(setup);
            int v1 = IpJson.index(ns, "v1");
            List<RouteMessage> dumped = await(RtRoute.on(socket).getrouteDump(RouteFilter.table(100).request()));
            assertEquals(40, dumped.size(), "the kernel dumped table 100 only");
            assertEquals(20, await(RtRoute.on(socket).getrouteDump(RouteFilter.table(100).withOif(v1).request()))
                    .size(), "and in it the routes through v1 only");
            ExecutionException noDevice = assertThrows(ExecutionException.class,
                    () -> RtRoute.on(socket).getrouteDump(RouteFilter.table(100).withOif(9999).request()).get());
            assertInstanceOf(NetlinkException.class, noDevice.getCause());
            assertEquals(Errno.ENODEV, ((NetlinkException) noDevice.getCause()).errno(), "an unknown RTA_OIF");
            Recorder<RouteKey, Route> table = new Recorder<>(RouteKey::of);
            Recorder<RouteKey, Route> dev = new Recorder<>(RouteKey::of);
            Watch<RouteKey, Route> t = await(Watches.routes(RouteFilter.table(100), table, b -> b.netns(ns.path())));
            Watch<RouteKey, Route> d = await(Watches.routes(RouteFilter.ALL.withOif(v1), dev, b -> b.netns(ns.path())));
            List<String> changes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                changes.add("route del 172.16." + i + ".0/24 table 100");
                changes.add("route replace 172.17." + i + ".0/24 via 10.1.0.9 table 100"); // leaves v1
                changes.add("route add 172.19." + i + ".0/24 dev v1"); // main, through v1
                changes.add("route add 172.20." + i + ".0/24 via 10.1.0.2 table 200");
            }
            ns.ipBatch(changes);
            table.awaitEqual(() -> ipDsts(ns, "table", "100"), () -> dsts(t), 10);
            dev.awaitEqual(() -> ipDsts(ns, "table", "all", "dev", "v1"), () -> dsts(d), 10);
            assertTrue(dsts(t).stream().noneMatch(s -> s.startsWith("172.18.") || s.startsWith("172.20.")));
            assertTrue(dsts(d).stream().noneMatch(s -> s.startsWith("172.17.") && s.compareTo("172.17.10.") < 0),
                    "the routes replaced by ones via v0 left the v1 watch");
            assertEquals(30, dsts(t).size());
            table.assertRunningViewIs(t.snapshot());
            dev.assertRunningViewIs(d.snapshot());
            t.close();
            d.close();
        }
    }

    private static Set<String> dsts(Watch<RouteKey, Route> w) {
        return w.snapshot().values().stream().map(r -> r.dst() == null ? "default" : r.dst().toString())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The destinations {@code ip -j route show ARGS} lists, in the form of {@link IpPrefix#toString()}. */
    private static Set<String> ipDsts(TestNetns ns, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "route";
        all[1] = "show";
        System.arraycopy(args, 0, all, 2, args.length);
        return ip(ns, "dst", all).stream().map(d -> d.equals("default") ? d : IpPrefix.parse(d).toString())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theAddressesAndNeighboursOfOneLink() throws Exception {
        try (TestNetns ns = TestNetns.create(); NetlinkSocket socket = strict(ns)) {
            int v0 = IpJson.vethPairUp(ns);
            List<String> setup = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                setup.add("address add 10.3." + i + ".1/24 dev v0");
                setup.add("address add 10.4." + i + ".1/24 dev v1");
                setup.add("neigh add 192.168.3." + i + " lladdr 02:00:00:00:03:01 dev v0 nud permanent");
                setup.add("neigh add 192.168.4." + i + " lladdr 02:00:00:00:04:01 dev v1 nud permanent");
            }
            ns.ipBatch(setup);
            assertTrue(await(RtAddr.on(socket).getaddrDump(new AddressFilter(v0).request())).stream()
                    .allMatch(m -> m.header().ifaIndex() == v0), "the kernel dumped v0's addresses only");
            assertTrue(await(RtNeigh.on(socket).getneighDump(new NeighbourFilter(v0).request())).stream()
                    .allMatch(m -> m.header().ndmIfindex() == v0), "the kernel dumped v0's neighbours only");
            Recorder<AddressKey, Address> addrs = new Recorder<>(AddressKey::of);
            Recorder<NeighbourKey, Neighbour> neighs = new Recorder<>(NeighbourKey::of);
            Watch<AddressKey, Address> a = await(Watches.addresses(new AddressFilter(v0), addrs,
                    b -> b.netns(ns.path())));
            Watch<NeighbourKey, Neighbour> n = await(Watches.neighbours(new NeighbourFilter(v0), neighs,
                    b -> b.netns(ns.path())));
            List<String> changes = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                changes.add("address del 10.3." + i + ".1/24 dev v0");
                changes.add("address add 10.5." + i + ".1/24 dev v1");
                changes.add("address add 10.6." + i + ".1/24 dev v0");
                changes.add("neigh del 192.168.3." + i + " dev v0");
                changes.add("neigh add 192.168.5." + i + " lladdr 02:00:00:00:05:01 dev v1 nud permanent");
            }
            ns.ipBatch(changes);
            addrs.awaitEqual(() -> ipAddresses(ns), () -> a.snapshot().values().stream().map(x -> x.prefix()
                    .address().getHostAddress()).collect(Collectors.toCollection(TreeSet::new)), 10);
            neighs.awaitEqual(() -> ip(ns, "dst", "neigh", "show", "dev", "v0", "nud", "permanent"),
                    () -> n.snapshot().values().stream().map(x -> x.dst().getHostAddress())
                            .collect(Collectors.toCollection(TreeSet::new)), 10);
            assertTrue(a.snapshot().values().stream().allMatch(x -> x.index() == v0));
            assertEquals(5, n.snapshot().size());
            addrs.assertRunningViewIs(a.snapshot());
            neighs.assertRunningViewIs(n.snapshot());
            a.close();
            n.close();
        }
    }

    /** {@code ip -j address show dev v0}: the addresses, IPv4 and IPv6 (its link-local one). */
    private static Set<String> ipAddresses(TestNetns ns) {
        Set<String> s = new TreeSet<>();
        for (JsonNode l : JSON.readTree(ns.ipJson("address", "show", "dev", "v0"))) {
            for (JsonNode a : l.get("addr_info")) {
                s.add(IpPrefix.parse(a.get("local").asString()).address().getHostAddress());
            }
        }
        return s;
    }
}
