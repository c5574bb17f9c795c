package dev.netlink.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetlinkMessageDecoderTest {
    /** Writes a struct nlmsghdr (host order, little endian here) with {@code payload} and padding. */
    static void writeMessage(ByteBuf buf, int len, int type, int flags, int seq, int pid, byte[] payload,
                             boolean pad) {
        buf.writeIntLE(len).writeShortLE(type).writeShortLE(flags).writeIntLE(seq).writeIntLE(pid);
        buf.writeBytes(payload);
        if (pad) {
            buf.writeZero(NetlinkMessage.align(payload.length) - payload.length);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void decodesEveryMessageOfADatagramWithItsHeaderFields() {
        EmbeddedChannel ch = new EmbeddedChannel(new NetlinkMessageDecoder());
        ByteBuf dgram = Unpooled.buffer();
        writeMessage(dgram, 16 + 5, 0x1234, 0x0302, 0xfffffffe, 0x80000001, bytes("hello"), true);
        writeMessage(dgram, 16 + 8, 0xffff, 0xffff, 7, 0, bytes("12345678"), true);
        writeMessage(dgram, 16, NetlinkMessageType.NLMSG_DONE, NetlinkFlags.NLM_F_MULTI, 7, 0, new byte[0], true);
        assertTrue(ch.writeInbound(new NetlinkDatagram(dgram, NetlinkAddress.ofPort(99), NetlinkAddress.KERNEL, 0)));

        NetlinkMessage a = ch.readInbound();
        NetlinkMessage b = ch.readInbound();
        NetlinkMessage c = ch.readInbound();
        try {
            assertEquals(0x1234, a.type());
            assertEquals(0x0302, a.flags());
            assertEquals(0xfffffffe, a.sequence());
            assertEquals(0x80000001, a.portId());
            assertEquals("hello", a.content().toString(StandardCharsets.US_ASCII));
            assertEquals(21, a.length());
            assertEquals(NetlinkAddress.KERNEL, a.sender());
            assertEquals(0xffff, b.type());
            assertEquals(0xffff, b.flags());
            assertEquals("12345678", b.content().toString(StandardCharsets.US_ASCII));
            assertEquals(NetlinkMessageType.NLMSG_DONE, c.type());
            assertEquals(0, c.content().readableBytes());
            assertNull(ch.readInbound());
        } finally {
            a.release();
            b.release();
            c.release();
        }
        assertEquals(0, dgram.refCnt(), "the datagram is released once its messages are");
        assertFalse(ch.finish());
    }

    @Test
    void acceptsAnUnpaddedLastMessage() {
        EmbeddedChannel ch = new EmbeddedChannel(new NetlinkMessageDecoder());
        ByteBuf dgram = Unpooled.buffer();
        writeMessage(dgram, 16 + 3, 0x20, 0, 1, 0, bytes("abc"), true);
        writeMessage(dgram, 16 + 1, 0x21, 0, 2, 0, bytes("z"), false);
        assertEquals(16 + 4 + 17, dgram.readableBytes());
        ch.writeInbound(dgram);
        NetlinkMessage a = ch.readInbound();
        NetlinkMessage b = ch.readInbound();
        assertEquals("abc", a.content().toString(StandardCharsets.US_ASCII));
        assertEquals("z", b.content().toString(StandardCharsets.US_ASCII));
        assertNull(b.sender(), "a bare ByteBuf has no sender");
        a.release();
        b.release();
        assertFalse(ch.finish());
    }

    @Test
    void payloadSharesTheDatagramsMemory() {
        ByteBuf dgram = Unpooled.directBuffer(64);
        writeMessage(dgram, 16 + 4, 0x20, 0, 1, 0, bytes("ABCD"), true);
        List<Object> out = new ArrayList<>();
        NetlinkMessageDecoder.decode(dgram, null, 0, out);
        NetlinkMessage m = (NetlinkMessage) out.get(0);
        try {
            assertEquals(dgram.memoryAddress() + 16, m.content().memoryAddress());
            dgram.setByte(16, 'Z');
            assertEquals('Z', m.content().getByte(0), "a write to the datagram shows through the payload");
            assertEquals(2, dgram.refCnt(), "the slice holds its own reference");
        } finally {
            m.release();
            dgram.release();
        }
        assertEquals(0, dgram.refCnt());
    }

    @Test
    void carriesSenderAndGroupOfTheDatagram() {
        EmbeddedChannel ch = new EmbeddedChannel(new NetlinkMessageDecoder());
        ByteBuf dgram = Unpooled.buffer();
        writeMessage(dgram, 16 + 4, 16, 0, 0, 0, bytes("link"), true);
        ch.writeInbound(new NetlinkDatagram(dgram, NetlinkAddress.ofPort(5), new NetlinkAddress(0, 1), 0));
        NetlinkMessage m = ch.readInbound();
        assertEquals(1, m.group(), "group 1 from the sender's nl_groups bit");
        m.release();

        ByteBuf dgram2 = Unpooled.buffer();
        writeMessage(dgram2, 16, 16, 0, 0, 0, new byte[0], true);
        ch.writeInbound(new NetlinkDatagram(dgram2, NetlinkAddress.ofPort(5), NetlinkAddress.KERNEL, 40));
        NetlinkMessage m2 = ch.readInbound();
        assertEquals(40, m2.group(), "group 40 from NETLINK_PKTINFO");
        m2.release();
        assertFalse(ch.finish());
    }

    @Test
    void decodesRealKernelDatagrams() {
        EmbeddedChannel ch = new EmbeddedChannel(new NetlinkMessageDecoder());
        ch.writeInbound(KernelCaptures.datagram("getfamily-dump.0"));
        int families = 0;
        NetlinkMessage m;
        NetlinkMessage last = null;
        while ((m = ch.readInbound()) != null) {
            if (last != null) {
                last.release();
            }
            if (m.type() == 0x10) {
                families++;
                assertTrue(m.hasFlags(NetlinkFlags.NLM_F_MULTI));
                assertEquals(4, m.sequence());
            }
            last = m;
        }
        assertEquals(NetlinkMessageType.NLMSG_DONE, last.type());
        last.release();
        assertTrue(families > 5, "the dump lists the kernel's genl families, got " + families);
        assertFalse(ch.finish());
    }

    private static MalformedNetlinkException decodeFails(ByteBuf dgram) {
        EmbeddedChannel ch = new EmbeddedChannel(new NetlinkMessageDecoder());
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(dgram));
        assertEquals(0, dgram.refCnt(), "a malformed datagram is released");
        assertNull(ch.readInbound(), "a malformed datagram yields no message");
        // The channel stays usable: the next datagram decodes.
        ByteBuf good = Unpooled.buffer();
        writeMessage(good, 16, NetlinkMessageType.NLMSG_NOOP, 0, 9, 0, new byte[0], true);
        ch.writeInbound(good);
        NetlinkMessage m = ch.readInbound();
        assertEquals(9, m.sequence());
        m.release();
        assertTrue(ch.isOpen());
        assertFalse(ch.finish());
        return assertInstanceOf(MalformedNetlinkException.class, e);
    }

    @Test
    void rejectsADatagramShorterThanAHeader() {
        MalformedNetlinkException e = decodeFails(Unpooled.wrappedBuffer(new byte[10]));
        assertEquals(0, e.offset());
        assertTrue(e.getMessage().contains("10 bytes"), e.getMessage());
    }

    @Test
    void rejectsALengthBelowTheHeader() {
        ByteBuf dgram = Unpooled.buffer();
        writeMessage(dgram, 16, 0x20, 0, 1, 0, new byte[0], true);
        writeMessage(dgram, 12, 0x21, 0, 2, 0, new byte[4], true);
        MalformedNetlinkException e = decodeFails(dgram);
        assertEquals(16, e.offset());
        assertTrue(e.getMessage().contains("nlmsg_len 12"), e.getMessage());
    }

    @Test
    void rejectsALengthPastTheDatagram() {
        ByteBuf dgram = Unpooled.buffer();
        writeMessage(dgram, 16 + 100, 0x20, 0, 1, 0, new byte[8], true);
        MalformedNetlinkException e = decodeFails(dgram);
        assertEquals(0, e.offset());
        assertTrue(e.getMessage().contains("nlmsg_len 116 overruns"), e.getMessage());
    }

    @Test
    void rejectsAHugeUnsignedLength() {
        ByteBuf dgram = Unpooled.buffer();
        writeMessage(dgram, 0xfffffff0, 0x20, 0, 1, 0, new byte[8], true);
        MalformedNetlinkException e = decodeFails(dgram);
        assertTrue(e.getMessage().contains("nlmsg_len 4294967280"), e.getMessage());
    }

    @Test
    void rejectsAMisalignedTail() {
        ByteBuf dgram = Unpooled.buffer();
        writeMessage(dgram, 16 + 4, 0x20, 0, 1, 0, new byte[4], true);
        dgram.writeZero(6);
        MalformedNetlinkException e = decodeFails(dgram);
        assertEquals(20, e.offset());
        assertTrue(e.getMessage().contains("6 trailing bytes"), e.getMessage());
    }

    @Test
    void rejectsAMessageWhosePaddingSwallowsTheNextHeader() {
        // A 17-byte message aligns to 20; the next "message" then starts misaligned and is cut short.
        ByteBuf dgram = Unpooled.buffer();
        writeMessage(dgram, 17, 0x20, 0, 1, 0, new byte[1], false);
        dgram.writeZero(16);
        MalformedNetlinkException e = decodeFails(dgram);
        assertEquals(20, e.offset());
    }

    @Test
    void ignoresOtherMessageTypes() {
        EmbeddedChannel ch = new EmbeddedChannel(new NetlinkMessageDecoder());
        ch.writeInbound("not netlink");
        assertEquals("not netlink", ch.readInbound());
        assertFalse(ch.finish());
    }
}
