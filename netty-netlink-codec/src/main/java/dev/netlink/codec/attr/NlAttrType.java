package dev.netlink.codec.attr;

/**
 * The kernel's {@code enum netlink_attribute_type} ({@code NL_ATTR_TYPE_*} of {@code include/uapi/linux/netlink.h}):
 * the attribute types a policy dump can name, as the {@code NL_POLICY_TYPE_ATTR_TYPE} of a {@link ReportedPolicy}.
 *
 * <p>Three different things, three names: {@code NlAttrType} is the kernel's wire number for a type <em>in a policy
 * it reports</em> ({@code NL_ATTR_TYPE_NUL_STRING} = 12); {@link ReportedPolicy} is one attribute's whole policy as
 * the kernel reports it (this type plus ranges, lengths, masks); {@link AttributeType} is the type <em>we</em>
 * declare in an {@link AttributeSchema} to decode and encode values (with no wire number of its own). The numbers
 * differ from the kernel's internal {@code enum nla_types} ({@code NLA_U8} …), which never leave the kernel.
 *
 * <p>An open set: a number this class does not know is printed, not rejected. Constants and static helpers only;
 * thread-safe.
 */
public final class NlAttrType {
    /** {@code NL_ATTR_TYPE_INVALID}: unused. */
    public static final int NL_ATTR_TYPE_INVALID = 0;
    /** {@code NL_ATTR_TYPE_FLAG}: present or absent, no payload. */
    public static final int NL_ATTR_TYPE_FLAG = 1;
    /** {@code NL_ATTR_TYPE_U8}. */
    public static final int NL_ATTR_TYPE_U8 = 2;
    /** {@code NL_ATTR_TYPE_U16}. */
    public static final int NL_ATTR_TYPE_U16 = 3;
    /** {@code NL_ATTR_TYPE_U32}. */
    public static final int NL_ATTR_TYPE_U32 = 4;
    /** {@code NL_ATTR_TYPE_U64}. */
    public static final int NL_ATTR_TYPE_U64 = 5;
    /** {@code NL_ATTR_TYPE_S8}. */
    public static final int NL_ATTR_TYPE_S8 = 6;
    /** {@code NL_ATTR_TYPE_S16}. */
    public static final int NL_ATTR_TYPE_S16 = 7;
    /** {@code NL_ATTR_TYPE_S32}. */
    public static final int NL_ATTR_TYPE_S32 = 8;
    /** {@code NL_ATTR_TYPE_S64}. */
    public static final int NL_ATTR_TYPE_S64 = 9;
    /** {@code NL_ATTR_TYPE_BINARY}: bytes, possibly with a minimum and maximum length. */
    public static final int NL_ATTR_TYPE_BINARY = 10;
    /** {@code NL_ATTR_TYPE_STRING}: a string, NUL terminator optional. */
    public static final int NL_ATTR_TYPE_STRING = 11;
    /** {@code NL_ATTR_TYPE_NUL_STRING}: a NUL-terminated string. */
    public static final int NL_ATTR_TYPE_NUL_STRING = 12;
    /** {@code NL_ATTR_TYPE_NESTED}: nested attributes, possibly with their own policy. */
    public static final int NL_ATTR_TYPE_NESTED = 13;
    /** {@code NL_ATTR_TYPE_NESTED_ARRAY}: an array of nests, each with the same policy. */
    public static final int NL_ATTR_TYPE_NESTED_ARRAY = 14;
    /** {@code NL_ATTR_TYPE_BITFIELD32}: {@code struct nla_bitfield32}. */
    public static final int NL_ATTR_TYPE_BITFIELD32 = 15;
    /** {@code NL_ATTR_TYPE_SINT}: a signed integer of 4 or 8 bytes. */
    public static final int NL_ATTR_TYPE_SINT = 16;
    /** {@code NL_ATTR_TYPE_UINT}: an unsigned integer of 4 or 8 bytes. */
    public static final int NL_ATTR_TYPE_UINT = 17;

    private static final String[] TYPE_NAMES = {
        "INVALID", "FLAG", "U8", "U16", "U32", "U64", "S8", "S16", "S32", "S64", "BINARY", "STRING", "NUL_STRING",
        "NESTED", "NESTED_ARRAY", "BITFIELD32", "SINT", "UINT",
    };

    private NlAttrType() {
    }

    /**
     * Names an {@code NL_ATTR_TYPE_*} the way iproute2 does, without the prefix: {@code "NUL_STRING"}; a type this
     * class does not know is printed as its decimal number.
     */
    public static String toString(int type) {
        return type >= 0 && type < TYPE_NAMES.length ? TYPE_NAMES[type] : Integer.toString(type);
    }
}
