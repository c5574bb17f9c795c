package dev.netlink.family;

import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkException;
import dev.netlink.codec.attr.AttributeWriter;
import dev.netlink.codec.attr.MacAddress;
import dev.netlink.family.ethtool.Channels;
import dev.netlink.family.ethtool.Ethtool;
import dev.netlink.family.ethtool.Linkstate;
import dev.netlink.family.ethtool.Rings;
import dev.netlink.family.mptcppm.Attr;
import dev.netlink.family.mptcppm.Endpoint;
import dev.netlink.family.mptcppm.MptcpPm;
import dev.netlink.family.netdev.Dev;
import dev.netlink.family.netdev.Netdev;
import dev.netlink.family.rtaddr.AddrMessage;
import dev.netlink.family.rtaddr.RtAddr;
import dev.netlink.family.rtlink.IfinfoFlags;
import dev.netlink.family.rtlink.LinkMessage;
import dev.netlink.family.rtlink.LinkinfoDataMsg;
import dev.netlink.family.rtlink.RtLink;
import dev.netlink.family.rtroute.RouteMessage;
import dev.netlink.family.rtroute.RtRoute;
import dev.netlink.testing.TestNetns;
import dev.netlink.ynl.typed.Notification;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.netlink.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated families against the real kernel, each in a private network namespace, compared with what
 * {@code ip -j} says of the same objects.
 */
class TypedFamiliesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code IF_OPER_*} as {@code ip} prints them. */
    private static final List<String> OPERSTATES = List.of("UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN",
            "TESTING", "DORMANT", "UP");

    private static TestNetns namespace() {
        TestNetns.assumeRoot();
        TestNetns ns = TestNetns.create();
        ns.ip("link", "set", "lo", "up");
        ns.ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        ns.ip("link", "set", "v0", "up");
        return ns;
    }

    private static JsonNode ip(TestNetns ns, String... args) {
        return JSON.readTree(ns.ipJson(args));
    }

    private static Path path(TestNetns ns) {
        return Path.of(ns.path());
    }

    @Test
    void rtLinkDumpEqualsIpLink() throws Exception {
        try (TestNetns ns = namespace(); RtLink link = await(RtLink.connect(path(ns)))) {
            Map<Integer, String> expected = new TreeMap<>();
            for (JsonNode l : ip(ns, "link", "show")) {
                expected.put(l.get("ifindex").asInt(), l.get("ifname").asString() + ' ' + l.get("mtu").asLong()
                        + ' ' + l.get("operstate").asString() + ' ' + l.get("address").asString());
            }
            Map<Integer, String> actual = new TreeMap<>();
            for (LinkMessage m : await(link.getlinkDump())) {
                actual.put(m.header().ifiIndex(), m.attributes().ifname() + ' ' + m.attributes().mtu() + ' '
                        + OPERSTATES.get(m.attributes().operstate()) + ' ' + m.attributes().address());
                assertInstanceOf(MacAddress.class, m.attributes().address());
            }
            assertEquals(expected, actual);
            LinkMessage v0 = await(link.getlink(LinkMessage.builder().attributes(a -> a.ifname("v0")).build()));
            assertTrue(v0.header().ifiFlags().contains(IfinfoFlags.UP), v0.header().ifiFlags().toString());
            assertEquals("veth", v0.attributes().linkinfo().kind());
            LinkMessage lo = await(link.getlink(LinkMessage.builder().header(h -> h.ifiIndex(1)).build()));
            assertEquals(1, lo.attributes().netnsImmutable(), "IFLA_NETNS_IMMUTABLE (6.13): lo cannot move");
        }
    }

    @Test
    void newlinkMakesAVethPairThroughTheLinkinfoSubMessage() throws Exception {
        try (TestNetns ns = namespace(); RtLink link = await(RtLink.connect(path(ns)))) {
            // veth has no format in the spec's linkinfo-data-msg: its VETH_INFO_PEER (1) nest, an ifinfomsg and
            // the peer's attributes, goes as the sub-message's raw payload.
            ByteBuf peer = Unpooled.buffer();
            AttributeWriter w = new AttributeWriter(peer);
            int start = w.startNested(1);
            LinkMessage.builder().attributes(a -> a.ifname("vb")).build().encode(peer);
            w.endNested(start);
            byte[] data = ByteBufUtil.getBytes(peer);
            peer.release();
            await(link.newlink(LinkMessage.builder().attributes(a -> a.ifname("va").mtu(1400)
                    .linkinfo(li -> li.data(new LinkinfoDataMsg.Unknown("veth", data)))).build()));
            JsonNode va = ip(ns, "-d", "link", "show", "va").get(0);
            assertEquals("veth", va.get("linkinfo").get("info_kind").asString());
            assertEquals(1400, va.get("mtu").asInt());
            assertEquals("vb", va.get("link").asString());
            LinkMessage back = await(link.getlink(LinkMessage.builder().attributes(a -> a.ifname("va")).build()));
            assertEquals("veth", back.attributes().linkinfo().kind());
            NetlinkException twice = assertThrows(NetlinkException.class, () -> get(link.newlink(
                    LinkMessage.builder().attributes(a -> a.ifname("va")).build())));
            assertEquals(Errno.EEXIST, twice.errno());
            await(link.dellink(LinkMessage.builder().attributes(a -> a.ifname("va")).build()));
            List<String> left = ip(ns, "link", "show").valueStream().map(l -> l.get("ifname").asString()).toList();
            assertTrue(!left.contains("va") && !left.contains("vb"), "deleting va deletes its peer: " + left);
        }
    }

    @Test
    void bridgeKindDataIsTheSubMessagesTypedFormat() throws Exception {
        try (TestNetns ns = namespace(); RtLink link = await(RtLink.connect(path(ns)))) {
            await(link.newlink(LinkMessage.builder().attributes(a -> a.ifname("br0")
                    .linkinfo(li -> li.data(new LinkinfoDataMsg.Bridge(dev.netlink.family.rtlink.LinkinfoBridgeAttrs
                            .builder().stpState(1).ageingTime(12_000).build())))).build()));
            JsonNode br = ip(ns, "-d", "link", "show", "br0").get(0).get("linkinfo").get("info_data");
            assertEquals(1, br.get("stp_state").asInt());
            assertEquals(12_000, br.get("ageing_time").asInt());
            LinkMessage back = await(link.getlink(LinkMessage.builder().attributes(a -> a.ifname("br0")).build()));
            LinkinfoDataMsg.Bridge data = assertInstanceOf(LinkinfoDataMsg.Bridge.class,
                    back.attributes().linkinfo().data());
            assertEquals(1, data.attributes().stpState());
            assertEquals(12_000, data.attributes().ageingTime());
        }
    }

    @Test
    void addressesAndRoutesEqualIpAddrAndIpRoute() throws Exception {
        try (TestNetns ns = namespace(); RtLink link = await(RtLink.connect(path(ns)));
             RtAddr addr = await(RtAddr.connect(path(ns))); RtRoute route = await(RtRoute.connect(path(ns)))) {
            int v0 = await(link.getlink(LinkMessage.builder().attributes(a -> a.ifname("v0")).build()))
                    .header().ifiIndex();
            await(addr.newaddr(AddrMessage.builder().header(h -> h.ifaFamily(2).ifaPrefixlen(24).ifaIndex(v0))
                    .attributes(a -> a.local("10.1.0.1").address("10.1.0.1")).build()));
            await(route.newroute(RouteMessage.builder().header(h -> h.rtmFamily(2).rtmDstLen(16).rtmTable(254)
                            .rtmProtocol(4).rtmScope(0).rtmType(dev.netlink.family.rtroute.RtmType.UNICAST))
                    .attributes(a -> a.dst("10.2.0.0").gateway("10.1.0.2").oif(v0)).build()));
            String expectedAddrs = ip(ns, "-4", "addr", "show").valueStream()
                    .flatMap(l -> l.get("addr_info").valueStream().map(i -> l.get("ifindex").asInt() + " "
                            + i.get("local").asString() + '/' + i.get("prefixlen").asInt()))
                    .sorted().collect(Collectors.joining(", "));
            String actualAddrs = await(addr.getaddrDump()).stream().filter(m -> m.header().ifaFamily() == 2)
                    .map(m -> m.header().ifaIndex() + " " + m.attributes().local().getHostAddress() + '/'
                            + m.header().ifaPrefixlen()).sorted().collect(Collectors.joining(", "));
            assertEquals(expectedAddrs, actualAddrs);
            assertTrue(actualAddrs.contains(v0 + " 10.1.0.1/24"), actualAddrs);
            String expectedRoutes = ip(ns, "-4", "route", "show", "table", "main").valueStream()
                    .map(r -> r.get("dst").asString() + " via " + (r.has("gateway") ? r.get("gateway").asString()
                            : "-") + " dev " + r.get("dev").asString()).sorted().collect(Collectors.joining(", "));
            String actualRoutes = await(route.getrouteDump()).stream()
                    .filter(m -> m.header().rtmFamily() == 2 && m.header().rtmTable() == 254)
                    .map(m -> prefix(m) + " via " + (m.attributes().gateway() == null ? "-"
                            : m.attributes().gateway().getHostAddress()) + " dev "
                            + (m.attributes().oif() == v0 ? "v0" : "?" + m.attributes().oif()))
                    .sorted().collect(Collectors.joining(", "));
            assertEquals(expectedRoutes, actualRoutes);
            assertTrue(actualRoutes.contains("10.2.0.0/16 via 10.1.0.2 dev v0"), actualRoutes);
        }
    }

    private static String prefix(RouteMessage m) {
        InetAddress dst = m.attributes().dst();
        String a = dst == null ? "default" : dst.getHostAddress();
        return dst == null ? a : a + (m.header().rtmDstLen() == 32 ? "" : "/" + m.header().rtmDstLen());
    }

    @Test
    void netdevAndEthtoolOnAVethPair() throws Exception {
        try (TestNetns ns = namespace(); Netdev netdev = await(Netdev.connect(path(ns)));
             Ethtool ethtool = await(Ethtool.connect(path(ns)))) {
            List<Integer> expected = ip(ns, "link", "show").valueStream().map(l -> l.get("ifindex").asInt())
                    .sorted().toList();
            assertEquals(expected, await(netdev.devGetDump()).stream().map(Dev::ifindex).sorted().toList());
            int v0 = expected.get(1);
            Dev one = await(netdev.devGet(Dev.builder().ifindex(v0).build()));
            assertEquals(v0, one.ifindex());
            assertNotNull(one.xdpFeatures());
            Channels ch = await(ethtool.channelsGet(Channels.builder().header(h -> h.devName("v0")).build()));
            assertEquals("v0", ch.header().devName());
            assertEquals(1, ch.rxCount());
            assertEquals(1, ch.txCount());
            Linkstate state = await(ethtool.linkstateGet(Linkstate.builder().header(h -> h.devName("v0")).build()));
            boolean carrier = ip(ns, "link", "show", "v0").get(0).get("operstate").asString().equals("UP");
            assertEquals(carrier ? 1 : 0, state.link(), "v0's peer v1 is down, so v0 has no carrier: " + state);
            NetlinkException rings = assertThrows(NetlinkException.class, () -> get(ethtool.ringsGet(
                    Rings.builder().header(h -> h.devName("v0")).build())));
            assertEquals(Errno.EOPNOTSUPP, rings.errno());
            NetlinkException missing = assertThrows(NetlinkException.class, () -> get(ethtool.channelsGet(
                    Channels.builder().header(h -> h.devName("nosuch0")).build())));
            assertEquals(Errno.ENODEV, missing.errno());
            assertTrue(missing.getMessage().contains("header.dev-name"), missing.getMessage());
        }
    }

    @Test
    void badInputIsRefusedBeforeSending() throws Exception {
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> Dev.builder().ifindex(0).build());
        assertTrue(range.getMessage().contains("netdev dev: ifindex"), range.getMessage());
        try (TestNetns ns = namespace(); Netdev netdev = await(Netdev.connect(path(ns)))) {
            IllegalArgumentException notTaken = assertThrows(IllegalArgumentException.class, () -> get(netdev
                    .devGet(Dev.builder().ifindex(1).xdpZcMaxSegs(2).build())));
            assertEquals("netdev dev-get: attribute \"xdp-zc-max-segs\" is not part of the do request; it takes "
                    + "ifindex", notTaken.getMessage());
        }
    }

    @Test
    void mptcpEndpointAddThenDump() throws Exception {
        try (TestNetns ns = namespace(); MptcpPm pm = await(MptcpPm.connect(path(ns)))) {
            ns.ip("addr", "add", "10.3.0.1/24", "dev", "v0");
            await(pm.addAddr(Endpoint.builder().addr(a -> a.family(2).addr4(0x0a030001).id(7).flags(1)).build()));
            JsonNode shown = ip(ns, "mptcp", "endpoint", "show");
            assertEquals("10.3.0.1", shown.get(0).get("address").asString());
            List<Attr> dumped = await(pm.getAddrDump());
            assertEquals(1, dumped.size());
            assertEquals(0x0a030001, dumped.get(0).addr().addr4());
            assertEquals(7, dumped.get(0).addr().id());
            assertEquals(shown.get(0).get("id").asInt(), dumped.get(0).addr().id());
        }
    }

    @Test
    void notificationsArriveTyped() throws Exception {
        try (TestNetns ns = namespace(); RtLink link = await(RtLink.connect(path(ns)))) {
            LinkedBlockingQueue<Notification<LinkMessage>> seen = new LinkedBlockingQueue<>();
            await(link.onRtnlgrpLink(seen::add));
            ns.ip("link", "add", "br9", "type", "bridge");
            Notification<LinkMessage> added = poll(seen, "br9", "newlink");
            assertEquals(16, added.messageType());
            ns.ip("link", "del", "br9");
            Notification<LinkMessage> removed = poll(seen, "br9", "dellink");
            assertEquals(17, removed.messageType());
        }
    }

    private static Notification<LinkMessage> poll(LinkedBlockingQueue<Notification<LinkMessage>> q, String name,
                                                  String op) throws InterruptedException {
        while (true) {
            Notification<LinkMessage> n = q.poll(10, TimeUnit.SECONDS);
            assertNotNull(n, "no " + op + " of " + name);
            if (name.equals(n.message().attributes().ifname()) && op.equals(n.op())) {
                return n;
            }
        }
    }

    private static <T> T get(io.netty.util.concurrent.Future<T> f) throws Throwable {
        try {
            return await(f);
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }
}
