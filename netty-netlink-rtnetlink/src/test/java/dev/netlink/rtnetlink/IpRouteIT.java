package dev.netlink.rtnetlink;

import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkException;
import dev.netlink.codec.attr.MacAddress;
import dev.netlink.family.rtlink.LinkinfoDataMsg;
import dev.netlink.testing.TestNetns;
import dev.netlink.transport.NetworkNamespaces;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import static dev.netlink.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link IpRoute} against the real kernel, each test in namespaces of its own, compared with {@code ip -j}. */
class IpRouteIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode ip(TestNetns ns, String... args) {
        return JSON.readTree(ns.ipJson(args));
    }

    private static TestNetns namespace() {
        TestNetns.assumeRoot();
        return TestNetns.create();
    }

    private static Throwable failure(Future<?> f) throws InterruptedException {
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(f));
        return e.getCause();
    }

    @Test
    void theNewUsersTask() throws Exception {
        TestNetns.assumeRoot();
        String name = "iproute-it-" + ProcessHandle.current().pid();
        // The README's task: a namespace, a veth pair up, an address, a route, then links and addresses.
        Path ns = NetworkNamespaces.create(name);
        try (IpRoute ip = IpRoute.connect(ns).get()) {
            ip.links().add(LinkSpec.veth("v0", "v1").up()).get();
            Link v0 = ip.links().get("v0").get();
            ip.addresses().add(v0.index(), IpPrefix.parse("10.1.0.1/24")).get();
            ip.routes().add(Route.builder().dst("10.2.0.0/16").gateway("10.1.0.2").build()).get();
            List<Link> links = ip.links().list().get();
            List<Address> addrs = ip.addresses().list().get();
            assertTrue(NetworkNamespaces.list().contains(name));
            String shown = TestNetns.run("ip", "-n", name, "-j", "link", "show").output();
            for (JsonNode l : JSON.readTree(shown)) {
                assertTrue(links.stream().anyMatch(k -> k.index() == l.get("ifindex").asInt()
                        && k.name().equals(l.get("ifname").asString())), l + " in " + links);
            }
            assertTrue(addrs.stream().anyMatch(a -> a.index() == v0.index()
                    && a.prefix().toString().equals("10.1.0.1/24")), addrs.toString());
            String routes = TestNetns.run("ip", "-n", name, "route", "show").output();
            assertTrue(routes.contains("10.2.0.0/16 via 10.1.0.2 dev v0"), routes);
        } finally {
            NetworkNamespaces.delete(name);
        }
        assertFalse(NetworkNamespaces.list().contains(name));
    }

    @Test
    void linksOfEveryKindThisKernelHasEqualIpLink() throws Exception {
        try (TestNetns ns = namespace(); IpRoute ip = await(IpRoute.connect(Path.of(ns.path())))) {
            await(ip.links().add(LinkSpec.bridge("br0").up()));
            await(ip.links().add(LinkSpec.veth("v0", "v1").mtu(1400).master("br0")));
            await(ip.links().add(LinkSpec.ifb("ifb0")));
            await(ip.links().add(LinkSpec.macvlan("mv0", "v1", LinkSpec.MacvlanMode.BRIDGE)
                    .address("02:00:00:00:00:09")));
            await(ip.links().add(LinkSpec.vxlan("vx0", 42).port(4789)));
            Map<String, String> expected = new TreeMap<>();
            for (JsonNode l : ip(ns, "-d", "link", "show")) {
                JsonNode info = l.get("linkinfo");
                expected.put(l.get("ifname").asString(), l.get("ifindex").asInt() + " "
                        + (info == null ? "-" : info.get("info_kind").asString()) + " " + l.get("mtu").asInt()
                        + " " + (l.has("master") ? l.get("master").asString() : "-") + " "
                        + l.get("operstate").asString() + " " + l.get("address").asString());
            }
            Map<Integer, String> names = new TreeMap<>();
            List<Link> links = await(ip.links().list());
            links.forEach(l -> names.put(l.index(), l.name()));
            Map<String, String> actual = new TreeMap<>();
            for (Link l : links) {
                actual.put(l.name(), l.index() + " " + (l.kind() == null ? "-" : l.kind()) + " " + l.mtu() + " "
                        + (l.master().isPresent() ? names.get(l.master().getAsInt()) : "-") + " " + l.operState()
                        + " " + l.address());
            }
            assertEquals(expected, actual);
            Link v0 = await(ip.links().get("v0"));
            Link v1 = await(ip.links().get("v1"));
            assertEquals(v1.index(), v0.link().getAsInt(), "a veth sits on its peer");
            JsonNode vx = ip(ns, "-d", "link", "show", "vx0").get(0).get("linkinfo").get("info_data");
            assertEquals(42, vx.get("id").asInt());
            assertEquals(4789, vx.get("port").asInt());
            LinkinfoDataMsg br = await(ip.links().get("br0")).data();
            assertInstanceOf(LinkinfoDataMsg.Bridge.class, br, "the bridge's data in its spec format");
        }
    }

    @Test
    void changeMoveAndDeleteLinks() throws Exception {
        try (TestNetns ns = namespace(); TestNetns other = TestNetns.create();
             IpRoute ip = await(IpRoute.connect(Path.of(ns.path())))) {
            await(ip.links().add(LinkSpec.veth("v0", "v1").peerNetns(Path.of(other.path()))));
            assertEquals("veth", ip(other, "-d", "link", "show", "v1").get(0).get("linkinfo").get("info_kind")
                    .asString(), "the peer was made in the other namespace");
            await(ip.links().add(LinkSpec.bridge("br0")));
            await(ip.links().set("v0", c -> c.mtu(1300).master("br0").up()));
            JsonNode v0 = ip(ns, "link", "show", "v0").get(0);
            assertEquals(1300, v0.get("mtu").asInt());
            assertEquals("br0", v0.get("master").asString());
            assertTrue(v0.get("flags").toString().contains("\"UP\""), v0.toString());
            await(ip.links().set("v0", c -> c.noMaster().down()));
            v0 = ip(ns, "link", "show", "v0").get(0);
            assertFalse(v0.has("master"), v0.toString());
            await(ip.links().set("v0", c -> c.name("veth-a")));
            assertEquals("veth-a", await(ip.links().get(v0.get("ifindex").asInt())).name());
            NetlinkException immutable = assertInstanceOf(NetlinkException.class,
                    failure(ip.links().moveTo("br0", Path.of(other.path()))));
            assertEquals(Errno.EINVAL, immutable.errno(), "a bridge is netns-immutable on this kernel");
            assertTrue(immutable.getMessage().contains("immutable"), immutable.getMessage());
            await(ip.links().add(LinkSpec.ifb("ifb0")));
            await(ip.links().moveTo("ifb0", Path.of(other.path())));
            assertEquals(1, ip(other, "link", "show", "ifb0").size(), "ifb0 moved");
            NetlinkException gone = assertInstanceOf(NetlinkException.class, failure(ip.links().get("ifb0")));
            assertEquals(Errno.ENODEV, gone.errno());
            await(ip.links().delete("veth-a"));
            assertTrue(ip(other, "link", "show").valueStream().noneMatch(l -> l.get("ifname").asString()
                    .equals("v1")), "deleting a veth deletes its peer");
        }
    }

    @Test
    void aFailureHalfWayLeavesNothingBehind() throws Exception {
        try (TestNetns ns = namespace(); IpRoute ip = await(IpRoute.connect(Path.of(ns.path())))) {
            await(ip.links().add(LinkSpec.bridge("taken")));
            List<String> before = ip(ns, "link", "show").valueStream().map(l -> l.get("ifname").asString()).toList();
            NetlinkException e = assertInstanceOf(NetlinkException.class,
                    failure(ip.links().add(LinkSpec.veth("fresh", "taken"))));
            assertEquals(Errno.EEXIST, e.errno());
            List<String> after = ip(ns, "link", "show").valueStream().map(l -> l.get("ifname").asString()).toList();
            assertEquals(before, after, "the veth whose peer name is taken left nothing");
            IllegalArgumentException missing = assertInstanceOf(IllegalArgumentException.class,
                    failure(ip.links().add(LinkSpec.veth("a0", "a1").master("nosuch"))));
            assertTrue(missing.getMessage().contains("\"nosuch\""), missing.getMessage());
            assertEquals(after, ip(ns, "link", "show").valueStream().map(l -> l.get("ifname").asString()).toList());
        }
    }

    @Test
    void addressesEqualIpAddr() throws Exception {
        try (TestNetns ns = namespace(); IpRoute ip = await(IpRoute.connect(Path.of(ns.path())))) {
            await(ip.links().add(LinkSpec.veth("v0", "v1").up()));
            int v0 = await(ip.links().get("v0")).index();
            await(ip.addresses().add(v0, IpPrefix.parse("10.1.0.1/24")));
            await(ip.addresses().add("v0", IpPrefix.parse("2001:db8::1/64")));
            NetlinkException twice = assertInstanceOf(NetlinkException.class,
                    failure(ip.addresses().add(v0, IpPrefix.parse("10.1.0.1/24"))));
            assertEquals(Errno.EEXIST, twice.errno());
            for (int family : new int[] {2, 10}) {
                String expected = ip(ns, family == 2 ? "-4" : "-6", "addr", "show").valueStream()
                        .flatMap(l -> l.get("addr_info").valueStream().map(i -> l.get("ifindex").asInt() + " "
                                + InetAddress.ofLiteral(i.get("local").asString()).getHostAddress() + "/"
                                + i.get("prefixlen").asInt()))
                        .sorted().collect(Collectors.joining(", "));
                String actual = await(ip.addresses().list(family)).stream()
                        .map(a -> a.index() + " " + a.prefix().address().getHostAddress() + "/" + a.prefix().length())
                        .sorted().collect(Collectors.joining(", "));
                assertEquals(expected, actual);
            }
            await(ip.addresses().delete(v0, IpPrefix.parse("10.1.0.1/24")));
            assertTrue(await(ip.addresses().list(2, v0)).isEmpty());
        }
    }

    @Test
    void routesInEveryTableEqualIpRoute() throws Exception {
        try (TestNetns ns = namespace(); IpRoute ip = await(IpRoute.connect(Path.of(ns.path())))) {
            ns.ip("link", "set", "lo", "up");
            await(ip.links().add(LinkSpec.veth("v0", "v1").up()));
            await(ip.links().add(LinkSpec.veth("w0", "w1").up()));
            int v0 = await(ip.links().get("v0")).index();
            int w0 = await(ip.links().get("w0")).index();
            await(ip.links().up("v1"));
            await(ip.links().up("w1"));
            await(ip.addresses().add(v0, IpPrefix.parse("10.1.0.1/24")));
            await(ip.addresses().add(w0, IpPrefix.parse("10.4.0.1/24")));
            await(ip.routes().add(Route.builder().dst("10.2.0.0/16").gateway("10.1.0.2").build()));
            await(ip.routes().add(Route.builder().dst("10.3.0.0/24").oif(v0).table(100).priority(7).build()));
            await(ip.routes().add(Route.builder().dst("10.5.0.0/16").nextHops(List.of(
                    NextHop.via(InetAddress.ofLiteral("10.1.0.2"), v0),
                    new NextHop(w0, 3, 0, InetAddress.ofLiteral("10.4.0.2")))).build()));
            NetlinkException twice = assertInstanceOf(NetlinkException.class, failure(ip.routes().add(
                    Route.builder().dst("10.2.0.0/16").gateway("10.1.0.2").build())));
            assertEquals(Errno.EEXIST, twice.errno());
            await(ip.routes().replace(Route.builder().dst("10.2.0.0/16").gateway("10.1.0.3").build()));
            String expected = ip(ns, "-4", "route", "show", "table", "all").valueStream()
                    .map(r -> (r.get("dst").asString().equals("default") ? "default" : r.get("dst").asString())
                            + " t" + (r.has("table") ? r.get("table").asString() : "main")
                            + (r.has("gateway") ? " via " + r.get("gateway").asString() : "")
                            + (r.has("nexthops") ? " nh" + r.get("nexthops").size() : ""))
                    .sorted().collect(Collectors.joining(", "));
            String actual = await(ip.routes().list(2)).stream()
                    .map(r -> (r.dst() == null ? "default" : r.dst().length() == 32 ? r.dst().address()
                            .getHostAddress() : r.dst().toString()) + " t" + table(r.table())
                            + (r.gateway() == null ? "" : " via " + r.gateway().getHostAddress())
                            + (r.nextHops().isEmpty() ? "" : " nh" + r.nextHops().size()))
                    .sorted().collect(Collectors.joining(", "));
            assertEquals(expected, actual);
            Route chosen = await(ip.routes().get(InetAddress.ofLiteral("10.2.3.4")));
            String shownGet = ns.ip("-j", "route", "get", "10.2.3.4");
            JsonNode g = JSON.readTree(shownGet).get(0);
            assertEquals(g.get("gateway").asString(), chosen.gateway().getHostAddress(), shownGet);
            assertEquals(g.get("prefsrc").asString(), chosen.prefsrc().getHostAddress(), shownGet);
            assertEquals(v0, chosen.oif());
            NetlinkException unreachable = assertInstanceOf(NetlinkException.class,
                    failure(ip.routes().get(InetAddress.ofLiteral("192.0.2.1"))));
            assertEquals(Errno.ENETUNREACH, unreachable.errno());
            Route multi = await(ip.routes().list(2)).stream().filter(r -> r.dst() != null
                    && r.dst().toString().equals("10.5.0.0/16")).findFirst().orElseThrow();
            assertEquals(List.of(1, 3), multi.nextHops().stream().map(NextHop::weight).toList());
            await(ip.routes().delete(Route.builder().dst("10.3.0.0/24").table(100).build()));
            assertTrue(await(ip.routes().list(2, 100)).isEmpty());
        }
    }

    private static String table(int t) {
        return switch (t) {
            case Route.MAIN -> "main";
            case Route.LOCAL -> "local";
            case 253 -> "default";
            default -> Integer.toString(t);
        };
    }

    @Test
    void neighboursAndRulesEqualIp() throws Exception {
        try (TestNetns ns = namespace(); IpRoute ip = await(IpRoute.connect(Path.of(ns.path())))) {
            await(ip.links().add(LinkSpec.veth("v0", "v1").up()));
            int v0 = await(ip.links().get("v0")).index();
            InetAddress peer = InetAddress.ofLiteral("10.1.0.2");
            await(ip.neighbours().add(v0, peer, MacAddress.parse("02:00:00:00:00:02")));
            JsonNode shown = ip(ns, "-4", "neigh", "show").get(0);
            Neighbour n = await(ip.neighbours().list(2)).get(0);
            assertEquals(n.lladdr(), await(ip.neighbours().get(v0, peer)).lladdr(), "ip neigh get");
            assertEquals(shown.get("dst").asString(), n.dst().getHostAddress());
            assertEquals(shown.get("lladdr").asString(), n.lladdr().toString());
            assertTrue(shown.get("state").toString().contains("PERMANENT"), shown.toString());
            assertTrue(n.state().contains(dev.netlink.family.rtneigh.NudState.PERMANENT), n.toString());
            await(ip.neighbours().delete(v0, peer));
            assertTrue(await(ip.neighbours().list(2)).isEmpty());

            await(ip.rules().add(Rule.lookup(100, IpPrefix.parse("10.1.0.0/24"), 100)));
            await(ip.rules().add(Rule.lookup(101, IpPrefix.parse("2001:db8::/32"), 101)));
            for (int family : new int[] {2, 10}) {
                String expected = ip(ns, family == 2 ? "-4" : "-6", "rule", "show").valueStream()
                        .map(r -> r.get("priority").asInt() + " " + r.get("src").asString()
                                + (r.has("srclen") ? "/" + r.get("srclen").asInt() : "") + " " + r.get("table")
                                .asString()).collect(Collectors.joining(", "));
                String actual = await(ip.rules().list(family)).stream()
                        .map(r -> r.priority() + " " + (r.src() == null ? "all" : r.src().toString()) + " "
                                + table(r.table()))
                        .collect(Collectors.joining(", "));
                assertEquals(expected, actual);
            }
            await(ip.rules().delete(Rule.lookup(100, IpPrefix.parse("10.1.0.0/24"), 100)));
            assertTrue(await(ip.rules().list(2)).stream().noneMatch(r -> r.priority() == 100));
        }
    }

    @Test
    void aKernelRefusalNamesTheAttributeBySpecPath() throws Exception {
        try (TestNetns ns = namespace();
             dev.netlink.family.rtlink.RtLink link = await(dev.netlink.family.rtlink.RtLink.connect(
                     Path.of(ns.path())))) {
            // A VXLAN id of 2^24, which LinkSpec refuses, sent raw: vxlan_validate names IFLA_VXLAN_ID.
            byte[] data = Links.attributes(w -> w.putU32(Links.IFLA_VXLAN_ID, 1 << 24));
            NetlinkException e = assertInstanceOf(NetlinkException.class, failure(link.newlink(
                    dev.netlink.family.rtlink.LinkMessage.builder().attributes(a -> a.ifname("vx9")
                            .linkinfo(li -> li.kind("vxlan").data(new LinkinfoDataMsg.Unknown("vxlan", data))))
                            .build())));
            assertEquals(Errno.ERANGE, e.errno(), e.getMessage());
            assertTrue(e.getMessage().contains("VXLAN ID"), e.getMessage());
            assertTrue(String.valueOf(e.attributePath()).startsWith("linkinfo.data"), e.getMessage());
        }
    }

    @Test
    void badInputIsRefusedBeforeSending() {
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("10.1.0.1/33"));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("2001:db8::1/129"));
        assertThrows(IllegalArgumentException.class, () -> IpPrefix.parse("example.com/24"));
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
                () -> LinkSpec.of("nosuchkind", "x0"));
        assertTrue(kind.getMessage().contains("veth") && kind.getMessage().contains("geneve"), kind.getMessage());
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> LinkSpec.bridge("a-name-of-16-byt"));
        assertTrue(name.getMessage().contains("15 bytes"), name.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LinkSpec.vlan("v.5000", "v0", 5000));
        assertThrows(IllegalArgumentException.class, () -> Route.builder().dst("10.0.0.0/8")
                .gateway("2001:db8::1").build());
        assertNull(Route.builder().build().dst(), "no destination: the default route");
    }
}
