package dev.netlink.codec.attr;

import static dev.netlink.codec.attr.Nla.attr;
import static dev.netlink.codec.attr.Nla.be16;
import static dev.netlink.codec.attr.Nla.be32;
import static dev.netlink.codec.attr.Nla.cat;
import static dev.netlink.codec.attr.Nla.strz;
import static dev.netlink.codec.attr.Nla.u16;
import static dev.netlink.codec.attr.Nla.u32;
import static dev.netlink.codec.attr.Nla.u64;
import static dev.netlink.codec.attr.Nla.u8;
import static dev.netlink.codec.attr.Schemas.decode;
import static dev.netlink.codec.attr.Schemas.encode;
import static dev.netlink.codec.attr.Schemas.map;
import static dev.netlink.codec.attr.Schemas.withBuffer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netlink.codec.MalformedNetlinkException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What YNL specs declare, through {@link AttributeMapCodec}: {@code byte-order: big-endian}, {@code enum:} of an
 * {@code enum} or {@code flags} definition, binary attributes with a {@code struct:}, and attribute names as keys.
 */
class YnlTypesTest {
    private static final int NET_BYTEORDER = NetlinkAttribute.NLA_F_NET_BYTEORDER;

    static final AttributeEnum OPERSTATE = AttributeEnum.builder("operstate")
            .add("unknown", 0).add("notpresent", 1).add("down", 2).add("lowerlayerdown", 3).add("testing", 4)
            .add("dormant", 5).add("up", 6).build();
    static final AttributeEnum IFF = AttributeEnum.builder("net-device-flags")
            .add("up", 1).add("broadcast", 1 << 1).add("debug", 1 << 2).add("loopback", 1 << 3)
            .add("multicast", 1 << 12).build();
    static final AttributeEnum SIGNED = AttributeEnum.builder("signed").add("minus-one", -1).add("zero", 0).build();
    static final AttributeEnum BIG = AttributeEnum.builder("big").add("top", 1L << 63).add("low", 1).build();

    /** {@code struct ifinfomsg} as rt-link.yaml lays it out: a u8, a pad byte, then host-order members. */
    static final AttributeStruct IFINFOMSG = AttributeStruct.builder("ifinfomsg")
            .add("ifi-family", AttributeType.U8).pad(1).add("ifi-type", AttributeType.U16)
            .add("ifi-index", AttributeType.S32).add("ifi-flags", AttributeType.flagsOf(AttributeType.U32, IFF))
            .add("ifi-change", AttributeType.U32).build();
    /** A struct with big-endian members and a fixed-length binary, as in netfilter specs. */
    static final AttributeStruct TUPLE = AttributeStruct.builder("tuple")
            .add("port", AttributeType.bigEndian(AttributeType.U16))
            .add("state", AttributeType.enumOf(AttributeType.U8, OPERSTATE)).pad(1)
            .add("addr", AttributeType.bigEndian(AttributeType.U32)).binary("mac", 6)
            .add("bytes", AttributeType.bigEndian(AttributeType.U64)).add("delta", AttributeType.S16).build();

    static final AttributeSchema YNL = AttributeSchema.builder("ynl")
            .add(1, "BE16", AttributeType.bigEndian(AttributeType.U16))
            .add(2, "BE32", AttributeType.bigEndian(AttributeType.U32))
            .add(3, "BE64", AttributeType.bigEndian(AttributeType.U64))
            .add(4, "BES16", AttributeType.bigEndian(AttributeType.S16))
            .add(5, "BES32", AttributeType.bigEndian(AttributeType.S32))
            .add(6, "BEUINT", AttributeType.bigEndian(AttributeType.UINT))
            .add(7, "BESINT", AttributeType.bigEndian(AttributeType.SINT))
            .add(8, "OPERSTATE", AttributeType.enumOf(AttributeType.U8, OPERSTATE))
            .add(9, "OPERSTATE32", AttributeType.enumOf(AttributeType.U32, OPERSTATE))
            .add(10, "SIGNED", AttributeType.enumOf(AttributeType.S32, SIGNED))
            .add(11, "BE_ENUM", AttributeType.enumOf(AttributeType.bigEndian(AttributeType.U16), OPERSTATE))
            .add(12, "FLAGS", AttributeType.flagsOf(AttributeType.U32, IFF))
            .add(13, "FLAGS64", AttributeType.flagsOf(AttributeType.U64, BIG))
            .add(14, "BE_FLAGS", AttributeType.flagsOf(AttributeType.bigEndian(AttributeType.U32), IFF))
            .add(15, "IFINFO", AttributeType.struct(IFINFOMSG))
            .add(16, "TUPLE", AttributeType.struct(TUPLE))
            .add(17, "STATES", AttributeType.multi(AttributeType.enumOf(AttributeType.U8, OPERSTATE)))
            .add(18, "NAME", AttributeType.STRING)
            .build();

    private static byte[] be64(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static Set<String> set(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    private static void assertEncodeFails(Map<?, ?> values, String message) {
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeByte(42);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AttributeMapCodec.encode(YNL, values, new AttributeWriter(buf)));
            assertEquals(message, e.getMessage());
            assertEquals(1, buf.writerIndex(), "a failed encode leaves the buffer as it was");
        } finally {
            buf.release();
        }
    }

    // Byte order.

    @Test
    void bigEndianIntegersAreWrittenInNetworkOrderWithoutTheFlag() {
        assertArrayEquals(cat(attr(1, be16(0x1234)), attr(2, be32(0x89abcdef)), attr(3, be64(0x0102030405060708L)),
                attr(4, be16(-2)), attr(5, be32(-3)), attr(6, be32(7)), attr(6, be64(1L << 40)), attr(7, be32(-1)),
                attr(7, be64(-1L << 40))),
                cat(encode(YNL, map(1, 0x1234, 2, 0x89abcdefL, 3, 0x0102030405060708L, 4, -2, 5, -3, 6, 7)),
                        encode(YNL, map(6, 1L << 40, 7, -1)), encode(YNL, map(7, -1L << 40))));
    }

    @Test
    void bigEndianIntegersAreReadInNetworkOrderWithOrWithoutTheFlag() {
        byte[] bytes = cat(attr(1, be16(0x1234)), attr(2 | NET_BYTEORDER, be32(0x89abcdef)), attr(3, be64(-1L)),
                attr(4, be16(0x8000)), attr(5 | NET_BYTEORDER, be32(-3)), attr(6, be32(-1)), attr(7, be32(-1)));
        Map<Integer, Object> m = decode(YNL, bytes);
        assertEquals(map(1, 0x1234, 2, 0x89abcdefL, 3, -1L, 4, -32768, 5, -3, 6, 0xffffffffL, 7, -1L), m);
        assertInstanceOf(Integer.class, m.get(1), "a u16 is an Integer in either order");
        assertInstanceOf(Long.class, m.get(2), "a u32 is a Long in either order");
        assertArrayEquals(cat(attr(1, be16(0x1234)), attr(2, be32(0x89abcdef)), attr(3, be64(-1L)),
                attr(4, be16(0x8000)), attr(5, be32(-3)), attr(6, be32(-1)), attr(7, be32(-1))), encode(YNL, m),
                "round trip, the flag dropped");
    }

    @Test
    void bigEndianIsNotHostOrder() {
        // 0x0102 in host order on a little-endian host is 0x0201 in network order: the order really is applied.
        Map<Integer, Object> m = decode(YNL, attr(1, u16(0x0102)));
        assertEquals(Nla.HOST == java.nio.ByteOrder.BIG_ENDIAN ? 0x0102 : 0x0201, m.get(1));
        assertMalformedDecode(attr(1, u32(1)),
                "big-endian u16 attribute 1 has 4 bytes, needs 2, in BE16 (at offset 0)");
        assertMalformedDecode(attr(6, u16(1)),
                "big-endian u64 attribute 6 has 2 bytes, needs 8, in BEUINT (at offset 0)");
    }

    @Test
    void byteOrderOnlyForIntegers() {
        assertThrows(IllegalArgumentException.class, () -> AttributeType.bigEndian(AttributeType.STRING));
        assertThrows(IllegalArgumentException.class,
                () -> AttributeType.bigEndian(AttributeType.bigEndian(AttributeType.U16)));
        assertEquals("bigEndian(u16)", AttributeType.bigEndian(AttributeType.U16).toString());
        assertEquals(AttributeType.bigEndian(AttributeType.U32), AttributeType.bigEndian(AttributeType.U32));
    }

    // Enums.

    @Test
    void enumsDecodeToTheirNamesAndUnknownValuesToTheNumber() {
        Map<Integer, Object> m = decode(YNL, cat(attr(8, u8(6)), attr(9, u32(2)), attr(10, u32(-1)),
                attr(11, be16(5)), attr(17, u8(2)), attr(17, u8(77))));
        assertEquals(map(8, "up", 9, "down", 10, "minus-one", 11, "dormant", 17, List.of("down", 77)), m);
        Map<Integer, Object> unknown = decode(YNL, cat(attr(8, u8(200)), attr(9, u32(-1)), attr(10, u32(-7))));
        assertEquals(map(8, 200, 9, 0xffffffffL, 10, -7), unknown, "a value newer than the spec is no error");
        assertInstanceOf(Integer.class, unknown.get(8));
        assertInstanceOf(Long.class, unknown.get(9));
    }

    @Test
    void enumsEncodeFromNamesOrNumbers() {
        assertArrayEquals(cat(attr(8, u8(6)), attr(9, u32(3)), attr(10, u32(-1)), attr(11, be16(4))),
                encode(YNL, map(8, "up", 9, "lowerlayerdown", 10, "minus-one", 11, "testing")));
        assertArrayEquals(cat(attr(8, u8(200)), attr(9, u32(6))), encode(YNL, map(8, 200, 9, 6L)));
        assertArrayEquals(cat(attr(17, u8(2)), attr(17, u8(9))), encode(YNL, map(17, List.of("down", 9))));
        byte[] bytes = cat(attr(8, u8(1)), attr(9, u32(99)), attr(11, be16(6)));
        assertArrayEquals(bytes, encode(YNL, decode(YNL, bytes)), "round trip, known and unknown values");
    }

    @Test
    void unknownEnumNamesAreRefusedWithTheAllowedNames() {
        assertEncodeFails(map(8, "sideways"), "attribute OPERSTATE of ynl: \"sideways\" is not a value of operstate; "
                + "allowed: unknown, notpresent, down, lowerlayerdown, testing, dormant, up");
        assertEncodeFails(map(10, "one"), "attribute SIGNED of ynl: \"one\" is not a value of signed; allowed: "
                + "minus-one, zero");
        assertEncodeFails(map(17, List.of("up", "off")), "attribute STATES[1] of ynl: \"off\" is not a value of "
                + "operstate; allowed: unknown, notpresent, down, lowerlayerdown, testing, dormant, up");
        assertEncodeFails(map(8, 256), "attribute OPERSTATE of ynl: 256 does not fit u8");
        assertEncodeFails(map(8, true), "attribute OPERSTATE of ynl: needs a name of operstate or an integral Number, "
                + "got java.lang.Boolean true");
    }

    @Test
    void enumTables() {
        assertEquals("up", OPERSTATE.name(6));
        assertEquals(null, OPERSTATE.name(7));
        assertEquals(OptionalLong.of(2), OPERSTATE.value("down"));
        assertEquals(OptionalLong.empty(), OPERSTATE.value("Down"));
        assertEquals(List.of("minus-one", "zero"), SIGNED.names());
        assertEquals("signed{-1=minus-one, 0=zero}", SIGNED.toString());
        AttributeEnum.Builder b = AttributeEnum.builder("x").add("a", 1);
        assertThrows(IllegalArgumentException.class, () -> b.add("a", 2));
        assertThrows(IllegalArgumentException.class, () -> b.add("b", 1));
        assertThrows(IllegalArgumentException.class, () -> AttributeType.enumOf(AttributeType.STRING, OPERSTATE));
        assertEquals("enumOf(bigEndian(u16), operstate)", YNL.type(11).toString());
    }

    // Flags.

    @Test
    void flagsDecodeToNamesOrderedByBitAndUnknownBitsInHex() {
        Map<Integer, Object> m = decode(YNL, cat(attr(12, u32(0x1000 | 0x100 | 0x8 | 0x1)),
                attr(13, u64(-1L << 62 | 1)), attr(14, be32(0x3)), attr(12, u32(0))));
        assertEquals(set(), m.get(12), "the last FLAGS is empty");
        m = decode(YNL, cat(attr(12, u32(0x1000 | 0x100 | 0x8 | 0x1)), attr(13, u64(-1L << 62 | 1)),
                attr(14, be32(0x3))));
        assertEquals(List.of("up", "loopback", "0x100", "multicast"), List.copyOf((Set<?>) m.get(12)));
        assertEquals(List.of("low", "0x4000000000000000", "top"), List.copyOf((Set<?>) m.get(13)));
        assertEquals(List.of("up", "broadcast"), List.copyOf((Set<?>) m.get(14)));
    }

    @Test
    void flagsEncodeFromNamesHexOrNumbersAndRoundTrip() {
        assertArrayEquals(attr(12, u32(0x1009)), encode(YNL, map(12, set("multicast", "up", "loopback"))));
        assertArrayEquals(attr(12, u32(0x1101)), encode(YNL, map(12, List.of("up", "0x100", 0x1000))));
        assertArrayEquals(attr(12, u32(0x7)), encode(YNL, map(12, 7)), "a plain number");
        assertArrayEquals(attr(14, be32(0x1002)), encode(YNL, map(14, set("broadcast", "multicast"))));
        assertArrayEquals(attr(13, u64(Long.MIN_VALUE)), encode(YNL, map(13, set("top"))));
        assertArrayEquals(attr(12, u32(0)), encode(YNL, map(12, set())), "no bits is a zero, not nothing");
        byte[] bytes = cat(attr(12, u32(0x80000103)), attr(13, u64(-1L)), attr(14, be32(0x10000)));
        assertArrayEquals(bytes, encode(YNL, decode(YNL, bytes)), "unknown bits survive the round trip");
    }

    @Test
    void unknownFlagNamesAreRefusedWithTheAllowedNames() {
        assertEncodeFails(map(12, set("up", "promisc")), "attribute FLAGS of ynl: \"promisc\" is not a value of "
                + "net-device-flags; allowed: up, broadcast, debug, loopback, multicast");
        assertEncodeFails(map(12, set("0xzz")), "attribute FLAGS of ynl: \"0xzz\" is not a hex number");
        assertEncodeFails(map(12, set("0x100000000")), "attribute FLAGS of ynl: 4294967296 does not fit u32");
        assertEncodeFails(map(12, "up"), "attribute FLAGS of ynl: needs a Collection of names of net-device-flags or "
                + "an integral Number, got java.lang.String up");
        assertEncodeFails(map(12, List.of(1.5)), "attribute FLAGS of ynl: needs an integral Number, got "
                + "java.lang.Double 1.5");
    }

    @Test
    void flagTablesMustBeBitsOfTheInteger() {
        AttributeEnum notABit = AttributeEnum.builder("bad").add("both", 3).build();
        assertEquals("flag both of bad is 0x3, not one bit of u32", assertThrows(IllegalArgumentException.class,
                () -> AttributeType.flagsOf(AttributeType.U32, notABit)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> AttributeType.flagsOf(AttributeType.U8, IFF),
                "multicast (bit 12) does not fit a u8");
        assertThrows(IllegalArgumentException.class, () -> AttributeType.flagsOf(AttributeType.FLAG, IFF));
        assertEquals("flagsOf(bigEndian(u32), net-device-flags)", YNL.type(14).toString());
    }

    // Structs.

    private static Map<String, Object> ifinfo() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ifi-family", 0);
        m.put("ifi-type", 772);
        m.put("ifi-index", 1);
        m.put("ifi-flags", set("up", "loopback", "0x10000"));
        m.put("ifi-change", 0L);
        return m;
    }

    private static final byte[] IFINFO_BYTES = cat(u8(0), u8(0), u16(772), u32(1), u32(0x10009), u32(0));

    @Test
    void structsDecodeToMembersInOrder() {
        Map<Integer, Object> m = decode(YNL, attr(15, IFINFO_BYTES));
        assertEquals(map(15, ifinfo()), m);
        assertEquals(List.of("ifi-family", "ifi-type", "ifi-index", "ifi-flags", "ifi-change"),
                List.copyOf(((Map<?, ?>) m.get(15)).keySet()), "member order; padding left out");
        assertArrayEquals(attr(15, IFINFO_BYTES), encode(YNL, m));
    }

    @Test
    void structMembersKeepTheirByteOrder() {
        byte[] mac = {2, 0, 0, 0, 0, 1};
        byte[] bytes = cat(be16(443), u8(6), u8(0), be32(0x0a000001), mac, be64(1L << 40), u16(-5));
        assertEquals(24, TUPLE.size());
        assertEquals(bytes.length, TUPLE.size());
        Map<String, Object> t = withBuffer(bytes, b -> TUPLE.decode(b, b.readerIndex(), b.readableBytes()));
        assertEquals(443, t.get("port"));
        assertEquals("up", t.get("state"));
        assertEquals(0x0a000001L, t.get("addr"));
        assertArrayEquals(mac, (byte[]) t.get("mac"));
        assertEquals(1L << 40, t.get("bytes"));
        assertEquals(-5, t.get("delta"));
        assertArrayEquals(bytes, TUPLE.toBytes(t));
        assertArrayEquals(attr(16, bytes), encode(YNL, map(16, t)));
    }

    @Test
    void aShortStructIsMalformedALongerOneKeepsItsTail() {
        assertMalformedDecode(cat(attr(18, strz("x")), attr(15, new byte[15])),
                "struct ifinfomsg attribute 15 has 15 bytes, needs 16, in IFINFO (at offset 8)");
        MalformedNetlinkException e = withBuffer(new byte[3], b -> assertThrows(MalformedNetlinkException.class,
                () -> IFINFOMSG.decode(b, b.readerIndex(), 3)));
        assertEquals("struct ifinfomsg has 3 bytes, needs 16 (at offset 0)", e.getMessage());

        byte[] newer = cat(IFINFO_BYTES, u32(0xdeadbeef), u16(7));
        Map<Integer, Object> m = decode(YNL, attr(15, newer));
        Map<?, ?> s = (Map<?, ?>) m.get(15);
        assertArrayEquals(cat(u32(0xdeadbeef), u16(7)), (byte[]) s.get(AttributeStruct.TRAILING),
                "members a newer kernel appended");
        assertArrayEquals(attr(15, newer), encode(YNL, m), "and written back");
    }

    @Test
    void structEncodingZeroesMissingMembersAndRefusesStrangers() {
        Map<String, Object> some = new LinkedHashMap<>();
        some.put("ifi-index", 3);
        assertArrayEquals(attr(15, cat(new byte[4], u32(3), new byte[8])), encode(YNL, map(15, some)));
        some.put("ifi-indx", 4);
        assertEncodeFails(map(15, some), "attribute IFINFO of ynl: ifi-indx is not a member of struct ifinfomsg; "
                + "members: ifi-family, ifi-type, ifi-index, ifi-flags, ifi-change");
        assertEncodeFails(map(15, Map.of("ifi-type", 70000)), "attribute IFINFO of ynl: member ifi-type of struct "
                + "ifinfomsg: 70000 does not fit u16");
        assertEncodeFails(map(15, Map.of("ifi-flags", set("promisc"))), "attribute IFINFO of ynl: member ifi-flags "
                + "of struct ifinfomsg: \"promisc\" is not a value of net-device-flags; allowed: up, broadcast, "
                + "debug, loopback, multicast");
        assertEncodeFails(map(16, Map.of("mac", new byte[5])), "attribute TUPLE of ynl: member mac of struct tuple: "
                + "needs 6 bytes, got 5");
        assertEncodeFails(map(15, new ArrayList<>()),
                "attribute IFINFO of ynl: needs a Map, got java.util.ArrayList []");

        ByteBuf out = Unpooled.buffer().writeByte(1);
        try {
            assertThrows(IllegalArgumentException.class, () -> IFINFOMSG.encode(Map.of("ifi-type", -70000), out));
            assertEquals(1, out.writerIndex(), "a failed struct encode leaves the buffer as it was");
            IFINFOMSG.encode(ifinfo(), out);
            assertArrayEquals(cat(u8(1), IFINFO_BYTES), ByteBufUtil.getBytes(out));
        } finally {
            out.release();
        }
    }

    @Test
    void structLayouts() {
        assertEquals(16, IFINFOMSG.size());
        assertEquals(List.of(0, 1, 2, 4, 8, 12), IFINFOMSG.members().stream().map(AttributeStruct.Member::offset)
                .toList());
        assertEquals("ifinfomsg{ifi-family:u8, pad:1, ifi-type:u16, ifi-index:s32, "
                + "ifi-flags:flagsOf(u32, net-device-flags), ifi-change:u32}", IFINFOMSG.toString());
        assertEquals("struct(tuple)", YNL.type(16).toString());
        AttributeStruct.Builder b = AttributeStruct.builder("x").add("a", AttributeType.U8);
        assertThrows(IllegalArgumentException.class, () -> b.add("a", AttributeType.U16), "a name twice");
        assertThrows(IllegalArgumentException.class, () -> b.add("u", AttributeType.UINT), "no fixed width");
        assertThrows(IllegalArgumentException.class, () -> b.add("s", AttributeType.STRING));
        assertThrows(IllegalArgumentException.class, () -> b.binary("z", 0));
        assertThrows(IllegalArgumentException.class, () -> b.add(AttributeStruct.TRAILING, AttributeType.U8));
    }

    // Names as keys.

    @Test
    void encodingTakesKernelNamesAsKeys() {
        Map<Object, Object> byName = new LinkedHashMap<>();
        byName.put("NAME", "eth0");
        byName.put(8, "up");
        byName.put("FLAGS", set("up"));
        assertArrayEquals(cat(attr(18, strz("eth0")), attr(8, u8(6)), attr(12, u32(1))), encode(YNL, byName));
        Map<Object, Object> nested = new LinkedHashMap<>();
        nested.put("CTRL_ATTR_FAMILY_NAME", "nlctrl");
        nested.put("CTRL_ATTR_OPS", List.of(Map.of("CTRL_ATTR_OP_ID", 3)));
        assertArrayEquals(encode(Schemas.CTRL, map(2, "nlctrl", 6, List.of(map(1, 3)))), encode(Schemas.CTRL, nested),
                "names in nests too");
        assertEncodeFails(Map.of("NAEM", "x"), "attribute NAEM of ynl: no attribute of ynl has this name");
    }

    @Test
    void decodingNeverFailsOnWhatTheSpecDoesNotKnow() {
        Map<Integer, Object> m = decode(YNL, cat(attr(99, u32(1)), attr(8, u8(250)), attr(12, u32(1 << 31))));
        assertArrayEquals(u32(1), (byte[]) m.get(99));
        assertEquals(250, m.get(8));
        assertEquals(set("0x80000000"), m.get(12));
        assertFalse(m.containsKey(1));
    }

    private static void assertMalformedDecode(byte[] bytes, String message) {
        MalformedNetlinkException e = withBuffer(bytes, b -> assertThrows(MalformedNetlinkException.class,
                () -> AttributeMapCodec.decode(YNL, b)));
        assertEquals(message, e.getMessage());
    }
}
