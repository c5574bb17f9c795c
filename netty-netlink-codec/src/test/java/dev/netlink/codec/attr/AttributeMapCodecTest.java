package dev.netlink.codec.attr;

import static dev.netlink.codec.attr.Nla.attr;
import static dev.netlink.codec.attr.Nla.cat;
import static dev.netlink.codec.attr.Nla.comparable;
import static dev.netlink.codec.attr.Nla.header;
import static dev.netlink.codec.attr.Nla.strz;
import static dev.netlink.codec.attr.Nla.u16;
import static dev.netlink.codec.attr.Nla.u32;
import static dev.netlink.codec.attr.Nla.u64;
import static dev.netlink.codec.attr.Nla.u8;
import static dev.netlink.codec.attr.Schemas.ALL;
import static dev.netlink.codec.attr.Schemas.CTRL;
import static dev.netlink.codec.attr.Schemas.GROUP;
import static dev.netlink.codec.attr.Schemas.LINK;
import static dev.netlink.codec.attr.Schemas.NESTED;
import static dev.netlink.codec.attr.Schemas.OP;
import static dev.netlink.codec.attr.Schemas.decode;
import static dev.netlink.codec.attr.Schemas.encode;
import static dev.netlink.codec.attr.Schemas.map;
import static dev.netlink.codec.attr.Schemas.withBuffer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlink.codec.MalformedNetlinkException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link AttributeMapCodec}: blocks to maps and back, with every kind of {@link AttributeType}. */
class AttributeMapCodecTest {
    private static void assertSameValues(Map<Integer, ?> expected, Map<Integer, ?> actual) {
        assertEquals(comparable(expected), comparable(actual), () -> "expected "
                + AttributeFormatter.format(ALL, expected) + "\n but was " + AttributeFormatter.format(ALL, actual));
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()), "wire order");
    }

    @Test
    void decodesEveryTypeToItsJavaValue() {
        byte[] bytes = cat(
                attr(1, u8(0xff)), attr(2, u16(0xffff)), attr(3, u32(-1)), attr(4, u64(-1L)), attr(5, u8(0x80)),
                attr(6, u16(0x8000)), attr(7, u32(Integer.MIN_VALUE)), attr(8, u64(Long.MIN_VALUE)),
                attr(9, u32(-2)), attr(10, u32(-2)), attr(11, strz("eth0")), attr(12, new byte[] {1, 2, 3}),
                attr(13), attr(14, u32(1), u32(3)), attr(15), attr(16 | NESTED, attr(1, u32(7))),
                attr(17 | NESTED, attr(0, u16(10)), attr(1, u16(11))),
                attr(18 | NESTED, attr(1, strz("a")), attr(2, strz("b"))),
                attr(19 | NESTED, attr(100, u32(1)), attr(5, u32(2))),
                attr(20, u8(1)), attr(20, u8(2)));
        Map<Integer, Object> m = decode(ALL, bytes);
        assertEquals(255, m.get(1));
        assertEquals(65535, m.get(2));
        assertEquals(4294967295L, m.get(3), "u32 is an unsigned Long");
        assertEquals(-1L, m.get(4), "u64 above Long.MAX_VALUE is negative");
        assertEquals(-128, m.get(5));
        assertEquals(-32768, m.get(6));
        assertEquals(Integer.MIN_VALUE, m.get(7));
        assertEquals(Long.MIN_VALUE, m.get(8));
        assertEquals(4294967294L, m.get(9));
        assertEquals(-2L, m.get(10));
        assertEquals("eth0", m.get(11));
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) m.get(12));
        assertSame(Boolean.TRUE, m.get(13));
        assertEquals(new Bitfield32(1, 3), m.get(14));
        assertFalse(m.containsKey(15), "padding is skipped");
        assertEquals(Map.of(1, 7L), m.get(16));
        assertEquals(List.of(10, 11), m.get(17));
        assertEquals(List.of("a", "b"), m.get(18));
        assertEquals(List.of(100, 5), new ArrayList<>(((Map<?, ?>) m.get(19)).keySet()), "dict keys in wire order");
        assertEquals(Map.of(100, 1L, 5, 2L), m.get(19));
        assertEquals(List.of(1, 2), m.get(20), "every occurrence of a multi attribute");
        assertInstanceOf(Integer.class, m.get(1));
        assertInstanceOf(Long.class, m.get(3));
    }

    @Test
    void encodesEveryTypeAndDecodesItBack() {
        Map<Integer, Object> values = map(
                1, 200, 2, 60000, 3, 4000000000L, 4, -7L, 5, -5, 6, -300, 7, -70000, 8, Long.MIN_VALUE,
                9, 1L << 40, 10, -1L, 11, "größe", 12, new byte[] {9, 8, 7, 6, 5}, 13, true,
                14, new Bitfield32(0x10, 0x30), 16, map(1, 3L, 2, 0xffffffffL), 17, List.of(1, 2, 3),
                18, List.of("x", "yy"), 19, map(7, 70L, 3, 30L), 20, List.of(1, 1, 2),
                21, map(4, map(1, "g", 2, 9L)));
        byte[] bytes = encode(ALL, values);
        assertSameValues(values, decode(ALL, bytes));
        assertArrayEquals(bytes, encode(ALL, decode(ALL, bytes)), "decode then encode gives the same bytes");
    }

    @Test
    void encodesExactBytes() {
        assertArrayEquals(cat(attr(1, u16(16)), attr(2, strz("nlctrl")), attr(3, u32(2))),
                encode(CTRL, map(1, 16, 2, "nlctrl", 3, 2)));
        assertArrayEquals(cat(attr(16 | NESTED, attr(1, u32(3)))), encode(ALL, map(16, map(1, 3))));
        assertArrayEquals(cat(attr(9, u32(5)), attr(10, u64(-1L << 33))), encode(ALL, map(9, 5, 10, -1L << 33)));
    }

    @Test
    void arraysNumberTheirElementsFromTheBaseIndex() {
        assertArrayEquals(attr(17 | NESTED, attr(0, u16(5)), attr(1, u16(6))), encode(ALL, map(17, List.of(5, 6))));
        assertArrayEquals(attr(18 | NESTED, attr(1, strz("a")), attr(2, strz("b"))),
                encode(ALL, map(18, List.of("a", "b"))));
        byte[] ops = attr(6 | NESTED, attr(1 | NESTED, attr(1, u32(3)), attr(2, u32(0xe))),
                attr(2 | NESTED, attr(1, u32(4))));
        Map<Integer, Object> m = map(6, List.of(map(1, 3L, 2, 14L), map(1, 4L)));
        assertArrayEquals(ops, encode(CTRL, m));
        assertEquals(m, decode(CTRL, ops));
        assertEquals(map(7, List.of()), decode(CTRL, attr(7 | NESTED)), "an empty array");
    }

    @Test
    void dictsKeyTheirValuesByType() {
        byte[] bytes = attr(21 | NESTED, attr(9 | NESTED, attr(1, strz("g"))), attr(3 | NESTED, attr(2, u32(1))));
        Map<Integer, Object> m = map(21, map(9, map(1, "g"), 3, map(2, 1L)));
        assertArrayEquals(bytes, encode(ALL, m));
        assertEquals(m, decode(ALL, bytes));
    }

    @Test
    void repeatedTypesKeepTheLastUnlessMulti() {
        byte[] bytes = cat(attr(3, strz("a")), attr(53, strz("alt1")), attr(3, strz("b")), attr(53, strz("alt2")));
        Map<Integer, Object> m = decode(LINK, bytes);
        assertEquals("b", m.get(3), "like nla_parse, the last one wins");
        assertEquals(List.of("alt1", "alt2"), m.get(53));
        assertArrayEquals(cat(attr(53, strz("x")), attr(53, strz("y"))),
                encode(LINK, map(53, List.of("x", "y"))));
    }

    @Test
    void unknownAttributesAreKeptIntact() {
        byte[] bytes = cat(attr(1, u16(16)), attr(99, new byte[] {1, 2, 3, 4, 5}), attr(0x3fff | NESTED,
                attr(1, u8(7))), attr(2, strz("x")));
        Map<Integer, Object> m = decode(CTRL, bytes);
        assertEquals(List.of(1, 99, 0x3fff, 2), new ArrayList<>(m.keySet()));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, (byte[]) m.get(99));
        assertArrayEquals(attr(1, u8(7)), (byte[]) m.get(0x3fff), "an unknown nest keeps its payload");
        assertArrayEquals(cat(attr(1, u16(16)), attr(99, new byte[] {1, 2, 3, 4, 5}), attr(0x3fff, attr(1, u8(7))),
                attr(2, strz("x"))), encode(CTRL, m), "written back as binary, without NLA_F_NESTED");
        ByteBuf value = Unpooled.wrappedBuffer(new byte[] {4, 4});
        try {
            assertArrayEquals(attr(50, new byte[] {4, 4}), encode(CTRL, map(50, value)));
            assertEquals(0, value.readerIndex());
        } finally {
            value.release();
        }
    }

    @Test
    void encodingAcceptsAnyIntegralNumberThatFits() {
        assertArrayEquals(attr(3, u32(-1)), encode(ALL, map(3, 0xffffffffL)));
        assertArrayEquals(attr(3, u32(-1)), encode(ALL, map(3, -1)), "an int holding a u32");
        assertArrayEquals(attr(3, u32(5)), encode(ALL, map(3, (byte) 5)));
        assertArrayEquals(attr(3, u32(5)), encode(ALL, map(3, (short) 5)));
        assertArrayEquals(attr(3, u32(5)), encode(ALL, map(3, new AtomicInteger(5))));
        assertArrayEquals(attr(4, u64(-1L)), encode(ALL, map(4, new BigInteger("18446744073709551615"))));
        assertArrayEquals(attr(1, u8(0xff)), encode(ALL, map(1, -1)));
        assertArrayEquals(attr(5, u8(0xff)), encode(ALL, map(5, 255)));
        assertArrayEquals(attr(2, u16(0x8000)), encode(ALL, map(2, -32768)));
    }

    @Test
    void encodingRefusesValuesThatDoNotSuitTheirType() {
        assertEncodeFails(CTRL, map(2, 5), "attribute CTRL_ATTR_FAMILY_NAME of ctrl: needs a CharSequence, got "
                + "java.lang.Integer 5");
        assertEncodeFails(CTRL, map(1, "16"), "attribute CTRL_ATTR_FAMILY_ID of ctrl: needs an integral Number, got "
                + "java.lang.String 16");
        assertEncodeFails(ALL, map(1, 256), "attribute U8 of all: 256 does not fit u8");
        assertEncodeFails(ALL, map(5, -129), "attribute S8 of all: -129 does not fit s8");
        assertEncodeFails(ALL, map(3, 1L << 32), "attribute U32 of all: 4294967296 does not fit u32");
        assertEncodeFails(ALL, map(3, 1.0), "attribute U32 of all: needs an integral Number, got java.lang.Double 1.0");
        assertEncodeFails(ALL, map(4, BigInteger.ONE.shiftLeft(64)),
                "attribute U64 of all: 18446744073709551616 does not fit u64");
        assertEncodeFails(ALL, map(13, "yes"), "attribute FLAG of all: needs a Boolean, got java.lang.String yes");
        assertEncodeFails(ALL, map(14, 3), "attribute BITFIELD32 of all: needs a Bitfield32, got java.lang.Integer 3");
        assertEncodeFails(ALL, map(12, "x"), "attribute BINARY of all: needs a byte[] or ByteBuf, got "
                + "java.lang.String x");
        assertEncodeFails(ALL, map(16, new ArrayList<>()), "attribute NEST of all: needs a Map, got "
                + "java.util.ArrayList []");
        assertEncodeFails(ALL, map(17, List.of(1, 70000)), "attribute ARRAY0.[1] of all: 70000 does not fit u16");
        assertEncodeFails(ALL, map(19, map(2, "x")),
                "attribute DICT.[2] of all: needs an integral Number, got java.lang.String x");
        assertEncodeFails(ALL, map(16, Map.of("x", 1)), "attribute NEST.x of all: no attribute of ctrl_op has this "
                + "name");
        assertEncodeFails(ALL, map(16, Map.of(1.5, 1)), "attribute NEST.1.5 of all: 1.5 is not an attribute type "
                + "(0 to 16383)");
        assertEncodeFails(ALL, map(17, Arrays.asList(1, null)), "attribute ARRAY0.[1] of all: null element");
        assertEncodeFails(ALL, map(19, map(-1, 1)), "attribute DICT.[-1] of all: -1 is not an attribute type "
                + "(0 to 16383)");
        assertEncodeFails(ALL, map(20, List.of(1, 300)), "attribute MULTI[1] of all: 300 does not fit u8");
        assertEncodeFails(ALL, map(20, 1), "attribute MULTI of all: needs a List, got java.lang.Integer 1");
        assertEncodeFails(CTRL, map(99, "x"),
                "attribute 99 of ctrl: needs a byte[] or ByteBuf, got java.lang.String x");
        assertEncodeFails(CTRL, map(0x4000, new byte[0]), "attribute 16384 of ctrl: 16384 is not an attribute type "
                + "(0 to 16383)");
        assertEncodeFails(CTRL, map(1, 16, 6, List.of(map(1, 1), map(1, 2, 2, "x"))),
                "attribute CTRL_ATTR_OPS.[1].CTRL_ATTR_OP_FLAGS of ctrl: needs an integral Number, got "
                        + "java.lang.String x");
        assertEncodeFails(LINK, map(18, map(1, new byte[70000])),
                "attribute IFLA_LINKINFO.IFLA_INFO_KIND of link: needs a CharSequence, got [B");
        assertEncodeFails(LINK, map(18, map(2, new byte[70000])),
                "attribute IFLA_LINKINFO.IFLA_INFO_DATA of link: attribute type 2 of 70004 bytes exceeds nla_len's "
                        + "65535");
    }

    private static void assertEncodeFails(AttributeSchema schema, Map<?, ?> values, String message) {
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeByte(42);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AttributeMapCodec.encode(schema, values, new AttributeWriter(buf)));
            if (message.endsWith("[B")) {
                assertTrue(e.getMessage().startsWith(message), e.getMessage());
            } else {
                assertEquals(message, e.getMessage());
            }
            assertEquals(1, buf.writerIndex(), "a failed encode leaves the buffer as it was");
        } finally {
            buf.release();
        }
    }

    @Test
    void flagsPaddingAndNullsOnEncode() {
        assertArrayEquals(attr(13), encode(ALL, map(13, Boolean.TRUE)));
        assertArrayEquals(new byte[0], encode(ALL, map(13, false)), "false writes nothing");
        assertArrayEquals(new byte[0], encode(ALL, map(15, 123)), "padding is never written");
        assertArrayEquals(attr(1, u8(1)), encode(ALL, map(11, null, 1, 1)), "a null value is skipped");
    }

    @Test
    void malformedBlocksNameTheAttributeAsFarAsTheSchemaKnows() {
        byte[] bytes = cat(attr(1, u16(16)), attr(6 | NESTED, attr(1 | NESTED, attr(1, u16(3)))));
        MalformedNetlinkException e = withBuffer(bytes, b -> assertThrows(MalformedNetlinkException.class,
                () -> AttributeMapCodec.decode(CTRL, b)));
        assertEquals(16, e.offset());
        assertEquals("u32 attribute 6.1.1 has 2 bytes, needs 4, in CTRL_ATTR_OPS.[0].CTRL_ATTR_OP_ID (at offset 16)",
                e.getMessage());
        assertInstanceOf(MalformedNetlinkException.class, e.getCause());

        byte[] overrun = cat(attr(18 | NESTED, header(40, 1), u32(0)));
        e = withBuffer(overrun, b -> assertThrows(MalformedNetlinkException.class,
                () -> AttributeMapCodec.decode(LINK, b)));
        assertEquals(4, e.offset());
        assertEquals("nla_len 40 of type 1 overruns the 8 bytes left, in IFLA_LINKINFO (at offset 4)", e.getMessage());

        e = withBuffer(header(2, 1), b -> assertThrows(MalformedNetlinkException.class,
                () -> AttributeMapCodec.decode(LINK, b)));
        assertEquals("nla_len 2 below the 4-byte header, type 1 (at offset 0)", e.getMessage(), "no path to add");
    }

    @Test
    void decodingAReaderStartsFromItsFirstAttribute() {
        ByteBuf buf = Unpooled.wrappedBuffer(cat(attr(1, u16(16)), attr(2, strz("nlctrl"))));
        try {
            AttributeReader r = AttributeReader.of(buf);
            assertTrue(r.next());
            assertTrue(r.next());
            assertEquals(map(1, 16, 2, "nlctrl"), AttributeMapCodec.decode(CTRL, r));
        } finally {
            buf.release();
        }
    }
}
