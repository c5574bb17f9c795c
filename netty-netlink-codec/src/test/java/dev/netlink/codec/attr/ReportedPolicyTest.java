package dev.netlink.codec.attr;

import static dev.netlink.codec.attr.Nla.attr;
import static dev.netlink.codec.attr.Nla.cat;
import static dev.netlink.codec.attr.Nla.u16;
import static dev.netlink.codec.attr.Nla.u32;
import static dev.netlink.codec.attr.Nla.u64;
import static dev.netlink.codec.attr.NlAttrType.*;
import static dev.netlink.codec.attr.ReportedPolicy.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlink.codec.MalformedNetlinkException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ReportedPolicyTest {
    /** The policy an {@code NL_POLICY_TYPE_ATTR_*} block built by hand decodes to. */
    private static ReportedPolicy decode(byte[]... attrs) {
        ByteBuf buf = Unpooled.wrappedBuffer(cat(attrs));
        try {
            return ReportedPolicy.decode(AttributeReader.of(buf));
        } finally {
            buf.release();
        }
    }

    private static byte[] type(int t) {
        return attr(NL_POLICY_TYPE_ATTR_TYPE, u32(t));
    }

    @Test
    void nulStringWithMaxLengthAsNlctrlReportsIt() {
        ReportedPolicy p = decode(type(NL_ATTR_TYPE_NUL_STRING), attr(NL_POLICY_TYPE_ATTR_MAX_LENGTH, u32(15)));
        assertEquals(NL_ATTR_TYPE_NUL_STRING, p.type());
        assertEquals("NUL_STRING", p.typeName());
        assertEquals(OptionalInt.of(15), p.maxLength());
        assertFalse(p.minLength().isPresent());
        assertFalse(p.policyIdx().isPresent());
        assertFalse(p.minValueU().isPresent());
        assertEquals("type=NUL_STRING max len:15", p.toString());
        assertEquals("type=NUL_STRING max len:15", p.toGenlString());
        assertEquals("attr[2]: type=NUL_STRING max len:15", p.toString(2));
    }

    @Test
    void unsignedRangeAfterPadding() {
        // nla_put_u64_64bit puts an NL_POLICY_TYPE_ATTR_PAD before a u64 on machines that need 8-byte alignment.
        ReportedPolicy p = decode(type(NL_ATTR_TYPE_U32), attr(NL_POLICY_TYPE_ATTR_PAD),
                attr(NL_POLICY_TYPE_ATTR_MIN_VALUE_U, u64(1)), attr(NL_POLICY_TYPE_ATTR_MAX_VALUE_U, u64(0xffffffffL)));
        assertEquals(OptionalLong.of(1), p.minValueU());
        assertEquals(OptionalLong.of(0xffffffffL), p.maxValueU());
        assertFalse(p.minValueS().isPresent());
        assertEquals("type=U32 range:[1,4294967295]", p.toString());
        assertEquals("type=U16 range:[0,65535]", decode(type(NL_ATTR_TYPE_U16),
                attr(NL_POLICY_TYPE_ATTR_MIN_VALUE_U, u64(0)), attr(NL_POLICY_TYPE_ATTR_MAX_VALUE_U, u64(65535)))
                .toGenlString());
    }

    @Test
    void u64RangesPrintUnsigned() {
        ReportedPolicy p = decode(type(NL_ATTR_TYPE_U64), attr(NL_POLICY_TYPE_ATTR_MIN_VALUE_U, u64(0)),
                attr(NL_POLICY_TYPE_ATTR_MAX_VALUE_U, u64(-1L)));
        assertEquals("type=U64 range:[0,18446744073709551615]", p.toString());
    }

    @Test
    void signedRange() {
        ReportedPolicy p = decode(type(NL_ATTR_TYPE_S32), attr(NL_POLICY_TYPE_ATTR_MIN_VALUE_S, u64(-5)),
                attr(NL_POLICY_TYPE_ATTR_MAX_VALUE_S, u64(5)));
        assertEquals(OptionalLong.of(-5), p.minValueS());
        assertEquals(OptionalLong.of(5), p.maxValueS());
        assertEquals("type=S32 range:[-5,5]", p.toString());
        assertEquals("type=S32 range:[-5,5]", p.toGenlString());
    }

    @Test
    void nestedPolicyReference() {
        ReportedPolicy p = decode(type(NL_ATTR_TYPE_NESTED), attr(NL_POLICY_TYPE_ATTR_POLICY_IDX, u32(3)),
                attr(NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE, u32(4)));
        assertEquals(OptionalInt.of(3), p.policyIdx());
        assertEquals(OptionalInt.of(4), p.policyMaxType());
        assertEquals("type=NESTED policy:3 maxattr:4", p.toString());
        assertEquals("type=NESTED_ARRAY policy:1 maxattr:2", decode(type(NL_ATTR_TYPE_NESTED_ARRAY),
                attr(NL_POLICY_TYPE_ATTR_POLICY_IDX, u32(1)), attr(NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE, u32(2)))
                .toGenlString());
    }

    @Test
    void binaryLengths() {
        ReportedPolicy p = decode(type(NL_ATTR_TYPE_BINARY), attr(NL_POLICY_TYPE_ATTR_MIN_LENGTH, u32(4)),
                attr(NL_POLICY_TYPE_ATTR_MAX_LENGTH, u32(16)));
        assertEquals(OptionalInt.of(4), p.minLength());
        assertEquals("type=BINARY min len:4 max len:16", p.toString());
    }

    @Test
    void masksAreShownButNotInIproute2Wording() {
        ReportedPolicy p = decode(type(NL_ATTR_TYPE_U32), attr(NL_POLICY_TYPE_ATTR_MASK, u64(0x7)));
        assertEquals(OptionalLong.of(7), p.mask());
        assertEquals("type=U32 mask:0x7", p.toString());
        assertEquals("type=U32", p.toGenlString(), "iproute2 prints no mask");
        ReportedPolicy b = decode(type(NL_ATTR_TYPE_BITFIELD32),
                attr(NL_POLICY_TYPE_ATTR_BITFIELD32_MASK, u32(0x80000003)));
        assertEquals(OptionalInt.of(0x80000003), b.bitfield32Mask());
        assertEquals("type=BITFIELD32 bitfield32 mask:0x80000003", b.toString());
        assertEquals("type=BITFIELD32", b.toGenlString());
    }

    @Test
    void variableWidthTypesAreUnknownToIproute2() {
        ReportedPolicy p = decode(type(NL_ATTR_TYPE_UINT), attr(NL_POLICY_TYPE_ATTR_MIN_VALUE_U, u64(0)),
                attr(NL_POLICY_TYPE_ATTR_MAX_VALUE_U, u64(-1L)));
        assertEquals("type=UINT range:[0,18446744073709551615]", p.toString());
        assertEquals("type=unknown range:[0,18446744073709551615]", p.toGenlString());
        assertEquals("type=unknown", decode(type(NL_ATTR_TYPE_SINT)).toGenlString());
        assertEquals("type=SINT", decode(type(NL_ATTR_TYPE_SINT)).toString());
        assertEquals("type=40", decode(type(40)).toString());
        assertEquals("type=unknown", decode(type(40)).toGenlString());
    }

    @Test
    void loneBoundsAreShownOnlyInToString() {
        ReportedPolicy p = decode(type(NL_ATTR_TYPE_S8), attr(NL_POLICY_TYPE_ATTR_MIN_VALUE_S, u64(-3)));
        assertEquals("type=S8 min:-3", p.toString());
        assertEquals("type=S8", p.toGenlString());
        ReportedPolicy u = decode(type(NL_ATTR_TYPE_U8), attr(NL_POLICY_TYPE_ATTR_MAX_VALUE_U, u64(200)));
        assertEquals("type=U8 max:200", u.toString());
    }

    @Test
    void unknownAttributesAreIgnoredAndTypeMayBeMissing() {
        ReportedPolicy p = decode(attr(99, u16(1)), attr(NL_POLICY_TYPE_ATTR_MAX_LENGTH, u32(8)));
        assertEquals(NL_ATTR_TYPE_INVALID, p.type());
        assertEquals("type=INVALID max len:8", p.toString());
        assertEquals(ReportedPolicy.of(NL_ATTR_TYPE_FLAG), decode(type(NL_ATTR_TYPE_FLAG), attr(40)));
    }

    @Test
    void everyAttributeDecodes() {
        ReportedPolicy p = decode(type(NL_ATTR_TYPE_U64), attr(NL_POLICY_TYPE_ATTR_MIN_VALUE_S, u64(-1)),
                attr(NL_POLICY_TYPE_ATTR_MAX_VALUE_S, u64(1)), attr(NL_POLICY_TYPE_ATTR_MIN_VALUE_U, u64(2)),
                attr(NL_POLICY_TYPE_ATTR_MAX_VALUE_U, u64(3)), attr(NL_POLICY_TYPE_ATTR_MIN_LENGTH, u32(4)),
                attr(NL_POLICY_TYPE_ATTR_MAX_LENGTH, u32(5)), attr(NL_POLICY_TYPE_ATTR_POLICY_IDX, u32(6)),
                attr(NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE, u32(7)), attr(NL_POLICY_TYPE_ATTR_BITFIELD32_MASK, u32(8)),
                attr(NL_POLICY_TYPE_ATTR_MASK, u64(9)));
        assertEquals(new ReportedPolicy(NL_ATTR_TYPE_U64, OptionalLong.of(-1), OptionalLong.of(1), OptionalLong.of(2),
                OptionalLong.of(3), OptionalInt.of(4), OptionalInt.of(5), OptionalInt.of(6), OptionalInt.of(7),
                OptionalInt.of(8), OptionalLong.of(9)), p);
        assertEquals("type=U64 policy:6 maxattr:7 range:[-1,1] range:[2,3] min len:4 max len:5 mask:0x9 "
                + "bitfield32 mask:0x8", p.toString());
    }

    @Test
    void decodingRewindsTheReader() {
        ByteBuf buf = Unpooled.wrappedBuffer(cat(type(NL_ATTR_TYPE_U8), attr(NL_POLICY_TYPE_ATTR_MAX_LENGTH, u32(1))));
        try {
            AttributeReader r = AttributeReader.of(buf);
            assertTrue(r.next());
            assertTrue(r.next());
            assertEquals(NL_ATTR_TYPE_U8, ReportedPolicy.decode(r).type());
        } finally {
            buf.release();
        }
    }

    @Test
    void tooShortValuesAreMalformed() {
        MalformedNetlinkException e = assertThrows(MalformedNetlinkException.class,
                () -> decode(type(NL_ATTR_TYPE_U8), attr(NL_POLICY_TYPE_ATTR_MAX_VALUE_U, u32(1))));
        assertEquals(8, e.offset());
        assertEquals("u64 attribute 5 has 4 bytes, needs 8 (at offset 8)", e.getMessage());
    }

    @Test
    void componentsMayNotBeNull() {
        assertThrows(NullPointerException.class, () -> new ReportedPolicy(1, null, OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalInt.empty(), OptionalInt.empty(),
                OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalLong.empty()));
    }

    @Test
    void policyConstantsAreNamed() {
        String[] types = {"INVALID", "FLAG", "U8", "U16", "U32", "U64", "S8", "S16", "S32", "S64", "BINARY", "STRING",
            "NUL_STRING", "NESTED", "NESTED_ARRAY", "BITFIELD32", "SINT", "UINT"};
        for (int i = 0; i < types.length; i++) {
            assertEquals(types[i], NlAttrType.toString(i));
        }
        assertEquals(17, NL_ATTR_TYPE_UINT);
        assertEquals(16, NL_ATTR_TYPE_SINT);
        assertEquals(15, NL_ATTR_TYPE_BITFIELD32);
        assertEquals("18", NlAttrType.toString(18));
        assertEquals("-1", NlAttrType.toString(-1));
        assertEquals("NL_POLICY_TYPE_ATTR_TYPE", ReportedPolicy.attributeName(NL_POLICY_TYPE_ATTR_TYPE));
        assertEquals("NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE",
                ReportedPolicy.attributeName(NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE));
        assertEquals("NL_POLICY_TYPE_ATTR_MASK", ReportedPolicy.attributeName(12));
        assertEquals("13", ReportedPolicy.attributeName(13));
        assertEquals(11, NL_POLICY_TYPE_ATTR_PAD);
    }
}
