package dev.netlink.ynl;

import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkException;
import dev.netlink.codec.NetlinkExtendedAck;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.attr.AttributeWriter;
import dev.netlink.codec.attr.MacAddress;
import dev.netlink.testkit.FakeKernel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static dev.netlink.ynl.YnlSchemasTest.hex;
import static dev.netlink.ynl.YnlSchemasTest.linked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Netlink-raw families on the fake kernel: message types, flags, fixed headers, replies, errors, notifications. */
class RawYnlFamilyTest {
    private static final int RTM_NEWLINK = 16;
    private static final int RTM_DELLINK = 17;
    private static final int RTM_GETLINK = 18;
    /** An ifinfomsg: AF_UNSPEC, ARPHRD_ETHER, ifindex 3, IFF_UP | IFF_BROADCAST, change 0. */
    private static final byte[] IFINFOMSG_3 = HexFormat.of().parseHex("0000" + "0100" + "03000000" + "03000000"
            + "00000000");

    private FakeKernel kernel;
    private EmbeddedChannel ch;

    private YnlFamily open(String spec, FakeKernel.Responder responder) {
        kernel = new FakeKernel(responder);
        ch = FakeKernel.newChannel(kernel);
        return Ynl.on(NetlinkSocket.on(ch, 0), YnlSpec.bundled(spec));
    }

    @AfterEach
    void tearDown() {
        if (ch != null) {
            ch.finishAndReleaseAll();
        }
    }

    static <T> T done(Future<T> f) {
        assertTrue(f.isDone(), "complete");
        assertTrue(f.isSuccess(), () -> String.valueOf(f.cause()));
        return f.getNow();
    }

    /** A link's attributes: ifname, mtu, operstate, address, and 70, newer than the bundled spec. */
    private static void link(AttributeWriter w) {
        w.putString(3, "veth0");
        w.putU32(4, 1500);
        w.putU8(16, 6);
        w.putBinary(1, new byte[] {2, 0, 0, 0, 0, 1});
        w.putU32(70, 0xabcd);
    }

    private static ByteBuf payload(byte[] header, Consumer<AttributeWriter> attrs) {
        ByteBuf b = Unpooled.buffer();
        b.writeBytes(header);
        attrs.accept(new AttributeWriter(b));
        return b;
    }

    @Test
    void aDoSendsTheRequestTypeAndFixedHeaderAndDecodesTheReplyKeepingAnUnknownAttribute() {
        YnlFamily link = open("rt-link",
                (req, reply) -> reply.message(RTM_NEWLINK, IFINFOMSG_3, RawYnlFamilyTest::link));
        Map<String, Object> reply = done(link.request("getlink", Map.of("ifi-index", 3)));
        NetlinkMessage sent = kernel.lastRequest();
        assertEquals(RTM_GETLINK, sent.type());
        assertEquals(NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK, sent.flags());
        assertEquals("0000" + "0000" + "03000000" + "00000000" + "00000000", ByteBufUtil.hexDump(sent.content()),
                "an ifinfomsg of ifindex 3 and no attributes");
        assertEquals(hex(linked("ifi-family", 0, "ifi-type", 1, "ifi-index", 3, "ifi-flags", Set.of("up", "broadcast"),
                "ifi-change", 0L, "ifname", "veth0", "mtu", 1500L, "operstate", 6, "address",
                MacAddress.parse("02:00:00:00:00:01"), "70", new byte[] {(byte) 0xcd, (byte) 0xab, 0, 0})), hex(reply));
    }

    @Test
    void aDumpSetsNlmFDumpAndDecodesEveryPart() {
        YnlFamily link = open("rt-link", (req, reply) -> {
            reply.message(RTM_NEWLINK, IFINFOMSG_3, w -> w.putString(3, "a"));
            reply.message(RTM_NEWLINK, IFINFOMSG_3, w -> w.putString(3, "b"));
        });
        List<Map<String, Object>> parts = done(link.dump("getlink", Map.of("ifi-family", 7)));
        NetlinkMessage sent = kernel.lastRequest();
        assertEquals(RTM_GETLINK, sent.type());
        assertEquals(NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_DUMP, sent.flags());
        assertEquals("07000000" + "00000000" + "00000000" + "00000000", ByteBufUtil.hexDump(sent.content()));
        assertEquals(List.of("a", "b"), parts.stream().map(p -> p.get("ifname")).toList());
        List<Object> streamed = new ArrayList<>();
        done(link.dump("getlink", Map.of(), p -> streamed.add(p.get("ifi-index"))));
        assertEquals(List.of(3, 3), streamed);
    }

    @Test
    void aNewOpIsCreatedExclusivelyAndAcknowledgedWithTheFamilysDefaultFixedHeader() {
        YnlFamily addr = open("rt-addr", (req, reply) -> { });
        Map<String, Object> ack = done(addr.request("newaddr", linked("ifa-family", 2, "ifa-prefixlen", 24,
                "ifa-index", 5, "local", new byte[] {10, 9, 8, 7})));
        assertEquals(Map.of(), ack);
        NetlinkMessage sent = kernel.lastRequest();
        assertEquals(20, sent.type(), "RTM_NEWADDR");
        assertEquals(NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK | NetlinkFlags.NLM_F_CREATE
                | NetlinkFlags.NLM_F_EXCL, sent.flags());
        assertEquals("02180000" + "05000000" + "0800" + "0200" + "0a090807", ByteBufUtil.hexDump(sent.content()),
                "ifaddrmsg (AF_INET, /24, ifindex 5), then IFA_LOCAL");
    }

    @Test
    void theKernelsErrorNamesTheAttributeAfterTheFixedHeader() {
        YnlFamily link = open("rt-link", (req, reply) -> reply.error(Errno.EINVAL, w -> {
            w.putString(NetlinkExtendedAck.NLMSGERR_ATTR_MSG, "Attribute failed policy validation");
            w.putU32(NetlinkExtendedAck.NLMSGERR_ATTR_OFFS, 16 + 16 + 8); // nlmsghdr, ifinfomsg, past IFLA_MTU
        }));
        Future<Map<String, Object>> f = link.request("newlink", linked("mtu", 1500, "ifname", "x".repeat(16)));
        NetlinkException e = assertInstanceOf(NetlinkException.class, f.cause());
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("ifname", e.attributePath());
        assertEquals(RTM_NEWLINK, kernel.lastRequest().type());
    }

    @Test
    void aSubMessageIsDecodedAndEncodedByTheFormatItsSelectorPicks() {
        YnlFamily link = open("rt-link", (req, reply) -> {
            if (req.type() != RTM_GETLINK) {
                return; // newlink: acknowledged
            }
            reply.message(RTM_NEWLINK, IFINFOMSG_3, w -> {
                int info = w.startNested(18); // linkinfo
                w.putString(1, "bridge");
                int data = w.startNested(2);
                w.putU32(5, 1); // stp-state
                w.putU32(99, 7); // newer than the spec
                w.endNested(data);
                w.endNested(info);
            });
            reply.message(RTM_NEWLINK, IFINFOMSG_3, w -> {
                int info = w.startNested(18);
                w.putString(1, "frobnicator"); // a kind the spec does not have
                w.putBinary(2, new byte[] {1, 2, 3, 4});
                w.endNested(info);
            });
        });
        List<Map<String, Object>> parts = done(link.dump("getlink", Map.of()));
        assertEquals(hex(linked("kind", "bridge", "data", linked("stp-state", 1L, "99", new byte[] {7, 0, 0, 0}))),
                hex(parts.get(0).get("linkinfo")));
        assertEquals(hex(linked("kind", "frobnicator", "data", new byte[] {1, 2, 3, 4})),
                hex(parts.get(1).get("linkinfo")), "kept as bytes");
        assertEquals(Map.of(), done(link.request("newlink", linked("ifname", "br5", "linkinfo",
                linked("kind", "bridge", "data", linked("stp-state", 1))))));
        assertEquals("00000000000000000000000000000000" + "0800" + "0300" + "62723500"
                        + "1c00" + "1280" + "0b00" + "0100" + "62726964676500" + "00" + "0c00" + "0200"
                        + "0800" + "0500" + "01000000",
                ByteBufUtil.hexDump(kernel.lastRequest().content()), "ifname, linkinfo {kind, data {stp-state}}");
        assertTrue(link.request("newlink", linked("linkinfo", linked("data", linked("stp-state", 1)))).cause()
                .getMessage().contains("sub-message linkinfo.data needs its selector kind set to one of [bond, "));
    }

    @Test
    void rtnetlinkTakesAnAttributeOfTheSetOutsideTheSpecsRequestList() {
        YnlFamily link = open("rt-link", (req, reply) -> { });
        link.request("newlink", Map.of("ifname", "v0", "master", 7));
        assertEquals(1, kernel.requests().size(), "IFLA_MASTER goes with RTM_NEWLINK, as ip link add ... master does");
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsSent() {
        YnlFamily link = open("rt-link", (req, reply) -> { });
        assertTrue(link.request("getlnk", Map.of()).cause().getMessage().startsWith(
                "rt-link has no operation \"getlnk\"; it has newlink, dellink, getlink"));
        assertTrue(link.dump("getlink", Map.of("mtux", 1)).cause().getMessage().startsWith(
                "rt-link getlink: no attribute \"mtux\" in attribute set link-attrs; the dump request takes "));
        assertTrue(link.subscribe("rtnlgrp-lnk", n -> { }).cause().getMessage()
                .endsWith("it has rtnlgrp-link, rtnlgrp-stats"));
        assertEquals(0, kernel.requests().size(), "nothing was sent");
        assertThrows(IllegalArgumentException.class, () -> Ynl.on(NetlinkSocket.on(new EmbeddedChannel(), 0),
                YnlSpec.bundled("netdev")));
    }

    @Test
    void notificationsAreDecodedByTheirMessageType() {
        YnlFamily link = open("rt-link", (req, reply) -> { });
        List<YnlNotification> seen = new ArrayList<>();
        Future<Void> joined = link.subscribe("rtnlgrp-link", seen::add);
        assertInstanceOf(IllegalStateException.class, joined.cause(), "no membership on an EmbeddedChannel");
        ((RawYnlFamily) link).listen(1, seen::add);
        kernel.notify(1, RTM_NEWLINK, payload(IFINFOMSG_3, w -> w.putString(3, "br0")));
        kernel.notify(1, RTM_DELLINK, payload(IFINFOMSG_3, w -> w.putString(3, "br0")));
        kernel.notify(1, 99, payload(new byte[0], w -> w.putU32(1, 4))); // a type the spec does not know
        kernel.notify(36, 92, payload(new byte[12], w -> { })); // rtnlgrp-stats: nobody listens
        ch.runPendingTasks();
        assertEquals(3, seen.size());
        assertEquals(Optional.of("newlink-ntf"), seen.get(0).operation(), "the spec's notification of getlink");
        assertEquals(RTM_NEWLINK, seen.get(0).cmd());
        assertEquals(Optional.of("rtnlgrp-link"), seen.get(0).group());
        assertEquals("br0", seen.get(0).attributes().get("ifname"));
        assertEquals(3, seen.get(0).attributes().get("ifi-index"));
        assertEquals(Optional.of("dellink"), seen.get(1).operation());
        assertEquals("br0", seen.get(1).attributes().get("ifname"));
        assertEquals(Optional.empty(), seen.get(2).operation());
        assertEquals(hex(Map.of("1", new byte[] {4, 0, 0, 0})), hex(seen.get(2).attributes()));
        link.close();
        assertTrue(ch.isOpen(), "a family on a shared socket leaves it open");
    }
}
