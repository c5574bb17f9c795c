package dev.netlink.codec.attr;

import static dev.netlink.codec.attr.Nla.attr;
import static dev.netlink.codec.attr.Nla.be16;
import static dev.netlink.codec.attr.Nla.be32;
import static dev.netlink.codec.attr.Nla.cat;
import static dev.netlink.codec.attr.Nla.header;
import static dev.netlink.codec.attr.Nla.str;
import static dev.netlink.codec.attr.Nla.strz;
import static dev.netlink.codec.attr.Nla.u16;
import static dev.netlink.codec.attr.Nla.u32;
import static dev.netlink.codec.attr.Nla.u64;
import static dev.netlink.codec.attr.Nla.u8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AttributeWriterTest {
    private static final int NESTED = NetlinkAttribute.NLA_F_NESTED;

    /**
     * Writes with {@code body} into a buffer whose memory is first filled with 0xff (so padding must be zeroed),
     * after 3 bytes already there, and checks the bytes written.
     */
    private static void assertWrites(byte[] expected, Consumer<AttributeWriter> body) {
        ByteBuf buf = Unpooled.buffer(256);
        try {
            byte[] garbage = new byte[256];
            Arrays.fill(garbage, (byte) 0xff);
            buf.writeBytes(garbage).writerIndex(3);
            AttributeWriter w = new AttributeWriter(buf);
            assertSame(buf, w.buffer());
            body.accept(w);
            assertEquals(3 + expected.length, buf.writerIndex());
            assertEquals(ByteBufUtil.hexDump(expected), ByteBufUtil.hexDump(buf, 3, expected.length));
            assertEquals((byte) 0xff, buf.getByte(0), "bytes before the writer index are left alone");
        } finally {
            buf.release();
        }
    }

    @Test
    void integersInHostOrderWithZeroPadding() {
        assertWrites(attr(1, u8(0xab)), w -> w.putU8(1, 0xab));
        assertWrites(cat(header(5, 1), u8(0xab), new byte[3]), w -> w.putU8(1, 0xab));
        assertWrites(cat(header(6, 2), u16(0xbeef), new byte[2]), w -> w.putU16(2, 0xbeef));
        assertWrites(cat(header(8, 3), u32(0xdeadbeef)), w -> w.putU32(3, 0xdeadbeef));
        assertWrites(cat(header(12, 4), u64(0x0102030405060708L)), w -> w.putU64(4, 0x0102030405060708L));
        assertWrites(cat(header(5, 5), u8(-2), new byte[3]), w -> w.putS8(5, -2));
        assertWrites(cat(header(6, 6), u16(-3), new byte[2]), w -> w.putS16(6, -3));
        assertWrites(cat(header(8, 7), u32(-4)), w -> w.putS32(7, -4));
        assertWrites(cat(header(12, 8), u64(-5L)), w -> w.putS64(8, -5L));
    }

    @Test
    void networkByteOrderSetsTheFlag() {
        assertWrites(cat(header(6, 1 | NetlinkAttribute.NLA_F_NET_BYTEORDER), be16(0x1234), new byte[2]),
                w -> w.putBe16(1, 0x1234));
        assertWrites(cat(header(8, 2 | NetlinkAttribute.NLA_F_NET_BYTEORDER), be32(0x01020304)),
                w -> w.putBe32(2, 0x01020304));
    }

    @Test
    void bigEndianWithoutTheFlag() {
        assertWrites(cat(header(6, 1), be16(0x1234), new byte[2]), w -> w.putBigEndian16(1, 0x1234));
        assertWrites(cat(header(8, 2), be32(0x01020304)), w -> w.putBigEndian32(2, 0x01020304));
        assertWrites(cat(header(12, 3), new byte[] {1, 2, 3, 4, 5, 6, 7, 8}),
                w -> w.putBigEndian64(3, 0x0102030405060708L));
    }

    @Test
    void variableWidthIntegersTakeFourBytesWhenTheyFit() {
        assertWrites(cat(header(8, 1), u32(-1)), w -> w.putUint(1, 0xffffffffL));
        assertWrites(cat(header(12, 1), u64(0x1_0000_0000L)), w -> w.putUint(1, 0x1_0000_0000L));
        assertWrites(cat(header(12, 1), u64(-1L)), w -> w.putUint(1, -1L));
        assertWrites(cat(header(8, 2), u32(Integer.MIN_VALUE)), w -> w.putSint(2, Integer.MIN_VALUE));
        assertWrites(cat(header(12, 2), u64(Integer.MIN_VALUE - 1L)), w -> w.putSint(2, Integer.MIN_VALUE - 1L));
        assertWrites(cat(header(12, 2), u64(0xffffffffL)), w -> w.putSint(2, 0xffffffffL));
    }

    @Test
    void stringsAreNulTerminatedAndPadded() {
        assertWrites(cat(header(8, 1), strz("abc")), w -> w.putString(1, "abc"));
        assertWrites(cat(header(9, 1), strz("abcd"), new byte[3]), w -> w.putString(1, "abcd"));
        assertWrites(cat(header(5, 1), strz(""), new byte[3]), w -> w.putString(1, ""));
        assertWrites(cat(header(12, 1), strz("größe")), w -> w.putString(1, "größe"));
        assertWrites(cat(header(7, 2), str("abc"), new byte[1]), w -> w.putStringNoNul(2, "abc"));
        assertWrites(cat(header(4, 2)), w -> w.putStringNoNul(2, ""));
    }

    @Test
    void binaryFromArrayAndBuffer() {
        assertWrites(cat(header(7, 1), new byte[] {1, 2, 3}, new byte[1]), w -> w.putBinary(1, new byte[] {1, 2, 3}));
        assertWrites(header(4, 1), w -> w.putBinary(1, new byte[0]));
        ByteBuf value = Unpooled.wrappedBuffer(new byte[] {9, 8, 7, 6, 5});
        try {
            value.readerIndex(1);
            assertWrites(cat(header(8, 2), new byte[] {8, 7, 6, 5}), w -> w.putBinary(2, value));
            assertEquals(1, value.readerIndex(), "the value's reader index is not moved");
            assertEquals(1, value.refCnt(), "nor is it released");
        } finally {
            value.release();
        }
    }

    @Test
    void flagAndBitfield32() {
        assertWrites(header(4, 3), w -> w.putFlag(3));
        assertWrites(cat(header(12, 4), u32(0x5), u32(0xf)), w -> w.putBitfield32(4, 0x5, 0xf));
        assertWrites(cat(header(12, 4), u32(0x5), u32(0xf)), w -> w.putBitfield32(4, new Bitfield32(0x5, 0xf)));
    }

    @Test
    void nestLengthsCoverTheirChildrenAndPadding() {
        byte[] inner = cat(attr(1, strz("lo")), attr(2, u8(1)));
        assertEquals(16, inner.length);
        assertWrites(cat(header(20, 5 | NESTED), inner, attr(6, u32(7))), w -> {
            int nest = w.startNested(5);
            assertEquals(3, nest, "the index of the nest's header");
            w.putString(1, "lo").putU8(2, 1);
            w.endNested(nest);
            w.putU32(6, 7);
        });
        assertWrites(cat(header(20, 5), inner), w -> {
            int nest = w.startNested(5, false);
            w.putString(1, "lo").putU8(2, 1);
            w.endNested(nest);
        });
        assertWrites(header(4, 5 | NESTED), w -> w.endNested(w.startNested(5)));
    }

    @Test
    void nestsWithinNests() {
        byte[] deepest = attr(3, u16(0x77));
        byte[] middle = cat(header(4 + deepest.length, 2 | NESTED), deepest);
        byte[] outer = cat(header(4 + middle.length + 8, 1 | NESTED), middle, attr(4, u32(1)));
        assertWrites(outer, w -> {
            int a = w.startNested(1);
            int b = w.startNested(2);
            w.putU16(3, 0x77);
            w.endNested(b);
            w.putU32(4, 1);
            w.endNested(a);
        });
    }

    @Test
    void writtenBytesReadBack() {
        ByteBuf buf = Unpooled.buffer();
        try {
            AttributeWriter w = new AttributeWriter(buf);
            int nest = w.startNested(9);
            w.putString(1, "eth0").putU64(2, Long.MIN_VALUE).putFlag(3);
            w.endNested(nest);
            AttributeReader r = AttributeReader.of(buf);
            assertTrue(r.next());
            AttributeReader n = r.nested();
            assertTrue(n.next());
            assertEquals("eth0", n.string());
            assertTrue(n.next());
            assertEquals(Long.MIN_VALUE, n.s64());
            assertTrue(n.next());
            assertTrue(n.flag());
        } finally {
            buf.release();
        }
    }

    @Test
    void refusesAttributesLongerThanNlaLen() {
        ByteBuf buf = Unpooled.buffer();
        try {
            AttributeWriter w = new AttributeWriter(buf);
            w.putBinary(1, new byte[65531]);
            assertEquals(65536, buf.writerIndex(), "nla_len 65535 fits, padded to 65536");
            assertEquals(0xffff, buf.getUnsignedShort(0), "nla_len");
            buf.clear();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> w.putBinary(2, new byte[65532]));
            assertEquals("attribute type 2 of 65536 bytes exceeds nla_len's 65535", e.getMessage());
            assertEquals(0, buf.writerIndex(), "nothing is written");
            assertThrows(IllegalArgumentException.class, () -> w.putString(2, "x".repeat(65531)));
        } finally {
            buf.release();
        }
    }

    @Test
    void refusesNestsLongerThanNlaLen() {
        ByteBuf buf = Unpooled.buffer();
        try {
            AttributeWriter w = new AttributeWriter(buf);
            int nest = w.startNested(1);
            w.putBinary(2, new byte[40000]).putBinary(3, new byte[40000]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.endNested(nest));
            assertEquals("nested attribute of 80012 bytes exceeds nla_len's 65535", e.getMessage());
        } finally {
            buf.release();
        }
    }
}
