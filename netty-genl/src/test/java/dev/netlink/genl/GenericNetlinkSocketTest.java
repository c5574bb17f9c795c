package dev.netlink.genl;

import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.client.NetlinkSocket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Family sockets on an EmbeddedChannel: no kernel, the bytes are checked by hand. */
class GenericNetlinkSocketTest {
    static final Family WITH_HEADER = new Family(0x20, "hdr-family", 3, 6, 4, List.of(new Command(1, 0x0e)),
            List.of(new MulticastGroup("events", 9)));
    static final Family PLAIN = new Family(0x21, "plain", 1, 0, 2, List.of(), List.of());

    private EmbeddedChannel ch;
    private NetlinkSocket socket;

    @BeforeEach
    void setUp() {
        ch = new EmbeddedChannel();
        socket = NetlinkSocket.on(ch, 0, new GenlNotificationRouter(16));
    }

    @AfterEach
    void tearDown() {
        ch.finishAndReleaseAll();
    }

    private static ByteBuf reply(int family, int seq, int flags, int cmd, byte[] header, int attrType, int value) {
        ByteBuf b = Unpooled.buffer();
        int hdr = header.length;
        int len = 16 + 4 + NetlinkMessage.align(hdr) + 8;
        b.writeIntLE(len).writeShortLE(family).writeShortLE(flags).writeIntLE(seq).writeIntLE(0);
        b.writeByte(cmd).writeByte(1).writeShort(0);
        b.writeBytes(header).writeZero(NetlinkMessage.align(hdr) - hdr);
        b.writeShortLE(8).writeShortLE(attrType).writeIntLE(value);
        return b;
    }

    private static ByteBuf ack(int seq) {
        ByteBuf b = Unpooled.buffer();
        b.writeIntLE(36).writeShortLE(2).writeShortLE(NetlinkFlags.NLM_F_CAPPED).writeIntLE(seq).writeIntLE(0);
        b.writeIntLE(0).writeIntLE(16).writeShortLE(0x20).writeShortLE(5).writeIntLE(seq).writeIntLE(0);
        return b;
    }

    @Test
    void aHeaderOfTheWrongSizeIsRefusedBeforeAnythingIsSent() {
        GenericNetlinkSocket s = new GenericNetlinkSocket(socket, WITH_HEADER);
        ByteBuf shortHeader = Unpooled.wrappedBuffer(new byte[4]);
        Future<List<GenericNetlinkMessage>> f = s.request(1, w -> w.putU32(1, 7), 0, shortHeader);
        IllegalArgumentException e = assertInstanceOf(IllegalArgumentException.class, f.cause());
        assertEquals("family hdr-family has a 6-byte header, but the request carries 4 bytes", e.getMessage());
        assertNull(ch.readOutbound(), "nothing was sent");
        assertEquals(0, shortHeader.refCnt(), "the refused header is released");

        Future<List<GenericNetlinkMessage>> none = s.request(1, w -> { }, 0, null);
        assertInstanceOf(IllegalArgumentException.class, none.cause());
    }

    @Test
    void requestBytesAndDecodedReply() {
        GenericNetlinkSocket s = new GenericNetlinkSocket(socket, WITH_HEADER);
        byte[] header = {1, 2, 3, 4, 5, 6};
        Future<List<GenericNetlinkMessage>> f = s.request(1, w -> w.putU32(5, 0x01020304), 0,
                Unpooled.wrappedBuffer(header));
        ByteBuf out = ch.readOutbound();
        assertEquals("24000000" + "2000" + "0500" + "01000000" + "00000000" // nlmsghdr: len 36, family, REQUEST|ACK
                + "01030000" // genlmsghdr: cmd 1, version 3
                + "010203040506" + "0000" // family header padded to 8
                + "08000500" + "04030201", ByteBufUtil.hexDump(out));
        out.release();

        ch.writeInbound(reply(0x20, 1, 0, 2, new byte[] {9, 9, 9, 9, 9, 9}, 5, 42));
        ch.writeInbound(ack(1));
        List<GenericNetlinkMessage> replies = f.getNow();
        assertEquals(1, replies.size());
        GenericNetlinkMessage m = replies.get(0);
        assertEquals(0x20, m.family());
        assertEquals(2, m.cmd());
        assertEquals(1, m.version());
        assertEquals("090909090909", ByteBufUtil.hexDump(m.header()));
        AttributeReader a = m.attributeReader();
        assertTrue(a.find(5));
        assertEquals(42, a.u32());
        m.release();
    }

    @Test
    void eachFamilySocketReceivesOnlyItsOwnNotifications() {
        GenericNetlinkSocket a = new GenericNetlinkSocket(socket, WITH_HEADER);
        GenericNetlinkSocket b = new GenericNetlinkSocket(socket, PLAIN);
        Future<GenericNetlinkMessage> forB = b.receive();
        Future<GenericNetlinkMessage> forA = a.receive();
        ch.writeInbound(reply(0x21, 0, 0, 7, new byte[0], 1, 11));
        assertTrue(forB.isSuccess());
        assertFalse(forA.isDone(), "family 0x20's socket does not see family 0x21's message");
        ch.writeInbound(reply(0x20, 0, 0, 8, new byte[6], 1, 12));
        assertTrue(forA.isSuccess());
        assertEquals(7, forB.getNow().cmd());
        assertEquals(8, forA.getNow().cmd());
        forA.getNow().release();
        forB.getNow().release();

        ch.writeInbound(reply(0x30, 0, 0, 1, new byte[0], 1, 13));
        Future<NetlinkMessage> other = socket.receive();
        assertEquals(0x30, other.getNow().type(), "an unrouted family still reaches the socket's receive()");
        other.getNow().release();
    }

    @Test
    void membershipByGroupNameListsTheKnownNames() {
        GenericNetlinkSocket a = new GenericNetlinkSocket(socket, WITH_HEADER);
        Future<Void> f = a.addMembership("nope");
        assertEquals("family hdr-family has no multicast group \"nope\"; it has [events]", f.cause().getMessage());
    }

    @Test
    void genlCodecRoundTrip() {
        EmbeddedChannel c = new EmbeddedChannel(new GenlCodec());
        ((GenlCodec) c.pipeline().first()).registerFamily(0x20, 6);
        ByteBuf content = Unpooled.buffer().writeBytes(new byte[] {1, 2, 3, 4, 5, 6, 0, 0, 8, 0, 1, 0, 7, 0, 0, 0});
        c.writeOutbound(new GenericNetlinkMessage(0x20, NetlinkFlags.NLM_F_REQUEST, 4, 2, 6, content));
        NetlinkMessage nl = c.readOutbound();
        assertEquals(0x20, nl.type());
        assertEquals("04020000" + "010203040506" + "0000" + "08000100" + "07000000",
                ByteBufUtil.hexDump(nl.content()));
        c.writeInbound(nl);
        GenericNetlinkMessage back = c.readInbound();
        assertEquals(4, back.cmd());
        assertEquals(2, back.version());
        assertEquals("010203040506", ByteBufUtil.hexDump(back.header()));
        AttributeReader a = back.attributeReader();
        assertTrue(a.find(1));
        assertEquals(7, a.u32());
        back.release();
        assertFalse(c.finish());
    }

    @Test
    void aTruncatedGenlMessageIsMalformed() {
        ByteBuf b = Unpooled.buffer();
        b.writeIntLE(18).writeShortLE(0x20).writeShortLE(0).writeIntLE(0).writeIntLE(0).writeShort(0);
        EmbeddedChannel c = new EmbeddedChannel(new dev.netlink.codec.NetlinkMessageDecoder(), new GenlCodec());
        assertInstanceOf(dev.netlink.codec.MalformedNetlinkException.class,
                org.junit.jupiter.api.Assertions.assertThrows(io.netty.handler.codec.DecoderException.class,
                        () -> c.writeInbound(b)));
        assertFalse(c.finish());
    }
}
