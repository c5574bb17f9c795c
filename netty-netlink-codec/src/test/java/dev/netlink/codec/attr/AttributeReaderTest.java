package dev.netlink.codec.attr;

import static dev.netlink.codec.attr.Nla.attr;
import static dev.netlink.codec.attr.Nla.attrNoPad;
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
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlink.codec.MalformedNetlinkException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class AttributeReaderTest {
    private static final int NESTED = NetlinkAttribute.NLA_F_NESTED;
    private static final int NET_BYTEORDER = NetlinkAttribute.NLA_F_NET_BYTEORDER;

    /** Runs {@code test} with a reader over {@code bytes} placed at a non-zero index, then releases the buffer. */
    private static void read(byte[] bytes, Consumer<AttributeReader> test) {
        ByteBuf buf = Unpooled.buffer(bytes.length + 16);
        try {
            buf.writeZero(7).readerIndex(7);
            buf.writeBytes(bytes);
            test.accept(AttributeReader.of(buf));
            assertEquals(7, buf.readerIndex(), "the reader does not move the buffer's indices");
        } finally {
            buf.release();
        }
    }

    private static void assertMalformed(int offset, String what, Executable executable) {
        MalformedNetlinkException e = assertThrows(MalformedNetlinkException.class, executable);
        assertEquals(offset, e.offset());
        assertEquals(what + " (at offset " + offset + ')', e.getMessage());
    }

    @Test
    void iteratesHeadersInOrder() {
        read(cat(attr(1, u8(7)), attr(2 | NESTED, attr(1, u32(5))), attr(0x3fff, u16(9))), r -> {
            assertTrue(r.next());
            assertEquals(1, r.type());
            assertEquals(1, r.rawType());
            assertEquals(1, r.length());
            assertEquals(0, r.offset());
            assertEquals(11, r.dataIndex(), "payload index in the buffer: 7 + header");
            assertFalse(r.isNested());
            assertTrue(r.next());
            assertEquals(2, r.type());
            assertEquals(2 | NESTED, r.rawType());
            assertTrue(r.isNested());
            assertFalse(r.isNetByteOrder());
            assertEquals(8, r.length());
            assertEquals(8, r.offset());
            assertTrue(r.next());
            assertEquals(0x3fff, r.type());
            assertEquals(20, r.offset());
            assertFalse(r.next());
            assertFalse(r.next(), "stays at the end");
            assertThrows(IllegalStateException.class, r::type);
        });
    }

    @Test
    void emptyBlockHasNoAttributes() {
        read(new byte[0], r -> {
            assertFalse(r.next());
            assertEquals("", r.path());
        });
    }

    @Test
    void gettersNeedAnAttribute() {
        read(attr(1, u8(1)), r -> {
            assertThrows(IllegalStateException.class, r::u8);
            assertThrows(IllegalStateException.class, r::string);
            assertThrows(IllegalStateException.class, r::nested);
        });
    }

    @Test
    void unsignedGetters() {
        read(cat(attr(1, u8(0xff)), attr(2, u16(0xfffe)), attr(3, u32(0xfffffffd)), attr(4, u64(-3L))), r -> {
            assertTrue(r.next());
            assertEquals(255, r.u8());
            assertTrue(r.next());
            assertEquals(0xfffe, r.u16());
            assertTrue(r.next());
            assertEquals(0xfffffffd, r.u32());
            assertEquals(0xfffffffdL, r.u32Long());
            assertTrue(r.next());
            assertEquals(-3L, r.u64());
            assertEquals("18446744073709551613", Long.toUnsignedString(r.u64()));
        });
    }

    @Test
    void signedGetters() {
        read(cat(attr(1, u8(0x80)), attr(2, u16(0x8000)), attr(3, u32(-7)), attr(4, u64(Long.MIN_VALUE)),
                attr(5, u8(0x7f))), r -> {
            assertTrue(r.next());
            assertEquals(-128, r.s8());
            assertEquals(128, r.u8());
            assertTrue(r.next());
            assertEquals(-32768, r.s16());
            assertTrue(r.next());
            assertEquals(-7, r.s32());
            assertTrue(r.next());
            assertEquals(Long.MIN_VALUE, r.s64());
            assertTrue(r.next());
            assertEquals(127, r.s8());
        });
    }

    @Test
    void variableWidthIntegersOfFourAndEightBytes() {
        read(cat(attr(1, u32(0xffffffff)), attr(2, u64(0x1_0000_0000L)), attr(3, u32(-2)), attr(4, u64(-1L << 40)),
                attr(5, u64(-1L))), r -> {
            assertTrue(r.next());
            assertEquals(0xffffffffL, r.uint(), "a 4-byte uint is unsigned");
            assertEquals(-1L, r.sint(), "a 4-byte sint is sign-extended");
            assertTrue(r.next());
            assertEquals(0x1_0000_0000L, r.uint());
            assertTrue(r.next());
            assertEquals(-2L, r.sint());
            assertTrue(r.next());
            assertEquals(-1L << 40, r.sint());
            assertTrue(r.next());
            assertEquals("18446744073709551615", Long.toUnsignedString(r.uint()));
        });
    }

    @Test
    void variableWidthIntegersOfOtherLengthsAreMalformed() {
        read(cat(attr(1, u16(1)), attr(2, u64(1), u32(0))), r -> {
            assertTrue(r.next());
            assertMalformed(0, "uint attribute 1 has 2 bytes, needs 4 or 8", r::uint);
            assertMalformed(0, "sint attribute 1 has 2 bytes, needs 4 or 8", r::sint);
            assertTrue(r.next());
            assertMalformed(8, "uint attribute 2 has 12 bytes, needs 4 or 8", r::uint);
        });
    }

    @Test
    void stringsWithAndWithoutNul() {
        read(cat(attr(1, strz("nlctrl")), attr(2, str("eth0")), attr(3, strz("")), attr(4, strz("ab"), str("junk")),
                attr(5, strz("größe")), attr(6)), r -> {
            assertTrue(r.next());
            assertEquals("nlctrl", r.string());
            assertTrue(r.stringEquals("nlctrl"));
            assertFalse(r.stringEquals("nlctr"));
            assertFalse(r.stringEquals("nlctrl0"));
            assertTrue(r.next());
            assertEquals("eth0", r.string(), "NLA_STRING without terminator");
            assertTrue(r.stringEquals("eth0"));
            assertFalse(r.stringEquals("eth"), "a prefix of a string without terminator");
            assertTrue(r.next());
            assertEquals("", r.string());
            assertTrue(r.stringEquals(""));
            assertFalse(r.stringEquals("x"));
            assertTrue(r.next());
            assertEquals("ab", r.string(), "stops at the first NUL");
            assertTrue(r.stringEquals("ab"));
            assertFalse(r.stringEquals("a"));
            assertFalse(r.stringEquals("ab\0cd"), "a NUL in the expected string never matches");
            assertTrue(r.next());
            assertEquals("größe", r.string());
            assertTrue(r.stringEquals("größe"));
            assertTrue(r.next());
            assertEquals("", r.string(), "an empty payload is the empty string");
            assertTrue(r.stringEquals(""));
        });
    }

    @Test
    void binaryIsASliceAndBytesACopy() {
        read(attr(1, new byte[] {1, 2, 3}), r -> {
            assertTrue(r.next());
            byte[] copy = r.bytes();
            assertArrayEquals(new byte[] {1, 2, 3}, copy);
            ByteBuf slice = r.binary();
            assertEquals(3, slice.readableBytes());
            r.buffer().setByte(r.dataIndex(), 9);
            assertEquals(9, slice.getByte(0), "the slice shares the buffer's memory");
            assertEquals(1, copy[0], "the copy does not");
        });
    }

    @Test
    void flag() {
        read(cat(attr(1), attr(2, u8(1))), r -> {
            assertTrue(r.next());
            assertTrue(r.flag());
            assertEquals(0, r.length());
            assertTrue(r.next());
            assertMalformed(4, "flag attribute 2 has a 1-byte payload", r::flag);
        });
    }

    @Test
    void bitfield32() {
        read(cat(attr(1, u32(0x5), u32(0x7)), attr(2, u32(1)), attr(3, u32(1), u32(2), u32(3))), r -> {
            assertTrue(r.next());
            assertEquals(new Bitfield32(5, 7), r.bitfield32());
            assertTrue(r.next());
            assertMalformed(12, "bitfield32 attribute 2 has 4 bytes, needs 8", r::bitfield32);
            assertTrue(r.next());
            assertMalformed(20, "bitfield32 attribute 3 has 12 bytes, needs 8", r::bitfield32);
        });
    }

    @Test
    void nestedReaderReportsOuterOffsetsAndPaths() {
        byte[] inner = cat(attr(1, u32(10)), attr(3 | NESTED, attr(4, u16(44))));
        read(cat(attr(9, u8(0)), attr(2 | NESTED, inner), attr(5, inner)), r -> {
            assertTrue(r.find(2));
            assertEquals("2", r.path());
            AttributeReader n = r.nested();
            assertEquals("2", n.path(), "before its first attribute a nested reader is at its parent");
            assertTrue(n.next());
            assertEquals(1, n.type());
            assertEquals(12, n.offset(), "offset from the outermost block");
            assertEquals("2.1", n.path());
            assertEquals(10, n.u32());
            assertTrue(n.next());
            AttributeReader nn = n.nested();
            assertTrue(nn.next());
            assertEquals("2.3.4", nn.path());
            assertEquals(24, nn.offset());
            assertEquals(44, nn.u16());
            assertFalse(nn.next());
            assertFalse(n.next());
            assertTrue(r.next());
            assertEquals(5, r.type());
            assertFalse(r.isNested(), "the kernel does not always set NLA_F_NESTED");
            AttributeReader unflagged = r.nested();
            assertTrue(unflagged.next());
            assertEquals(10, unflagged.u32());
            assertTrue(r.find(9), "find rewinds");
            assertFalse(r.find(7));
            assertFalse(r.next(), "a failed find leaves the reader at the end");
        });
    }

    @Test
    void netByteOrderWrittenByTheWriter() {
        ByteBuf buf = Unpooled.buffer();
        try {
            new AttributeWriter(buf).putBe16(1, 0x1234).putBe32(2, 0x89abcdef).putU16(3, 0x1234);
            assertEquals(0x12, buf.getByte(4), "network byte order on the wire");
            AttributeReader r = AttributeReader.of(buf);
            assertTrue(r.next());
            assertTrue(r.isNetByteOrder());
            assertEquals(1, r.type(), "the flag is not part of the type");
            assertEquals(1 | NET_BYTEORDER, r.rawType());
            assertEquals(0x1234, r.u16());
            assertTrue(r.next());
            assertEquals(0x89abcdef, r.u32());
            assertTrue(r.next());
            assertFalse(r.isNetByteOrder());
            assertEquals(0x1234, r.u16());
        } finally {
            buf.release();
        }
    }

    @Test
    void netByteOrderBuiltByHand() {
        read(cat(attr(1 | NET_BYTEORDER, be16(80)), attr(2 | NET_BYTEORDER, be32(-2)),
                attr(3 | NET_BYTEORDER, Nla.cat(be32(0), be32(7)))), r -> {
            assertTrue(r.next());
            assertEquals(80, r.u16());
            assertTrue(r.next());
            assertEquals(-2, r.s32());
            assertEquals(0xfffffffeL, r.uint());
            assertTrue(r.next());
            assertEquals(7L, r.u64());
        });
    }

    @Test
    void unalignedLastAttributeWithoutPadding() {
        byte[] bytes = cat(attr(1, u8(1)), attrNoPad(2, str("abcde")));
        assertEquals(17, bytes.length);
        read(bytes, r -> {
            assertTrue(r.next());
            assertTrue(r.next());
            assertEquals(2, r.type());
            assertEquals("abcde", r.string());
            assertFalse(r.next());
        });
    }

    @Test
    void truncatedHeader() {
        read(cat(attr(1, u8(1)), new byte[] {4, 0}), r -> {
            assertTrue(r.next());
            assertMalformed(8, "truncated attribute header: 2 bytes left", r::next);
        });
    }

    @Test
    void lengthBelowHeader() {
        read(cat(header(3, 6), u32(0)), r -> assertMalformed(0, "nla_len 3 below the 4-byte header, type 6", r::next));
        read(cat(header(0, 6), u32(0)), r -> assertMalformed(0, "nla_len 0 below the 4-byte header, type 6", r::next));
    }

    @Test
    void lengthPastTheEnd() {
        read(cat(attr(1, u8(1)), header(12, 2 | NESTED), u32(0)), r -> {
            assertTrue(r.next());
            assertMalformed(8, "nla_len 12 of type 2 overruns the 8 bytes left", r::next);
        });
    }

    @Test
    void nestedLengthPastItsParent() {
        // The child claims 16 bytes, but its parent holds 8; the block has room after the parent.
        read(cat(attr(2 | NESTED, header(16, 1), u32(0)), attr(3, u64(0))), r -> {
            assertTrue(r.next());
            AttributeReader n = r.nested();
            assertMalformed(4, "nla_len 16 of type 1 overruns the 8 bytes left", n::next);
        });
    }

    @Test
    void gettersOnTooShortPayloads() {
        read(cat(attr(1), attr(2, u8(1)), attr(3, u16(1)), attr(4, u32(1))), r -> {
            assertTrue(r.next());
            assertMalformed(0, "u8 attribute 1 has 0 bytes, needs 1", r::u8);
            assertMalformed(0, "s8 attribute 1 has 0 bytes, needs 1", r::s8);
            assertTrue(r.next());
            assertMalformed(4, "u16 attribute 2 has 1 bytes, needs 2", r::u16);
            assertMalformed(4, "s16 attribute 2 has 1 bytes, needs 2", r::s16);
            assertTrue(r.next());
            assertMalformed(12, "u32 attribute 3 has 2 bytes, needs 4", r::u32);
            assertMalformed(12, "s32 attribute 3 has 2 bytes, needs 4", r::s32);
            assertMalformed(12, "u32 attribute 3 has 2 bytes, needs 4", r::u32Long);
            assertTrue(r.next());
            assertMalformed(20, "u64 attribute 4 has 4 bytes, needs 8", r::u64);
            assertMalformed(20, "s64 attribute 4 has 4 bytes, needs 8", r::s64);
        });
    }

    @Test
    void fixedWidthGettersRefuseLongerPayloads() {
        // 0: a 3-byte payload (0x0e 0xad 0xde), which a lenient reader takes for u8 0x0e or u16 0xad0e.
        read(cat(attr(1, new byte[] {0x0e, (byte) 0xad, (byte) 0xde}), attr(2, u64(1), u8(0)), attr(3, u64(1), u64(2)),
                attr(4, u16(7), u16(0))), r -> {
            assertTrue(r.next());
            assertMalformed(0, "u8 attribute 1 has 3 bytes, needs 1", r::u8);
            assertMalformed(0, "s8 attribute 1 has 3 bytes, needs 1", r::s8);
            assertMalformed(0, "u16 attribute 1 has 3 bytes, needs 2", r::u16);
            assertMalformed(0, "s16 attribute 1 has 3 bytes, needs 2", r::s16);
            assertMalformed(0, "big-endian u16 attribute 1 has 3 bytes, needs 2", r::be16);
            assertMalformed(0, "u32 attribute 1 has 3 bytes, needs 4", r::u32);
            assertTrue(r.next());
            assertMalformed(8, "u32 attribute 2 has 9 bytes, needs 4", r::u32);
            assertMalformed(8, "s32 attribute 2 has 9 bytes, needs 4", r::s32);
            assertMalformed(8, "u32 attribute 2 has 9 bytes, needs 4", r::u32Long);
            assertMalformed(8, "big-endian u32 attribute 2 has 9 bytes, needs 4", r::be32);
            assertMalformed(8, "u64 attribute 2 has 9 bytes, needs 8", r::u64);
            assertMalformed(8, "s64 attribute 2 has 9 bytes, needs 8", r::s64);
            assertMalformed(8, "big-endian u64 attribute 2 has 9 bytes, needs 8", r::be64);
            assertMalformed(8, "bitfield32 attribute 2 has 9 bytes, needs 8", r::bitfield32);
            assertMalformed(8, "uint attribute 2 has 9 bytes, needs 4 or 8", r::uint);
            assertMalformed(8, "sint attribute 2 has 9 bytes, needs 4 or 8", r::sint);
            assertTrue(r.next());
            assertMalformed(24, "u64 attribute 3 has 16 bytes, needs 8", r::u64);
            assertTrue(r.next());
            assertEquals(4, r.length());
            assertMalformed(44, "u16 attribute 4 has 4 bytes, needs 2", r::u16);
            assertEquals(7, r.u32() & 0xffff, "the same payload read at its own width");
        });
    }

    @Test
    void bigEndianGettersIgnoreTheFlag() {
        read(cat(attr(1, be16(0x1234)), attr(2 | NET_BYTEORDER, be32(0x89abcdef)),
                attr(3, Nla.cat(be32(1), be32(2)))), r -> {
            assertTrue(r.next());
            assertEquals(0x1234, r.be16(), "network order without NLA_F_NET_BYTEORDER");
            assertTrue(r.next());
            assertEquals(0x89abcdef, r.be32());
            assertEquals(0x89abcdef, r.u32(), "the flag makes u32 read network order too");
            assertTrue(r.next());
            assertEquals(0x1_0000_0002L, r.be64());
        });
    }

    @Test
    void tooShortPayloadInANestNamesItsPath() {
        read(cat(attr(1, u8(0)), attr(7 | NESTED, attr(1, u32(0)), attr(2, u16(3)))), r -> {
            assertTrue(r.find(7));
            AttributeReader n = r.nested();
            assertTrue(n.next());
            assertTrue(n.next());
            assertMalformed(20, "u32 attribute 7.2 has 2 bytes, needs 4", n::u32);
        });
    }

    @Test
    void resetAndRewindReuseAReader() {
        byte[] a = attr(1, u32(11));
        byte[] b = cat(attr(2, u32(22)), attr(3, u32(33)));
        ByteBuf first = Unpooled.wrappedBuffer(a);
        ByteBuf second = Unpooled.wrappedBuffer(b);
        try {
            AttributeReader r = new AttributeReader();
            r.reset(first, 0, a.length);
            assertTrue(r.next());
            assertEquals(11, r.u32());
            r.reset(second, 8, 8);
            assertTrue(r.next());
            assertEquals(3, r.type());
            assertEquals(0, r.offset(), "offsets are from the new block");
            r.rewind();
            assertTrue(r.next());
            assertEquals(33, r.u32());
            assertThrows(IndexOutOfBoundsException.class, () -> r.reset(second, 8, 9));
            assertThrows(IndexOutOfBoundsException.class, () -> r.reset(second, -1, 4));
        } finally {
            first.release();
            second.release();
        }
    }

    @Test
    void toStringSaysWhereTheReaderIs() {
        read(attr(4, u32(0)), r -> {
            assertEquals("AttributeReader(8B, not on an attribute)", r.toString());
            assertTrue(r.next());
            assertEquals("AttributeReader(4, 4B at offset 0)", r.toString());
        });
    }

    @Test
    void copyReadsEveryLengthAtEveryOffsetOfDirectAndHeapBuffers() {
        byte[] all = new byte[64];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) (i * 37 + 11);
        }
        for (ByteBuf buf : new ByteBuf[] {Unpooled.wrappedBuffer(all), Unpooled.directBuffer(64).writeBytes(all)}) {
            try {
                for (int index = 0; index < 8; index++) {
                    for (int length = 0; length <= 40; length++) {
                        assertArrayEquals(java.util.Arrays.copyOfRange(all, index, index + length),
                                AttributeReader.copy(buf, index, length), index + "+" + length);
                    }
                }
            } finally {
                buf.release();
            }
        }
    }
}
