package dev.netlink.ynl;

import dev.netlink.client.NetlinkFutures;
import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkException;
import dev.netlink.codec.attr.AttributeEnum;
import dev.netlink.genl.Command;
import dev.netlink.genl.Family;
import dev.netlink.genl.GenericNetlink;
import dev.netlink.genl.GenericNetlinkController;
import dev.netlink.genl.MulticastGroup;
import dev.netlink.genl.Policy;
import dev.netlink.codec.attr.ReportedPolicy;
import dev.netlink.testing.TestNetns;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.netlink.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dynamic client against this kernel: nlctrl, netdev and ethtool spoken by their specs, in private namespaces. */
class YnlIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"nlctrl", "netdev", "ethtool"})
    void nlctrlGetfamilyThroughYnlEqualsTheController(String name) throws Exception {
        TestNetns.assumeRoot();
        try (YnlFamily nlctrl = await(Ynl.connect("nlctrl"));
             GenericNetlinkController ctrl = await(GenericNetlink.connect())) {
            Family expected = await(ctrl.getFamilyByName(name));
            Map<String, Object> f = await(nlctrl.request("getfamily", Map.of("family-name", name)));
            AttributeEnum opFlags = YnlSchemas.of(nlctrl.spec()).enumeration("op-flags", false).orElseThrow();
            List<Command> commands = new ArrayList<>();
            for (Object op : (List<?>) f.get("ops")) {
                Map<?, ?> m = (Map<?, ?>) op;
                int flags = 0;
                for (Object bit : (Collection<?>) m.get("flags")) {
                    flags |= (int) opFlags.value((String) bit).orElseThrow();
                }
                commands.add(new Command((int) (long) (Long) m.get("id"), flags));
            }
            List<MulticastGroup> groups = new ArrayList<>();
            for (Object g : (List<?>) f.getOrDefault("mcast-groups", List.of())) {
                Map<?, ?> m = (Map<?, ?>) g;
                groups.add(new MulticastGroup((String) m.get("name"), (int) (long) (Long) m.get("id")));
            }
            Family actual = new Family((Integer) f.get("family-id"), (String) f.get("family-name"),
                    (int) (long) (Long) f.get("version"), (int) (long) (Long) f.get("hdrsize"),
                    (int) (long) (Long) f.get("maxattr"), commands, groups);
            assertEquals(expected, actual);
        }
    }

    @Test
    void nlctrlGetpolicyReadsMaskAndPadAtTheKernelsNumbers() throws Exception {
        TestNetns.assumeRoot();
        try (YnlFamily nlctrl = await(Ynl.connect("nlctrl"));
             GenericNetlinkController ctrl = await(GenericNetlink.connect())) {
            Policy expected = await(ctrl.getPolicyByName("ethtool", null));
            Map<Integer, Map<Integer, Map<?, ?>>> actual = new TreeMap<>();
            for (Map<String, Object> part : await(nlctrl.dump("getpolicy", Map.of("family-name", "ethtool")))) {
                Map<?, ?> policy = (Map<?, ?>) part.get("policy");
                if (policy != null) {
                    policy.forEach((index, attrs) -> ((Map<?, ?>) attrs).forEach((attr, p) -> actual
                            .computeIfAbsent((Integer) index, k -> new TreeMap<>())
                            .put((Integer) attr, (Map<?, ?>) p)));
                }
            }
            assertEquals(expected.policies().keySet(), actual.keySet());
            int masks = 0;
            for (var index : expected.policies().entrySet()) {
                assertEquals(index.getValue().keySet(), actual.get(index.getKey()).keySet());
                for (var attr : index.getValue().entrySet()) {
                    ReportedPolicy p = attr.getValue();
                    Map<?, ?> y = actual.get(index.getKey()).get(attr.getKey());
                    assertEquals(p.mask().isPresent() ? p.mask().getAsLong() : null, y.get("mask"), y.toString());
                    assertEquals(p.policyIdx().isPresent() ? (long) p.policyIdx().getAsInt() : null,
                            y.get("policy-idx"), y.toString());
                    masks += p.mask().isPresent() ? 1 : 0;
                }
            }
            assertTrue(masks > 0, "ethtool's header flags carry a mask (NLA_POLICY_MASK)");
        }
    }

    @Test
    void netdevDevGetInAFreshNamespaceIsLo() throws Exception {
        try (TestNetns ns = TestNetns.create();
             YnlFamily netdev = await(Ynl.connect("netdev", Path.of(ns.path())))) {
            List<Map<String, Object>> devs = await(netdev.dump("dev-get", Map.of()));
            assertEquals(1, devs.size(), devs.toString());
            Map<String, Object> lo = devs.get(0);
            assertEquals(1L, lo.get("ifindex"));
            assertInstanceOf(java.util.Set.class, lo.get("xdp-features"), "flags as a set of names");
            Map<String, Object> one = await(netdev.request("dev-get", Map.of("ifindex", 1)));
            assertEquals(lo.keySet(), one.keySet());
            assertEquals(lo.get("ifindex"), one.get("ifindex"));
        }
    }

    @Test
    void ethtoolOnAVethPair() throws Exception {
        try (TestNetns ns = TestNetns.create()) {
            ns.ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
            try (YnlFamily ethtool = await(Ynl.connect("ethtool", Path.of(ns.path())))) {
                Map<String, Object> byName = Map.of("header", Map.of("dev-name", "v0"));

                Map<String, Object> info = await(ethtool.request("linkinfo-get", byName));
                Map<?, ?> header = (Map<?, ?>) info.get("header");
                assertEquals("v0", header.get("dev-name"));
                long ifindex = (Long) header.get("dev-index");
                assertTrue(ifindex > 1, info.toString());

                Map<String, Object> state = await(ethtool.request("linkstate-get",
                        Map.of("header", Map.of("dev-index", ifindex))));
                assertEquals("v0", ((Map<?, ?>) state.get("header")).get("dev-name"));
                assertEquals(0, state.get("link"), "v0 is down: " + state);

                Map<String, Object> channels = await(ethtool.request("channels-get", byName));
                assertEquals(1L, channels.get("rx-count"), channels.toString());
                assertEquals(1L, channels.get("tx-count"), channels.toString());
                assertTrue((Long) channels.get("rx-max") >= 1L, channels.toString());

                Map<String, Object> features = await(ethtool.request("features-get", byName));
                List<String> active = bitNames(features, "active");
                assertTrue(active.contains("tx-checksum-ip-generic"), active.toString());
                assertTrue(bitNames(features, "hw").size() > 10, features.toString());

                List<Map<String, Object>> all = await(ethtool.dump("linkinfo-get", Map.of()));
                assertEquals(List.of("v0", "v1"), all.stream() // lo has no link settings: the dump skips it
                        .map(m -> (String) ((Map<?, ?>) m.get("header")).get("dev-name")).sorted().toList());

                NetlinkException rings = assertThrows(NetlinkException.class,
                        () -> NetlinkFutures.get(ethtool.request("rings-get", byName)));
                assertEquals(Errno.EOPNOTSUPP, rings.errno(), rings.getMessage());
                assertEquals("EOPNOTSUPP", rings.errnoName());

                NetlinkException nodev = assertThrows(NetlinkException.class,
                        () -> NetlinkFutures.get(ethtool.request("linkinfo-get",
                                Map.of("header", Map.of("dev-name", "no-such-dev")))));
                assertEquals(Errno.ENODEV, nodev.errno(), nodev.getMessage());
                assertEquals("header.dev-name", nodev.attributePath(), nodev.getMessage());
            }
        }
    }

    @Test
    void everyDumpOfEveryBundledGenericFamilyThisKernelHasDecodes() throws Exception {
        try (TestNetns ns = TestNetns.create()) {
            ns.ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
            List<String> spoken = new ArrayList<>();
            List<String> undecoded = new ArrayList<>();
            for (String name : YnlSpec.bundledNames()) {
                YnlSpec spec = YnlSpec.bundled(name);
                if (!spec.protocol().isGenetlink()) {
                    continue;
                }
                Future<YnlFamily> connect = Ynl.connect(spec, b -> b.netns(ns.path())).await();
                if (connect.cause() instanceof NetlinkException e && e.errno() == Errno.ENOENT) {
                    continue; // not in this kernel (or its module is not loaded)
                }
                try (YnlFamily family = await(connect)) {
                    for (YnlOperation op : spec.operations().list()) {
                        if (op.dumpHandler().isEmpty()) {
                            continue;
                        }
                        Throwable cause = family.dump(op.name(), Map.of()).await().cause();
                        if (cause == null) {
                            spoken.add(name + ' ' + op.name());
                        } else if (!(cause instanceof NetlinkException)) {
                            undecoded.add(name + ' ' + op.name() + ": " + cause);
                        }
                    }
                }
            }
            assertEquals(List.of(), undecoded);
            assertTrue(spoken.containsAll(List.of("netdev dev-get", "ethtool linkinfo-get", "nlctrl getfamily")),
                    spoken.toString());
        }
    }

    /** The names of the bits of a verbose ethtool bitset ({@code bits.bit[].name}). */
    private static List<String> bitNames(Map<String, Object> reply, String bitset) {
        Map<?, ?> set = (Map<?, ?>) reply.get(bitset);
        assertNotNull(set, () -> bitset + " in " + reply);
        List<?> bits = (List<?>) ((Map<?, ?>) set.get("bits")).get("bit");
        return bits.stream().map(b -> (String) ((Map<?, ?>) b).get("name")).toList();
    }

    @Test
    void mptcpEndpointAddThenGetAddrDumpEqualsIpMptcpEndpointShow() throws Exception {
        TestNetns.assumeRoot();
        try (TestNetns ns = TestNetns.create()) {
            ns.ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
            ns.ip("addr", "add", "10.1.0.1/24", "dev", "v0");
            ns.ip("mptcp", "endpoint", "add", "10.1.0.2", "id", "2", "subflow");
            try (YnlFamily mptcp = await(Ynl.connect("mptcp_pm", Path.of(ns.path())))) {
                assertEquals(Map.of(), await(mptcp.request("add-addr", Map.of("addr", Map.of("family", 2,
                        "addr4", 0x0a010001L, "id", 1, "flags", 1)))), "an endpoint that signals 10.1.0.1");
                Set<String> expected = new TreeSet<>();
                for (JsonNode e : JSON.readTree(ns.ip("-j", "mptcp", "endpoint", "show"))) {
                    expected.add(e.get("id").asInt() + " " + e.get("address").asString() + ' '
                            + (e.has("signal") ? "signal" : "subflow"));
                }
                Set<String> actual = new TreeSet<>();
                for (Map<String, Object> e : await(mptcp.dump("get-addr", Map.of()))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> addr = (Map<String, Object>) e.get("addr");
                    long a = (Long) addr.get("addr4");
                    actual.add(addr.get("id") + " " + (a >>> 24) + '.' + (a >>> 16 & 255) + '.' + (a >>> 8 & 255)
                            + '.' + (a & 255) + ' ' + (((Long) addr.get("flags") & 1) != 0 ? "signal" : "subflow"));
                }
                assertEquals(Set.of("1 10.1.0.1 signal", "2 10.1.0.2 subflow"), expected);
                assertEquals(expected, actual);
            }
        }
    }

    @Test
    void aNetdevNotificationThroughSubscribe() throws Exception {
        try (TestNetns ns = TestNetns.create();
             YnlFamily netdev = await(Ynl.connect("netdev", Path.of(ns.path())))) {
            LinkedBlockingQueue<YnlNotification> seen = new LinkedBlockingQueue<>();
            await(netdev.subscribe("mgmt", seen::add));
            ns.ip("link", "add", "br0", "type", "bridge");
            String index = ns.ip("-o", "link", "show", "br0").split(":")[0].strip();
            YnlNotification n = seen.poll(10, TimeUnit.SECONDS);
            assertNotNull(n, "no netdev notification within 10 s");
            assertEquals(Optional.of("dev-add-ntf"), n.operation(), n.toString());
            assertEquals(Optional.of("mgmt"), n.group());
            assertEquals(Long.parseLong(index), n.attributes().get("ifindex"), n.toString());
            Throwable bad = netdev.subscribe("nope", x -> { }).await().cause();
            assertInstanceOf(IllegalArgumentException.class, bad);
            assertTrue(bad.getMessage().contains("[mgmt, page-pool]"), bad.getMessage());
        }
    }
}
