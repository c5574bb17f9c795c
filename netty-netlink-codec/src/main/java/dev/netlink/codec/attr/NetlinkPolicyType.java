package dev.netlink.codec.attr;

/**
 * The constants of a policy dump ({@code include/uapi/linux/netlink.h}): {@code enum netlink_attribute_type}
 * ({@code NL_ATTR_TYPE_*}, the attribute types a policy can name) and {@code enum netlink_policy_type_attr}
 * ({@code NL_POLICY_TYPE_ATTR_*}, the attributes describing one attribute's policy), as nlctrl's
 * {@code CTRL_CMD_GETPOLICY} and the extended ack's {@code NLMSGERR_ATTR_POLICY} report them.
 *
 * <p>Open sets: a number this class does not know is printed, not rejected. Constants and static helpers only.
 */
public final class NetlinkPolicyType {
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

    /** {@code NL_POLICY_TYPE_ATTR_UNSPEC}: unused. */
    public static final int NL_POLICY_TYPE_ATTR_UNSPEC = 0;
    /** {@code NL_POLICY_TYPE_ATTR_TYPE}: u32, the attribute's {@code NL_ATTR_TYPE_*}. */
    public static final int NL_POLICY_TYPE_ATTR_TYPE = 1;
    /** {@code NL_POLICY_TYPE_ATTR_MIN_VALUE_S}: s64, the smallest value of a signed type. */
    public static final int NL_POLICY_TYPE_ATTR_MIN_VALUE_S = 2;
    /** {@code NL_POLICY_TYPE_ATTR_MAX_VALUE_S}: s64, the largest value of a signed type. */
    public static final int NL_POLICY_TYPE_ATTR_MAX_VALUE_S = 3;
    /** {@code NL_POLICY_TYPE_ATTR_MIN_VALUE_U}: u64, the smallest value of an unsigned type. */
    public static final int NL_POLICY_TYPE_ATTR_MIN_VALUE_U = 4;
    /** {@code NL_POLICY_TYPE_ATTR_MAX_VALUE_U}: u64, the largest value of an unsigned type. */
    public static final int NL_POLICY_TYPE_ATTR_MAX_VALUE_U = 5;
    /** {@code NL_POLICY_TYPE_ATTR_MIN_LENGTH}: u32, the shortest payload of a binary or string. */
    public static final int NL_POLICY_TYPE_ATTR_MIN_LENGTH = 6;
    /** {@code NL_POLICY_TYPE_ATTR_MAX_LENGTH}: u32, the longest payload of a binary or string. */
    public static final int NL_POLICY_TYPE_ATTR_MAX_LENGTH = 7;
    /** {@code NL_POLICY_TYPE_ATTR_POLICY_IDX}: u32, the index of a nest's own policy in the same dump. */
    public static final int NL_POLICY_TYPE_ATTR_POLICY_IDX = 8;
    /** {@code NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE}: u32, the highest attribute type of that nested policy. */
    public static final int NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE = 9;
    /** {@code NL_POLICY_TYPE_ATTR_BITFIELD32_MASK}: u32, the bits a bitfield32 may set. */
    public static final int NL_POLICY_TYPE_ATTR_BITFIELD32_MASK = 10;
    /** {@code NL_POLICY_TYPE_ATTR_PAD}: alignment padding before a 64-bit value. */
    public static final int NL_POLICY_TYPE_ATTR_PAD = 11;
    /** {@code NL_POLICY_TYPE_ATTR_MASK}: u64, the bits an integer may set. */
    public static final int NL_POLICY_TYPE_ATTR_MASK = 12;

    private static final String[] TYPE_NAMES = {
        "INVALID", "FLAG", "U8", "U16", "U32", "U64", "S8", "S16", "S32", "S64", "BINARY", "STRING", "NUL_STRING",
        "NESTED", "NESTED_ARRAY", "BITFIELD32", "SINT", "UINT",
    };

    private static final String[] POLICY_ATTR_NAMES = {
        "UNSPEC", "TYPE", "MIN_VALUE_S", "MAX_VALUE_S", "MIN_VALUE_U", "MAX_VALUE_U", "MIN_LENGTH", "MAX_LENGTH",
        "POLICY_IDX", "POLICY_MAXTYPE", "BITFIELD32_MASK", "PAD", "MASK",
    };

    private NetlinkPolicyType() {
    }

    /**
     * Names an {@code NL_ATTR_TYPE_*} the way iproute2 does, without the prefix: {@code "NUL_STRING"}; a type this
     * class does not know is printed as its decimal number.
     */
    public static String toString(int type) {
        return type >= 0 && type < TYPE_NAMES.length ? TYPE_NAMES[type] : Integer.toString(type);
    }

    /**
     * Names an {@code NL_POLICY_TYPE_ATTR_*}: {@code "NL_POLICY_TYPE_ATTR_MAX_LENGTH"}; an attribute this class
     * does not know is printed as its decimal number.
     */
    public static String policyAttrToString(int attr) {
        return attr >= 0 && attr < POLICY_ATTR_NAMES.length ? "NL_POLICY_TYPE_ATTR_" + POLICY_ATTR_NAMES[attr]
                : Integer.toString(attr);
    }
}
