package dev.netlink.ynl;

import dev.netlink.codec.Errno;
import dev.netlink.codec.MalformedNetlinkException;
import dev.netlink.codec.NetlinkException;
import dev.netlink.codec.NetlinkExtendedAck;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.attr.AttributeWriter;
import dev.netlink.genl.Family;
import dev.netlink.genl.GenericNetlink;
import dev.netlink.genl.GenericNetlinkController;
import dev.netlink.genl.GenericNetlinkMessage;
import dev.netlink.genl.MulticastGroup;
import dev.netlink.genl.testkit.FakeGenlController;
import dev.netlink.testkit.FakeKernel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static dev.netlink.ynl.YnlSchemasTest.hex;
import static dev.netlink.ynl.YnlSchemasTest.linked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dynamic client against the fake kernel: requests' bytes, decoded replies, refusals, errors, notifications. */
class YnlFamilyTest {
    static final Family NETDEV = new Family(0x30, "netdev", 1, 0, 8, List.of(),
            List.of(new MulticastGroup("mgmt", 20), new MulticastGroup("page-pool", 21)));
    static final Family ETHTOOL = new Family(0x31, "ethtool", 1, 0, 40, List.of(), List.of());
    static final Family OVS = new Family(0x32, "ovs_datapath", 2, 4, 9, List.of(),
            List.of(new MulticastGroup("ovs_datapath", 22)));

    private FakeKernel kernel;
    private EmbeddedChannel ch;
    private GenericNetlinkController ctrl;

    private YnlFamily open(String spec, FakeKernel.Responder family) {
        kernel = new FakeKernel(new FakeGenlController(NETDEV, ETHTOOL, OVS).orElse(family));
        ch = FakeKernel.newChannel(kernel);
        ctrl = GenericNetlink.on(ch, 0).getNow();
        Future<YnlFamily> f = Ynl.on(ctrl, YnlSpec.bundled(spec));
        ch.runPendingTasks();
        assertTrue(f.isSuccess(), () -> String.valueOf(f.cause()));
        return f.getNow();
    }

    @AfterEach
    void tearDown() {
        if (ch != null) {
            ch.finishAndReleaseAll();
        }
    }

    /** A genl payload: genlmsghdr, a fixed header, attributes. */
    private static ByteBuf genl(int cmd, byte[] header, Consumer<AttributeWriter> attrs) {
        ByteBuf b = Unpooled.buffer();
        GenericNetlinkMessage.writeHeader(b, cmd, 1);
        b.writeBytes(header);
        attrs.accept(new AttributeWriter(b));
        return b;
    }

    private static <T> T done(Future<T> f) {
        assertTrue(f.isDone(), "complete");
        assertTrue(f.isSuccess(), () -> String.valueOf(f.cause()));
        return f.getNow();
    }

    private static String refusal(Future<?> f) {
        assertTrue(f.isDone(), "complete");
        return assertInstanceOf(IllegalArgumentException.class, f.cause()).getMessage();
    }

    @Test
    void aDoIsEncodedByNameAndItsReplyDecodedByName() {
        YnlFamily netdev = open("netdev", (req, reply) -> reply.message(0x30, genl(1, new byte[0], w -> {
            w.putU32(1, 7);
            w.putU64(3, 0x3);
            w.putU32(77, 0xabcd); // an attribute newer than the spec
        })));
        Future<Map<String, Object>> f = netdev.request("dev-get", Map.of("ifindex", 7));
        NetlinkMessage sent = kernel.lastRequest();
        assertEquals(0x30, sent.type());
        assertEquals("01010000" + "0800" + "0100" + "07000000", ByteBufUtil.hexDump(sent.content()),
                "cmd dev-get (1), the kernel's version, ifindex u32");
        Map<String, Object> reply = done(f);
        assertEquals(hex(linked("ifindex", 7L, "xdp-features", Set.of("basic", "redirect"), "77",
                new byte[] {(byte) 0xcd, (byte) 0xab, 0, 0})), hex(reply));
    }

    @Test
    void aReplyThatDoesNotFitTheSpecFailsTheFutureNamingTheAttribute() {
        YnlFamily netdev = open("netdev", (req, reply) -> reply.message(0x30, genl(1, new byte[0],
                w -> w.putU16(1, 7))));
        Future<Map<String, Object>> f = netdev.request("dev-get", Map.of("ifindex", 7));
        MalformedNetlinkException e = assertInstanceOf(MalformedNetlinkException.class, f.cause());
        assertTrue(e.getMessage().contains("ifindex"), e.getMessage());
    }

    @Test
    void aFamilyTheKernelLacksOrANetlinkRawSpecFailsTheConnect() {
        open("netdev", (req, reply) -> { });
        Future<YnlFamily> fou = Ynl.on(ctrl, YnlSpec.bundled("fou"));
        ch.runPendingTasks();
        assertEquals(Errno.ENOENT, assertInstanceOf(NetlinkException.class, fou.cause()).errno());
        assertTrue(refusal(Ynl.connect("netdevv")).startsWith("no bundled YNL spec named 'netdevv'; bundled: ["));
        Future<YnlFamily> link = Ynl.on(ctrl, YnlSpec.bundled("rt-link"));
        assertEquals("spec rt-link is netlink-raw (protonum 0), not generic netlink; speak it through Ynl.connect"
                + " or Ynl.on(NetlinkSocket, YnlSpec)",
                assertInstanceOf(UnsupportedOperationException.class, link.cause()).getMessage());
    }

    @Test
    void aDumpGathersOrStreamsItsParts() {
        YnlFamily netdev = open("netdev", (req, reply) -> {
            for (int i = 1; i <= 3; i++) {
                int ifindex = i;
                reply.message(0x30, genl(1, new byte[0], w -> w.putU32(1, ifindex)));
            }
        });
        List<Map<String, Object>> all = done(netdev.dump("dev-get", Map.of()));
        assertEquals(List.of(Map.of("ifindex", 1L), Map.of("ifindex", 2L), Map.of("ifindex", 3L)), all);
        assertEquals("01010000", ByteBufUtil.hexDump(kernel.lastRequest().content()), "a dump without attributes");
        List<Object> streamed = new ArrayList<>();
        done(netdev.dump("dev-get", Map.of(), m -> streamed.add(m.get("ifindex"))));
        assertEquals(List.of(1L, 2L, 3L), streamed);
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsSent() {
        YnlFamily netdev = open("netdev", (req, reply) -> { });
        int before = kernel.requests().size();
        assertEquals("netdev has no operation \"dev-gte\"; it has dev-get, page-pool-get, page-pool-stats-get, "
                + "queue-get, napi-get, qstats-get, bind-rx",
                refusal(netdev.request("dev-gte", Map.of())));
        assertEquals("netdev dev-get: no attribute \"ifidx\" in attribute set dev; the do request takes ifindex",
                refusal(netdev.request("dev-get", Map.of("ifidx", 1))));
        assertEquals("netdev dev-get: attribute \"xdp-features\" is not part of the do request; it takes ifindex",
                refusal(netdev.request("dev-get", Map.of("xdp-features", 1))));
        assertEquals("netdev dev-get: attribute \"ifindex\" is not part of the dump request; it takes no attributes",
                refusal(netdev.dump("dev-get", Map.of("ifindex", 1))));
        assertEquals("netdev dev-add-ntf has no do; it is not a request",
                refusal(netdev.request("dev-add-ntf", Map.of())));
        String wrongType = refusal(netdev.request("dev-get", Map.of("ifindex", "lo")));
        assertTrue(wrongType.startsWith("netdev dev-get: attribute ifindex of dev: "), wrongType);
        assertTrue(netdev.subscribe("mgmnt", n -> { }).cause().getMessage().contains("[mgmt, page-pool]"));
        assertEquals(before, kernel.requests().size(), "nothing was sent");
    }

    @Test
    void nestedInputIsCheckedAndTheKernelsErrorNamesTheAttributeBySpecName() {
        YnlFamily ethtool = open("ethtool", (req, reply) -> reply.error(Errno.ENODEV, w -> {
            w.putString(NetlinkExtendedAck.NLMSGERR_ATTR_MSG, "no device matches name");
            w.putU32(NetlinkExtendedAck.NLMSGERR_ATTR_OFFS, 16 + 4 + 4); // nlmsghdr, genlmsghdr, the header nest
        }));
        assertEquals("ethtool linkinfo-get: no attribute \"header.dev\" in attribute set header; it has dev-index, "
                        + "dev-name, flags, phy-index",
                refusal(ethtool.request("linkinfo-get", Map.of("header", Map.of("dev", "v0")))));
        Future<Map<String, Object>> f = ethtool.request("linkinfo-get",
                Map.of("header", linked("dev-name", "nope", "flags", Set.of("omit-reply"))));
        assertEquals("02010000", ByteBufUtil.hexDump(kernel.lastRequest().content(), 0, 4), "cmd linkinfo-get is 2");
        NetlinkException e = assertInstanceOf(NetlinkException.class, f.cause());
        assertEquals(Errno.ENODEV, e.errno());
        assertEquals("header.dev-name", e.attributePath());
        assertTrue(e.getMessage().contains("no device matches name"), e.getMessage());
    }

    @Test
    void aFixedHeaderIsWrittenFromItsMembersAndReadBackIntoTheReply() {
        YnlFamily ovs = open("ovs_datapath", (req, reply) -> reply.message(0x32, genl(1, new byte[] {9, 0, 0, 0},
                w -> w.putString(1, "dp0"))));
        Map<String, Object> reply = done(ovs.request("get", linked("dp-ifindex", 5, "name", "dp0")));
        assertEquals("03020000" + "05000000" + "0800" + "0100" + "64703000",
                ByteBufUtil.hexDump(kernel.lastRequest().content()), "cmd 3, version 2, ovs-header, name");
        assertEquals(Map.of("dp-ifindex", 9L, "name", "dp0"), reply);
        assertEquals("ovs_datapath get: attribute \"user-features\" is not part of the do request; it takes name "
                        + "(and the fixed header ovs-header's dp-ifindex)",
                refusal(ovs.request("get", Map.of("user-features", Set.of()))));
    }

    @Test
    void notificationsReachTheirGroupsListenerDecoded() {
        YnlFamily netdev = open("netdev", (req, reply) -> { });
        List<YnlNotification> seen = new ArrayList<>();
        Future<Void> joined = netdev.subscribe("mgmt", seen::add);
        assertInstanceOf(IllegalStateException.class, joined.cause(), "no membership on an EmbeddedChannel");
        ((GenericYnlFamily) netdev).listen(NETDEV.mcastGroups().get(0), seen::add);
        kernel.notify(20, 0x30, genl(2, new byte[0], w -> w.putU32(1, 4)));
        kernel.notify(20, 0x30, genl(40, new byte[0], w -> w.putU32(1, 4))); // a command newer than the spec
        ch.runPendingTasks();
        assertEquals(2, seen.size());
        assertEquals(new YnlNotification(Optional.of("dev-add-ntf"), 2, Optional.of("mgmt"),
                Map.of("ifindex", 4L)), seen.get(0));
        YnlNotification unknown = seen.get(1);
        assertEquals(Optional.empty(), unknown.operation());
        assertEquals(40, unknown.cmd());
        assertEquals(hex(Map.of("1", new byte[] {4, 0, 0, 0})), hex(unknown.attributes()));
        kernel.notify(20, 0x30, genl(2, new byte[0], w -> w.putU16(1, 4))); // ifindex is not a u16
        ch.runPendingTasks();
        assertEquals(3, seen.size());
        assertEquals(Optional.of("dev-add-ntf"), seen.get(2).operation());
        assertEquals(hex(Map.of("1", new byte[] {4, 0})), hex(seen.get(2).attributes()), "kept as bytes");
        kernel.notify(21, 0x30, genl(6, new byte[0], w -> w.putU32(1, 5)));
        ch.runPendingTasks();
        assertEquals(3, seen.size(), "page-pool has no listener");
        netdev.close();
    }
}
