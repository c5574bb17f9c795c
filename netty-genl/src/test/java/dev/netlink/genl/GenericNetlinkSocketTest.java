package dev.netlink.genl;

import dev.netlink.client.NetlinkReplies;
import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.Errno;
import dev.netlink.codec.MalformedNetlinkException;
import dev.netlink.codec.NetlinkException;
import dev.netlink.codec.NetlinkExtendedAck;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.attr.AttributeReader;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Family sockets against the core fake kernel: the requests' bytes, the decoded answers, notifications by family. */
class GenericNetlinkSocketTest {
    static final Family WITH_HEADER = new Family(0x20, "hdr-family", 3, 6, 4, List.of(new Command(1, 0x0e)),
            List.of(new MulticastGroup("events", 9)));
    static final Family PLAIN = new Family(0x21, "plain", 1, 0, 2, List.of(), List.of());

    private FakeKernel kernel;
    private EmbeddedChannel ch;
    private NetlinkSocket socket;

    private void start(FakeKernel.Responder responder) {
        kernel = new FakeKernel(responder);
        ch = FakeKernel.newChannel(kernel);
        socket = NetlinkSocket.on(ch, 0, new GenlNotificationRouter(16));
    }

    @AfterEach
    void tearDown() {
        if (ch != null) {
            ch.finishAndReleaseAll();
        }
    }

    /** A genl payload: genlmsghdr, the family header padded to 4, one u32 attribute. */
    private static ByteBuf genl(int cmd, byte[] header, int attrType, int value) {
        ByteBuf b = Unpooled.buffer();
        GenericNetlinkMessage.writeHeader(b, cmd, 1);
        b.writeBytes(header).writeZero(NetlinkMessage.align(header.length) - header.length);
        new dev.netlink.codec.attr.AttributeWriter(b).putU32(attrType, value);
        return b;
    }

    @Test
    void aHeaderOfTheWrongSizeIsRefusedBeforeAnythingIsSent() {
        start((req, reply) -> { });
        GenericNetlinkSocket s = new GenericNetlinkSocket(socket, WITH_HEADER);
        ByteBuf shortHeader = Unpooled.wrappedBuffer(new byte[4]);
        Future<NetlinkReplies<GenericNetlinkMessage>> f = s.request(1, w -> w.putU32(1, 7), 0, shortHeader);
        IllegalArgumentException e = assertInstanceOf(IllegalArgumentException.class, f.cause());
        assertEquals("family hdr-family has a 6-byte header, but the request carries 4 bytes", e.getMessage());
        assertTrue(kernel.requests().isEmpty(), "nothing was sent");
        assertEquals(0, shortHeader.refCnt(), "the refused header is released");
        assertInstanceOf(IllegalArgumentException.class, s.request(1, w -> { }, 0, null).cause());
    }

    @Test
    void theRequestsBytesAndTheDecodedReply() {
        start((req, reply) -> reply.message(0x20, genl(2, new byte[] {9, 9, 9, 9, 9, 9}, 5, 42)));
        GenericNetlinkSocket s = new GenericNetlinkSocket(socket, WITH_HEADER);
        Future<NetlinkReplies<GenericNetlinkMessage>> f = s.request(1, w -> w.putU32(5, 0x01020304), 0,
                Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5, 6}));
        NetlinkMessage sent = kernel.lastRequest();
        assertEquals(0x20, sent.type());
        assertEquals(NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK, sent.flags());
        assertEquals("01030000" // genlmsghdr: cmd 1, version 3
                + "010203040506" + "0000" // the family header, padded to 8
                + ByteBufUtil.hexDump(genl(0, new byte[0], 5, 0x01020304), 4, 8), ByteBufUtil.hexDump(sent.content()));
        try (NetlinkReplies<GenericNetlinkMessage> replies = f.getNow()) {
            assertEquals(1, replies.size());
            GenericNetlinkMessage m = replies.get(0);
            assertEquals(0x20, m.family());
            assertEquals(2, m.cmd());
            assertEquals(1, m.version());
            assertEquals(6, m.hdrsize());
            assertEquals("090909090909", ByteBufUtil.hexDump(m.header()));
            AttributeReader a = m.attributes();
            assertTrue(a.find(5));
            assertEquals(42, a.u32());
        }
    }

    @Test
    void aStreamedDumpHandsOverGenericMessages() {
        start((req, reply) -> {
            for (int i = 0; i < 3; i++) {
                reply.message(0x21, genl(7, new byte[0], 1, i));
            }
        });
        GenericNetlinkSocket s = new GenericNetlinkSocket(socket, PLAIN);
        List<Integer> seen = new ArrayList<>();
        Future<Void> done = s.dump(7, null, null, m -> {
            AttributeReader a = m.attributes();
            assertTrue(a.find(1));
            seen.add(a.u32());
        });
        assertTrue(done.isSuccess());
        assertEquals(List.of(0, 1, 2), seen);
        assertTrue(kernel.lastRequest().hasFlags(NetlinkFlags.NLM_F_DUMP));
    }

    @Test
    void aPlainSocketSendsAMapTypedByItsJavaValues() {
        start((req, reply) -> { });
        GenericNetlinkSocket s = new GenericNetlinkSocket(socket, PLAIN);
        assertTrue(s.request(3, Map.of(2, "nlctrl"), 0, null).isSuccess());
        AttributeReader a = kernel.lastRequest().attributes(GenericNetlinkMessage.GENL_HDRLEN);
        assertTrue(a.find(2));
        assertEquals("nlctrl", a.string());
        Future<NetlinkReplies<GenericNetlinkMessage>> bad = s.request(3, Map.of(2, 1.5), 0, null);
        IllegalArgumentException e = assertInstanceOf(IllegalArgumentException.class, bad.cause());
        assertTrue(e.getMessage().startsWith("attribute 2: java.lang.Double has no wire type"), e.getMessage());
        assertEquals(1, kernel.requests().size(), "the refused one was not sent");
    }

    @Test
    void aSchemaNamesTheAttributeAnErrorPointsAt() {
        // GETFAMILY with a name nlctrl refuses: the offset is nlmsghdr 16 + genlmsghdr 4 = 20, CTRL_ATTR_FAMILY_NAME
        start((req, reply) -> reply.error(Errno.EINVAL, w -> {
            w.putString(NetlinkExtendedAck.NLMSGERR_ATTR_MSG, "bad name");
            w.putU32(NetlinkExtendedAck.NLMSGERR_ATTR_OFFS, 20);
        }));
        GenericNetlinkController ctrl = new GenericNetlinkController(socket, GenericNetlinkController.BOOTSTRAP);
        Future<Family> f = ctrl.getFamilyByName("x".repeat(20));
        NetlinkException e = assertInstanceOf(NetlinkException.class, f.cause());
        assertEquals("CTRL_ATTR_FAMILY_NAME", e.attributePath());
        assertTrue(e.getMessage().contains("\"bad name\" at CTRL_ATTR_FAMILY_NAME (offset 20)"), e.getMessage());
    }

    @Test
    void eachFamilySocketReceivesOnlyItsOwnNotifications() {
        start((req, reply) -> { });
        GenericNetlinkSocket a = new GenericNetlinkSocket(socket, WITH_HEADER);
        GenericNetlinkSocket b = new GenericNetlinkSocket(socket, PLAIN);
        Future<GenericNetlinkMessage> forB = b.receive();
        Future<GenericNetlinkMessage> forA = a.receive();
        kernel.notify(9, 0x21, genl(7, new byte[0], 1, 11));
        assertTrue(forB.isSuccess());
        assertFalse(forA.isDone(), "family 0x20's socket does not see family 0x21's message");
        kernel.notify(9, 0x20, genl(8, new byte[6], 1, 12));
        assertTrue(forA.isSuccess());
        assertEquals(7, forB.getNow().cmd());
        assertEquals(8, forA.getNow().cmd());
        forA.getNow().release();
        forB.getNow().release();

        kernel.notify(9, 0x30, genl(1, new byte[0], 1, 13));
        Future<NetlinkMessage> other = socket.receive();
        assertEquals(0x30, other.getNow().type(), "an unrouted family still reaches the socket's receive()");
        other.getNow().release();
    }

    @Test
    void pushedNotificationsStartWithTheQueuedOnesAndAClosedFamilySocketStopsRouting() {
        start((req, reply) -> { });
        GenericNetlinkSocket s = new GenericNetlinkSocket(socket, PLAIN);
        kernel.notify(9, 0x21, genl(1, new byte[0], 1, 1));
        List<Integer> cmds = new ArrayList<>();
        s.onNotification(m -> cmds.add(m.cmd()));
        kernel.notify(9, 0x21, genl(2, new byte[0], 1, 2));
        assertEquals(List.of(1, 2), cmds);
        s.close();
        kernel.notify(9, 0x21, genl(3, new byte[0], 1, 3));
        assertEquals(List.of(1, 2), cmds);
        Future<NetlinkMessage> raw = socket.receive();
        assertEquals(0x21, raw.getNow().type(), "after close the family's messages go on to the socket");
        raw.getNow().release();
    }

    @Test
    void aFullFamilyQueueDropsAndCountsAndTheNextReceiveSaysSo() {
        start((req, reply) -> { });
        GenericNetlinkSocket s = new GenericNetlinkSocket(socket, PLAIN);
        for (int i = 0; i < 20; i++) {
            kernel.notify(9, 0x21, genl(1, new byte[0], 1, i));
        }
        assertEquals(4, socket.stats().droppedNotifications(), "the queue holds 16");
        assertTrue(socket.noop().isSuccess(), "replies are not held up");
        Future<GenericNetlinkMessage> next = s.receive();
        assertInstanceOf(dev.netlink.client.NetlinkOverrunException.class, next.cause());
        assertTrue(next.cause().getMessage().contains("plain receive() was full (16 unread)"),
                next.cause().getMessage());
        for (int i = 0; i < 16; i++) {
            s.receive().getNow().release();
        }
    }

    @Test
    void membershipByGroupNameListsTheKnownNames() {
        start((req, reply) -> { });
        GenericNetlinkSocket a = new GenericNetlinkSocket(socket, WITH_HEADER);
        Future<Void> f = a.addMembership("nope");
        assertEquals("family hdr-family has no multicast group \"nope\"; it has [events]", f.cause().getMessage());
    }

    @Test
    void aGenericMessageIsANetlinkMessageThatSharesItsPayload() {
        ByteBuf payload = genl(4, new byte[] {1, 2, 3, 4, 5, 6}, 1, 7);
        NetlinkMessage nl = new DefaultNetlinkMessage(0x20, NetlinkFlags.NLM_F_MULTI, 3, 9, payload);
        GenericNetlinkMessage g = GenericNetlinkMessage.of(nl, 6);
        assertSame(payload, g.content(), "no copy: the payload is taken over");
        assertEquals(3, g.sequence());
        assertEquals(4, g.cmd());
        assertEquals("010203040506", ByteBufUtil.hexDump(g.header()));
        assertSame(g, GenericNetlinkMessage.of(g, 6));
        assertTrue(g.toString().startsWith("GenericNetlinkMessage(family 0x20, cmd 4, version 1"), g.toString());
        g.release();
        assertEquals(0, payload.refCnt());
    }

    @Test
    void aTruncatedGenericMessageIsMalformed() {
        NetlinkMessage nl = new DefaultNetlinkMessage(0x20, 0, 0, 0, Unpooled.buffer(2).writeShort(0));
        MalformedNetlinkException e = assertThrows(MalformedNetlinkException.class,
                () -> GenericNetlinkMessage.of(nl, 6));
        assertTrue(e.getMessage().contains("needs 10 for genlmsghdr and a 6-byte family header"), e.getMessage());
        nl.release();
    }
}
