package dev.netlink.ynl;

import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkException;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.attr.MacAddress;
import dev.netlink.testing.TestNetns;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.netlink.testing.Await.await;
import static dev.netlink.ynl.YnlSchemasTest.linked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Netlink-raw families (rt-link, rt-addr, rt-route) spoken by their specs against this kernel, in private
 * namespaces, compared with what {@code ip -j} reads there.
 */
class RawYnlIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code IF_OPER_*} as {@code ip} prints them. */
    private static final List<String> OPERSTATES = List.of("UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN",
            "TESTING", "DORMANT", "UP");
    private static final Map<Integer, String> PROTOCOLS = Map.of(2, "kernel", 3, "boot", 4, "static");
    private static final Map<Integer, String> SCOPES = Map.of(0, "global", 253, "link", 254, "host");

    private static TestNetns namespace() {
        TestNetns.assumeRoot();
        TestNetns ns = TestNetns.create();
        ns.ip("link", "set", "lo", "up");
        ns.ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        ns.ip("link", "add", "br0", "type", "bridge");
        ns.ip("link", "set", "v0", "up");
        ns.ip("link", "set", "v1", "master", "br0");
        return ns;
    }

    private static JsonNode ipJson(TestNetns ns, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "-j";
        System.arraycopy(args, 0, all, 1, args.length);
        return JSON.readTree(ns.ip(all));
    }

    private static int ifindex(TestNetns ns, String name) {
        return ipJson(ns, "link", "show", name).get(0).get("ifindex").asInt();
    }

    @Test
    void getlinkDumpEqualsIpLinkShow() throws Exception {
        try (TestNetns ns = namespace(); YnlFamily link = await(Ynl.connect("rt-link", Path.of(ns.path())))) {
            Map<Integer, String> expected = new TreeMap<>();
            for (JsonNode l : ipJson(ns, "link", "show")) {
                expected.put(l.get("ifindex").asInt(), l.get("ifname").asString() + ' ' + l.get("mtu").asLong()
                        + ' ' + l.get("operstate").asString() + ' ' + l.get("address").asString());
            }
            Map<Integer, String> actual = new TreeMap<>();
            for (Map<String, Object> l : await(link.dump("getlink", Map.of()))) {
                actual.put((Integer) l.get("ifi-index"), l.get("ifname") + " " + l.get("mtu") + ' '
                        + OPERSTATES.get((Integer) l.get("operstate")) + ' '
                        + assertInstanceOf(MacAddress.class, l.get("address")));
                assertEquals(Set.of("lo", "br0").contains(l.get("ifname")) ? 1 : 0, l.get("netns-immutable"),
                        "IFLA_NETNS_IMMUTABLE (6.13), 67 to the 6.12 spec, by name in the newer one: " + l);
                l.keySet().stream().filter(k -> Character.isDigit(k.charAt(0))).forEach(k ->
                        assertInstanceOf(byte[].class, l.get(k), "an attribute newer than the spec: " + k));
            }
            assertEquals(4, expected.size(), "lo, v0, v1, br0: " + expected);
            assertEquals(expected, actual);
        }
    }

    @Test
    void getlinkDoByIfindexAnswersThatLink() throws Exception {
        try (TestNetns ns = namespace(); YnlFamily link = await(Ynl.connect("rt-link", Path.of(ns.path())))) {
            int br0 = ifindex(ns, "br0");
            Map<String, Object> reply = await(link.request("getlink", Map.of("ifi-index", br0)));
            assertEquals(br0, reply.get("ifi-index"));
            assertEquals("br0", reply.get("ifname"));
            assertTrue(reply.get("ifi-flags") instanceof Set<?>, String.valueOf(reply.get("ifi-flags")));
            Map<?, ?> linkinfo = (Map<?, ?>) reply.get("linkinfo");
            assertEquals("bridge", linkinfo.get("kind"));
            Map<?, ?> data = assertInstanceOf(Map.class, linkinfo.get("data"), "linkinfo-data-msg's bridge format");
            JsonNode ip = ipJson(ns, "-d", "link", "show", "br0").get(0).get("linkinfo").get("info_data");
            assertEquals(ip.get("stp_state").asLong(), data.get("stp-state"));
            assertEquals(ip.get("max_age").asLong(), data.get("max-age"));
            assertEquals(ip.get("vlan_filtering").asInt(), data.get("vlan-filtering"));
        }
    }

    @Test
    void newlinkEncodesItsSubMessageByTheKindSelected() throws Exception {
        try (TestNetns ns = namespace(); YnlFamily link = await(Ynl.connect("rt-link", Path.of(ns.path())))) {
            assertEquals(Map.of(), await(link.request("newlink", linked("ifname", "br5", "linkinfo",
                    linked("kind", "bridge", "data", linked("ageing-time", 20000, "stp-state", 1))))));
            JsonNode ip = ipJson(ns, "-d", "link", "show", "br5").get(0).get("linkinfo");
            assertEquals("bridge", ip.get("info_kind").asString());
            assertEquals(20000, ip.get("info_data").get("ageing_time").asInt());
            assertEquals(1, ip.get("info_data").get("stp_state").asInt());
        }
    }

    @Test
    void newaddrThenGetaddrDumpEqualsIpAddrShow() throws Exception {
        try (TestNetns ns = namespace(); YnlFamily addr = await(Ynl.connect("rt-addr", Path.of(ns.path())))) {
            int v0 = ifindex(ns, "v0");
            assertEquals(Map.of(), await(addr.request("newaddr", linked("ifa-family", 2, "ifa-prefixlen", 24,
                    "ifa-index", v0, "local", "10.9.8.7", "address", InetAddress.ofLiteral("10.9.8.7")))));
            Set<String> expected = new TreeSet<>();
            for (JsonNode l : ipJson(ns, "addr", "show")) {
                for (JsonNode a : l.get("addr_info")) {
                    if (a.get("family").asString().equals("inet")) {
                        expected.add(l.get("ifindex").asInt() + " " + a.get("local").asString() + '/'
                                + a.get("prefixlen").asInt());
                    }
                }
            }
            Set<String> actual = new TreeSet<>();
            for (Map<String, Object> a : await(addr.dump("getaddr", Map.of("ifa-family", 2)))) {
                InetAddress local = assertInstanceOf(Inet4Address.class, a.get("local"));
                actual.add(a.get("ifa-index") + " " + local.getHostAddress() + '/' + a.get("ifa-prefixlen"));
            }
            assertTrue(expected.contains(v0 + " 10.9.8.7/24"), expected::toString);
            assertEquals(expected, actual);
        }
    }

    @Test
    void newaddrWithEchoCompletesWithTheAddressTheKernelMade() throws Exception {
        try (TestNetns ns = namespace(); YnlFamily addr = await(Ynl.connect("rt-addr", Path.of(ns.path())))) {
            int v0 = ifindex(ns, "v0");
            Map<String, Object> echoed = await(addr.request("newaddr", linked("ifa-family", 2, "ifa-prefixlen", 24,
                    "ifa-index", v0, "local", "10.9.8.9", "address", "10.9.8.9"), NetlinkFlags.NLM_F_ECHO));
            assertEquals(InetAddress.ofLiteral("10.9.8.9"), echoed.get("local"));
            assertEquals(InetAddress.ofLiteral("10.9.8.9"), echoed.get("address"));
            assertEquals((long) v0, echoed.get("ifa-index"));
            assertEquals(24, echoed.get("ifa-prefixlen"));
            assertEquals("v0", echoed.get("label"));
            assertTrue(ipJson(ns, "addr", "show", "dev", "v0").get(0).get("addr_info").toString()
                    .contains("\"10.9.8.9\""), "ip addr show has it");
            ExecutionException again = assertThrows(ExecutionException.class, () -> await(addr.request("newaddr",
                    linked("ifa-family", 2, "ifa-prefixlen", 24, "ifa-index", v0, "local", "10.9.8.9"),
                    NetlinkFlags.NLM_F_ECHO)));
            assertEquals(Errno.EEXIST, assertInstanceOf(NetlinkException.class, again.getCause()).errno(),
                    "echo keeps the default CREATE | EXCL");
        }
    }

    /**
     * The kernel dumps {@code RTM_GETQDISC} ({@code tc_dump_qdisc}) and the bundled tc spec (newer than 6.12's,
     * which gave {@code getqdisc} a do only) says so: the dump is what {@code tc -j qdisc show} prints.
     */
    @Test
    void getqdiscDumpEqualsTcQdiscShow() throws Exception {
        YnlOperation getqdisc = YnlSpec.bundled("tc").operations().operation("getqdisc").orElseThrow();
        assertTrue(getqdisc.dumpHandler().isPresent(), "the bundled spec dumps getqdisc");
        try (TestNetns ns = namespace(); YnlFamily family = await(Ynl.connect("tc", Path.of(ns.path())))) {
            assertEquals(0, ns.exec("tc", "qdisc", "add", "dev", "v0", "root", "handle", "1:", "htb").exit());
            assertEquals(0, ns.exec("tc", "qdisc", "add", "dev", "br0", "ingress").exit());
            Map<Integer, String> names = new HashMap<>();
            for (JsonNode l : ipJson(ns, "link", "show")) {
                names.put(l.get("ifindex").asInt(), l.get("ifname").asString());
            }
            Set<String> expected = new TreeSet<>();
            for (JsonNode q : JSON.readTree(ns.exec("tc", "-j", "qdisc", "show").output())) {
                expected.add(q.get("dev").asString() + ' ' + q.get("kind").asString() + ' '
                        + q.get("handle").asString() + ' ' + (q.has("root") ? "root" : q.get("parent").asString()));
            }
            Set<String> actual = new TreeSet<>();
            for (Map<String, Object> q : await(family.dump("getqdisc", Map.of()))) {
                long parent = (Long) q.get("parent");
                actual.add(names.get((Integer) q.get("ifindex")) + ' ' + q.get("kind") + ' '
                        + handle((Long) q.get("handle")) + ' ' + (parent == 0xffffffffL ? "root" : handle(parent)));
            }
            assertTrue(expected.contains("v0 htb 1: root"), expected::toString);
            assertTrue(expected.contains("br0 ingress ffff: ffff:fff1"), expected::toString);
            assertEquals(expected, actual);
        }
    }

    /** A tc handle as tc prints it: major and minor in hex, the minor left out when 0 ({@code 1:}). */
    private static String handle(long h) {
        return Long.toHexString(h >>> 16) + ':' + ((h & 0xffff) == 0 ? "" : Long.toHexString(h & 0xffff));
    }

    @Test
    void getrouteDumpOfTheMainTableEqualsIpRouteShow() throws Exception {
        try (TestNetns ns = namespace(); YnlFamily route = await(Ynl.connect("rt-route", Path.of(ns.path())))) {
            ns.ip("addr", "add", "10.9.8.7/24", "dev", "v0");
            ns.ip("route", "add", "10.1.0.0/16", "via", "10.9.8.1");
            ns.ip("route", "add", "10.2.0.0/16", "dev", "v0", "proto", "static", "scope", "link");
            ns.ip("route", "add", "default", "via", "10.9.8.254");
            Map<Integer, String> names = new HashMap<>();
            for (JsonNode l : ipJson(ns, "link", "show")) {
                names.put(l.get("ifindex").asInt(), l.get("ifname").asString());
            }
            Set<String> expected = new TreeSet<>();
            for (JsonNode r : ipJson(ns, "route", "show")) {
                expected.add(r.get("dst").asString() + ' ' + r.get("dev").asString() + ' '
                        + (r.has("protocol") ? r.get("protocol").asString() : "boot") + ' '
                        + (r.has("scope") ? r.get("scope").asString() : "global"));
            }
            Set<String> actual = new TreeSet<>();
            for (Map<String, Object> r : await(route.dump("getroute", Map.of("rtm-family", 2)))) {
                if (!Long.valueOf(254).equals(r.get("table"))) {
                    continue; // ip route show is the main table's
                }
                InetAddress dst = (InetAddress) r.get("dst");
                int len = (Integer) r.get("rtm-dst-len");
                String d = dst == null ? "default" : dst.getHostAddress() + (len == 32 ? "" : "/" + len);
                actual.add(d + ' ' + names.get((int) (long) (Long) r.get("oif")) + ' '
                        + PROTOCOLS.get((Integer) r.get("rtm-protocol")) + ' '
                        + SCOPES.get((Integer) r.get("rtm-scope")));
            }
            assertEquals(4, expected.size(), expected::toString);
            assertEquals(expected, actual);
        }
    }

    @Test
    void aRefusedNewlinkOrDellinkNamesTheAttribute() throws Exception {
        try (TestNetns ns = namespace(); YnlFamily link = await(Ynl.connect("rt-link", Path.of(ns.path())))) {
            String tooLong = "x".repeat(16);
            Map<String, Map<String, Object>> requests = Map.of(
                    "newlink", linked("ifname", tooLong, "linkinfo", Map.of("kind", "dummy")),
                    "dellink", linked("ifname", tooLong));
            for (String op : List.of("newlink", "dellink")) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> await(link.request(op, requests.get(op))));
                NetlinkException refusal = assertInstanceOf(NetlinkException.class, e.getCause(), op);
                assertEquals(Errno.ERANGE, refusal.errno(), op); // NLA_STRING longer than IFNAMSIZ - 1
                assertEquals("ifname", refusal.attributePath(), op);
            }
            assertFalse(ns.ip("link", "show").contains(tooLong));
        }
    }

    @Test
    void aBridgeAddedIsNotifiedOnRtnlgrpLink() throws Exception {
        try (TestNetns ns = namespace(); YnlFamily link = await(Ynl.connect("rt-link", Path.of(ns.path())))) {
            LinkedBlockingQueue<YnlNotification> seen = new LinkedBlockingQueue<>();
            await(link.subscribe("rtnlgrp-link", seen::add));
            ns.ip("link", "add", "br9", "type", "bridge");
            YnlNotification n;
            do {
                n = seen.poll(10, TimeUnit.SECONDS);
                assertNotNull(n, "no RTM_NEWLINK for br9 within 10 s");
            } while (!"br9".equals(n.attributes().get("ifname")));
            assertEquals("newlink-ntf", n.operation().orElseThrow(), "RTM_NEWLINK is the spec's newlink-ntf");
            assertEquals(16, n.cmd());
            assertEquals("rtnlgrp-link", n.group().orElseThrow());
            assertEquals(ifindex(ns, "br9"), n.attributes().get("ifi-index"));
            ns.ip("link", "del", "br9");
            do {
                n = seen.poll(10, TimeUnit.SECONDS);
                assertNotNull(n, "no RTM_DELLINK for br9 within 10 s");
            } while (n.cmd() != 17);
            assertEquals("dellink", n.operation().orElseThrow());
            assertEquals("br9", n.attributes().get("ifname"));
        }
    }
}
