package dev.netlink.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetlinkErrorMessageTest {
    private static List<NetlinkMessage> decode(ByteBuf datagram) {
        EmbeddedChannel ch = new EmbeddedChannel(new NetlinkMessageDecoder());
        ch.writeInbound(datagram);
        List<NetlinkMessage> out = new ArrayList<>();
        for (NetlinkMessage m; (m = ch.readInbound()) != null; ) {
            out.add(m);
        }
        assertFalse(ch.finish());
        return out;
    }

    private static NetlinkErrorMessage parseOnly(ByteBuf datagram) {
        List<NetlinkMessage> msgs = decode(datagram);
        assertEquals(1, msgs.size());
        try {
            return NetlinkErrorMessage.parse(msgs.get(0));
        } finally {
            msgs.get(0).release();
        }
    }

    @Test
    void kernelAckOfAGetFamilyRequest() {
        List<NetlinkMessage> reply = decode(KernelCaptures.datagram("getfamily-nlctrl-ack.0"));
        assertEquals(0x10, reply.get(0).type());
        reply.forEach(NetlinkMessage::release);
        NetlinkErrorMessage ack = parseOnly(KernelCaptures.datagram("getfamily-nlctrl-ack.1"));
        assertTrue(ack.isSuccess());
        assertEquals(0, ack.errno());
        assertEquals(0x10, ack.requestType());
        assertEquals(NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK, ack.requestFlags());
        assertEquals(1, ack.requestSequence());
        assertFalse(ack.extendedAck().isPresent());
        assertEquals("NLMSG_ERROR(OK, request 0x10 seq 1)", ack.toString());
    }

    @Test
    void theErrorFieldIsReadInPlaceAsParsingReadsIt() {
        for (String capture : new String[] {"getfamily-unknown.0", "getfamily-nlctrl-ack.1"}) {
            List<NetlinkMessage> msgs = decode(KernelCaptures.datagram(capture));
            NetlinkMessage m = msgs.get(0);
            assertEquals(NetlinkErrorMessage.parse(m).error(), NetlinkErrorMessage.error(m), capture);
            msgs.forEach(NetlinkMessage::release);
        }
        NetlinkMessage empty = new DefaultNetlinkMessage(NetlinkMessageType.NLMSG_DONE, 0, 1, 0,
                io.netty.buffer.Unpooled.EMPTY_BUFFER);
        assertEquals(0, NetlinkErrorMessage.error(empty), "an empty NLMSG_DONE ends a dump well");
    }

    @Test
    void kernelErrorWithoutTlvs() {
        NetlinkErrorMessage err = parseOnly(KernelCaptures.datagram("getfamily-unknown.0"));
        assertEquals(Errno.ENOENT, err.errno());
        assertEquals(-2, err.error());
        assertEquals(2, err.requestSequence());
        NetlinkException e = err.toException();
        assertEquals("ENOENT", e.errnoName());
        assertNull(e.extendedAck().message());
        assertEquals(-1, e.extendedAck().offset());
        assertEquals("ENOENT (No such file or directory) [request 0x10 seq 2]", e.getMessage());
    }

    @Test
    void kernelPolicyViolationWithMessageOffsetAndPolicy() {
        NetlinkErrorMessage err = parseOnly(KernelCaptures.datagram("getfamily-policy-violation.0"));
        assertEquals(Errno.EINVAL, err.errno());
        NetlinkExtendedAck ack = err.extendedAck();
        assertEquals("Attribute failed policy validation", ack.message());
        assertEquals(20, ack.offset(), "the name attribute follows nlmsghdr (16) and genlmsghdr (4)");
        assertNotNull(ack.policy());
        NetlinkException e = err.toException().withAttributePath("CTRL_ATTR_FAMILY_NAME");
        assertTrue(e.getMessage().startsWith("EINVAL (Invalid argument): \"Attribute failed policy validation\""
                + " at CTRL_ATTR_FAMILY_NAME (offset 20)"), e.getMessage());
        assertTrue(e.getMessage().endsWith("[request 0x10 seq 3]"), e.getMessage());
        assertEquals("CTRL_ATTR_FAMILY_NAME", e.attributePath());
    }

    @Test
    void cappedErrorEchoesOnlyTheHeader() {
        NetlinkErrorMessage err = parseOnly(KernelCaptures.datagram("getfamily-policy-violation-capped.0"));
        assertEquals(Errno.EINVAL, err.errno());
        assertEquals(68, err.requestLength(), "the original length is echoed even when the payload is not");
        assertEquals("Attribute failed policy validation", err.extendedAck().message());
        assertEquals(20, err.extendedAck().offset());
    }

    @Test
    void strictCheckRejectionFromRtnetlink() {
        NetlinkErrorMessage err = parseOnly(KernelCaptures.datagram("getlink-strict-bad-header.0"));
        assertEquals(Errno.EINVAL, err.errno());
        assertEquals(18, err.requestType());
        assertNotNull(err.extendedAck().message());
    }

    /** Builds an NLMSG_ERROR carrying every extended-ack TLV. */
    private static ByteBuf errorWithEveryTlv(boolean capped) {
        ByteBuf tlvs = Unpooled.buffer();
        new dev.netlink.codec.attr.AttributeWriter(tlvs)
                .putString(NetlinkExtendedAck.NLMSGERR_ATTR_MSG, "bad thing")
                .putU32(NetlinkExtendedAck.NLMSGERR_ATTR_OFFS, 24)
                .putBinary(NetlinkExtendedAck.NLMSGERR_ATTR_COOKIE, new byte[] {1, 2, 3})
                .putU32(NetlinkExtendedAck.NLMSGERR_ATTR_MISS_TYPE, 7)
                .putU32(NetlinkExtendedAck.NLMSGERR_ATTR_MISS_NEST, 32)
                .putU32(99, 0); // unknown TLV: skipped
        dev.netlink.codec.attr.AttributeWriter w = new dev.netlink.codec.attr.AttributeWriter(tlvs);
        int nest = w.startNested(NetlinkExtendedAck.NLMSGERR_ATTR_POLICY);
        w.putU32(1, 4); // NL_POLICY_TYPE_ATTR_TYPE = NL_ATTR_TYPE_U32
        w.putU64(4, 1); // NL_POLICY_TYPE_ATTR_MIN_VALUE_U
        w.putU64(5, 10); // NL_POLICY_TYPE_ATTR_MAX_VALUE_U
        w.endNested(nest);

        byte[] requestPayload = new byte[12];
        int echoed = capped ? 16 : 16 + requestPayload.length;
        ByteBuf dgram = Unpooled.buffer();
        int len = 16 + 4 + echoed + tlvs.readableBytes();
        int flags = NetlinkFlags.NLM_F_ACK_TLVS | (capped ? NetlinkFlags.NLM_F_CAPPED : 0);
        dgram.writeIntLE(len).writeShortLE(2).writeShortLE(flags).writeIntLE(42).writeIntLE(777);
        dgram.writeIntLE(-Errno.ERANGE);
        dgram.writeIntLE(16 + requestPayload.length).writeShortLE(0x1c).writeShortLE(5).writeIntLE(42)
                .writeIntLE(0);
        if (!capped) {
            dgram.writeBytes(requestPayload);
        }
        dgram.writeBytes(tlvs);
        tlvs.release();
        return dgram;
    }

    @Test
    void everyExtendedAckTlv() {
        for (boolean capped : new boolean[] {false, true}) {
            NetlinkErrorMessage err = parseOnly(errorWithEveryTlv(capped));
            assertEquals(Errno.ERANGE, err.errno());
            assertEquals(0x1c, err.requestType());
            assertEquals(42, err.requestSequence());
            NetlinkException e = err.toException();
            assertEquals("bad thing", e.extendedAck().message());
            assertEquals(24, e.extendedAck().offset());
            assertArrayEquals(new byte[] {1, 2, 3}, e.extendedAck().cookie());
            assertEquals(7, e.extendedAck().missingType());
            assertEquals(32, e.extendedAck().missingNest());
            assertNotNull(e.extendedAck().policy());
            assertEquals("type=U32 range:[1,10]", e.extendedAck().policy().toString());
            assertTrue(e.getMessage().contains("missing attribute type 7 in the nest at offset 32"), e.getMessage());
            assertTrue(e.getMessage().startsWith("ERANGE (Numerical result out of range): \"bad thing\" at offset 24"),
                    e.getMessage());
        }
    }

    @Test
    void doneWithErrorAndTlvs() {
        ByteBuf dgram = Unpooled.buffer();
        ByteBuf tlvs = Unpooled.buffer();
        new dev.netlink.codec.attr.AttributeWriter(tlvs).putString(NetlinkExtendedAck.NLMSGERR_ATTR_MSG, "dump bad");
        dgram.writeIntLE(16 + 4 + tlvs.readableBytes()).writeShortLE(NetlinkMessageType.NLMSG_DONE)
                .writeShortLE(NetlinkFlags.NLM_F_MULTI | NetlinkFlags.NLM_F_ACK_TLVS).writeIntLE(5).writeIntLE(9);
        dgram.writeIntLE(-Errno.EBUSY).writeBytes(tlvs);
        tlvs.release();
        NetlinkErrorMessage done = parseOnly(dgram);
        assertEquals(NetlinkMessageType.NLMSG_DONE, done.messageType());
        assertEquals(Errno.EBUSY, done.errno());
        assertEquals(5, done.requestSequence());
        assertEquals("dump bad", done.extendedAck().message());
    }

    @Test
    void emptyAndSuccessfulDone() {
        ByteBuf empty = Unpooled.buffer();
        empty.writeIntLE(16).writeShortLE(3).writeShortLE(2).writeIntLE(1).writeIntLE(0);
        assertTrue(parseOnly(empty).isSuccess());
        ByteBuf zero = Unpooled.buffer();
        zero.writeIntLE(20).writeShortLE(3).writeShortLE(2).writeIntLE(1).writeIntLE(0).writeIntLE(0);
        NetlinkErrorMessage done = parseOnly(zero);
        assertTrue(done.isSuccess());
        assertSame(NetlinkExtendedAck.NONE, done.extendedAck());
    }

    @Test
    void truncatedErrorsAreMalformed() {
        ByteBuf shortErr = Unpooled.buffer();
        shortErr.writeIntLE(16 + 8).writeShortLE(2).writeShortLE(0).writeIntLE(1).writeIntLE(0).writeZero(8);
        List<NetlinkMessage> msgs = decode(shortErr);
        assertThrows(MalformedNetlinkException.class, () -> NetlinkErrorMessage.parse(msgs.get(0)));
        msgs.get(0).release();

        // Claims to echo a 200-byte request but carries none of it.
        ByteBuf lying = Unpooled.buffer();
        lying.writeIntLE(16 + 20).writeShortLE(2).writeShortLE(NetlinkFlags.NLM_F_ACK_TLVS).writeIntLE(1)
                .writeIntLE(0).writeIntLE(-22).writeIntLE(200).writeZero(12);
        List<NetlinkMessage> msgs2 = decode(lying);
        MalformedNetlinkException e = assertThrows(MalformedNetlinkException.class,
                () -> NetlinkErrorMessage.parse(msgs2.get(0)));
        assertTrue(e.getMessage().contains("200-byte request"), e.getMessage());
        msgs2.get(0).release();
    }

    @Test
    void refusesOtherTypes() {
        DefaultNetlinkMessage m = new DefaultNetlinkMessage(0x10, 0);
        assertThrows(IllegalArgumentException.class, () -> NetlinkErrorMessage.parse(m));
        assertFalse(NetlinkErrorMessage.isErrorOrDone(m));
        m.release();
    }
}
