package dev.netlink.codec.attr;

import static dev.netlink.codec.attr.NlAttrType.NL_ATTR_TYPE_BITFIELD32;
import static dev.netlink.codec.attr.NlAttrType.NL_ATTR_TYPE_FLAG;
import static dev.netlink.codec.attr.NlAttrType.NL_ATTR_TYPE_INVALID;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One attribute's validation policy as the kernel reports it ({@code netlink_policy_dump_write_attr}): the
 * {@code NL_POLICY_TYPE_ATTR_*} attributes ({@code enum netlink_policy_type_attr}) of one entry of nlctrl's
 * {@code CTRL_CMD_GETPOLICY} answer ({@code CTRL_ATTR_POLICY}), or of the extended ack's
 * {@code NLMSGERR_ATTR_POLICY}. Immutable and thread-safe.
 *
 * <p>What the kernel says about an attribute, not what we declare: its {@link #type()} is an {@link NlAttrType}
 * wire number ({@code NL_ATTR_TYPE_*}), and its ranges and lengths are the kernel's checks. An
 * {@link AttributeType} in an {@link AttributeSchema} is our own description, used to decode and encode values;
 * nothing converts one into the other implicitly.
 *
 * <p>Every component but {@code type} is optional, present only when the kernel sent it: an integer type has a
 * signed or an unsigned range, or a mask; a string or binary has lengths; a nest has the index and highest type
 * of its own policy. u32 values are kept in {@code int}, u64 values in {@code long} (see
 * {@code Integer.toUnsignedString} and {@code Long.toUnsignedString}).
 *
 * @param type           {@code NL_POLICY_TYPE_ATTR_TYPE}: an {@code NL_ATTR_TYPE_*} of {@link NlAttrType};
 *                       {@code NL_ATTR_TYPE_INVALID} (0) when absent
 * @param minValueS      {@code NL_POLICY_TYPE_ATTR_MIN_VALUE_S}: the smallest value of a signed type
 * @param maxValueS      {@code NL_POLICY_TYPE_ATTR_MAX_VALUE_S}: the largest value of a signed type
 * @param minValueU      {@code NL_POLICY_TYPE_ATTR_MIN_VALUE_U}: the smallest value of an unsigned type (u64)
 * @param maxValueU      {@code NL_POLICY_TYPE_ATTR_MAX_VALUE_U}: the largest value of an unsigned type (u64)
 * @param minLength      {@code NL_POLICY_TYPE_ATTR_MIN_LENGTH}: the shortest payload (u32)
 * @param maxLength      {@code NL_POLICY_TYPE_ATTR_MAX_LENGTH}: the longest payload (u32)
 * @param policyIdx      {@code NL_POLICY_TYPE_ATTR_POLICY_IDX}: the index of a nest's policy in the same dump
 * @param policyMaxType  {@code NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE}: the highest attribute type of that policy
 * @param bitfield32Mask {@code NL_POLICY_TYPE_ATTR_BITFIELD32_MASK}: the bits a bitfield32 may carry (u32)
 * @param mask           {@code NL_POLICY_TYPE_ATTR_MASK}: the bits an integer may carry (u64)
 */
public record ReportedPolicy(int type, OptionalLong minValueS, OptionalLong maxValueS, OptionalLong minValueU,
                             OptionalLong maxValueU, OptionalInt minLength, OptionalInt maxLength,
                             OptionalInt policyIdx, OptionalInt policyMaxType, OptionalInt bitfield32Mask,
                             OptionalLong mask) {
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

    private static final String[] POLICY_ATTR_NAMES = {
        "UNSPEC", "TYPE", "MIN_VALUE_S", "MAX_VALUE_S", "MIN_VALUE_U", "MAX_VALUE_U", "MIN_LENGTH", "MAX_LENGTH",
        "POLICY_IDX", "POLICY_MAXTYPE", "BITFIELD32_MASK", "PAD", "MASK",
    };

    /** Checks that no component is {@code null}; use {@code OptionalLong.empty()} for an absent one. */
    public ReportedPolicy {
        Objects.requireNonNull(minValueS, "minValueS");
        Objects.requireNonNull(maxValueS, "maxValueS");
        Objects.requireNonNull(minValueU, "minValueU");
        Objects.requireNonNull(maxValueU, "maxValueU");
        Objects.requireNonNull(minLength, "minLength");
        Objects.requireNonNull(maxLength, "maxLength");
        Objects.requireNonNull(policyIdx, "policyIdx");
        Objects.requireNonNull(policyMaxType, "policyMaxType");
        Objects.requireNonNull(bitfield32Mask, "bitfield32Mask");
        Objects.requireNonNull(mask, "mask");
    }

    /**
     * Writes this policy as the kernel does in {@code CTRL_CMD_GETPOLICY}: the {@code NL_POLICY_TYPE_ATTR_*}
     * attributes that are present, s64/u64 values in 8 bytes. The inverse of {@link #decode(AttributeReader)}.
     */
    public void encode(AttributeWriter w) {
        w.putU32(NL_POLICY_TYPE_ATTR_TYPE, type);
        minValueS.ifPresent(v -> w.putS64(NL_POLICY_TYPE_ATTR_MIN_VALUE_S, v));
        maxValueS.ifPresent(v -> w.putS64(NL_POLICY_TYPE_ATTR_MAX_VALUE_S, v));
        minValueU.ifPresent(v -> w.putU64(NL_POLICY_TYPE_ATTR_MIN_VALUE_U, v));
        maxValueU.ifPresent(v -> w.putU64(NL_POLICY_TYPE_ATTR_MAX_VALUE_U, v));
        minLength.ifPresent(v -> w.putU32(NL_POLICY_TYPE_ATTR_MIN_LENGTH, v));
        maxLength.ifPresent(v -> w.putU32(NL_POLICY_TYPE_ATTR_MAX_LENGTH, v));
        policyIdx.ifPresent(v -> w.putU32(NL_POLICY_TYPE_ATTR_POLICY_IDX, v));
        policyMaxType.ifPresent(v -> w.putU32(NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE, v));
        bitfield32Mask.ifPresent(v -> w.putU32(NL_POLICY_TYPE_ATTR_BITFIELD32_MASK, v));
        mask.ifPresent(v -> w.putU64(NL_POLICY_TYPE_ATTR_MASK, v));
    }

    /** A policy of {@code type} with nothing else: what the kernel sends for, e.g., a plain flag or binary. */
    public static ReportedPolicy of(int type) {
        OptionalLong l = OptionalLong.empty();
        OptionalInt i = OptionalInt.empty();
        return new ReportedPolicy(type, l, l, l, l, i, i, i, i, i, l);
    }

    /**
     * Reads a policy from the {@code NL_POLICY_TYPE_ATTR_*} attributes of {@code block}, from its first attribute
     * (the reader is rewound first). Unknown attributes and {@code NL_POLICY_TYPE_ATTR_PAD} are skipped; a
     * repeated attribute keeps its last value.
     *
     * @throws dev.netlink.codec.MalformedNetlinkException if an attribute is malformed or too short for its type
     */
    public static ReportedPolicy decode(AttributeReader block) {
        int type = NL_ATTR_TYPE_INVALID;
        OptionalLong minS = OptionalLong.empty();
        OptionalLong maxS = OptionalLong.empty();
        OptionalLong minU = OptionalLong.empty();
        OptionalLong maxU = OptionalLong.empty();
        OptionalInt minLen = OptionalInt.empty();
        OptionalInt maxLen = OptionalInt.empty();
        OptionalInt idx = OptionalInt.empty();
        OptionalInt maxType = OptionalInt.empty();
        OptionalInt bitfieldMask = OptionalInt.empty();
        OptionalLong mask = OptionalLong.empty();
        block.rewind();
        while (block.next()) {
            switch (block.type()) {
                case NL_POLICY_TYPE_ATTR_TYPE -> type = block.u32();
                case NL_POLICY_TYPE_ATTR_MIN_VALUE_S -> minS = OptionalLong.of(block.s64());
                case NL_POLICY_TYPE_ATTR_MAX_VALUE_S -> maxS = OptionalLong.of(block.s64());
                case NL_POLICY_TYPE_ATTR_MIN_VALUE_U -> minU = OptionalLong.of(block.u64());
                case NL_POLICY_TYPE_ATTR_MAX_VALUE_U -> maxU = OptionalLong.of(block.u64());
                case NL_POLICY_TYPE_ATTR_MIN_LENGTH -> minLen = OptionalInt.of(block.u32());
                case NL_POLICY_TYPE_ATTR_MAX_LENGTH -> maxLen = OptionalInt.of(block.u32());
                case NL_POLICY_TYPE_ATTR_POLICY_IDX -> idx = OptionalInt.of(block.u32());
                case NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE -> maxType = OptionalInt.of(block.u32());
                case NL_POLICY_TYPE_ATTR_BITFIELD32_MASK -> bitfieldMask = OptionalInt.of(block.u32());
                case NL_POLICY_TYPE_ATTR_MASK -> mask = OptionalLong.of(block.u64());
                default -> {
                    // NL_POLICY_TYPE_ATTR_PAD, or an attribute newer than this library: nothing to keep.
                }
            }
        }
        return new ReportedPolicy(type, minS, maxS, minU, maxU, minLen, maxLen, idx, maxType, bitfieldMask, mask);
    }

    /** The name of {@link #type()}, e.g. {@code "NUL_STRING"} ({@link NlAttrType#toString(int)}). */
    public String typeName() {
        return NlAttrType.toString(type);
    }

    /**
     * This policy in the wording of iproute2's {@code genl ctrl policy}, e.g.
     * {@code "type=NUL_STRING max len:15"} or {@code "type=U32 range:[1,4294967295]"}, with what iproute2 leaves
     * out added at the end ({@code " mask:0x..."}, {@code " bitfield32 mask:0x..."}, a lone minimum or maximum) and
     * the {@code SINT} and {@code UINT} types named (iproute2 6.1 prints {@code unknown}). To compare with
     * iproute2's output, use {@link #toGenlString()}.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(48);
        appendGenl(sb, typeName());
        appendLone(sb, minValueS, maxValueS, false);
        appendLone(sb, minValueU, maxValueU, true);
        if (mask.isPresent()) {
            sb.append(" mask:0x").append(Long.toHexString(mask.getAsLong()));
        }
        if (bitfield32Mask.isPresent()) {
            sb.append(" bitfield32 mask:0x").append(Integer.toHexString(bitfield32Mask.getAsInt()));
        }
        return sb.toString();
    }

    /**
     * Exactly what iproute2's {@code genl ctrl policy} prints for this policy after {@code "attr[N]: "}: the type
     * ({@code unknown} for those iproute2 does not name: {@code INVALID}, {@code SINT}, {@code UINT} and newer),
     * then {@code policy:}, {@code maxattr:}, {@code range:[min,max]} (only when both ends are present),
     * {@code min len:} and {@code max len:}. Masks are not printed.
     */
    public String toGenlString() {
        StringBuilder sb = new StringBuilder(48);
        appendGenl(sb, type >= NL_ATTR_TYPE_FLAG && type <= NL_ATTR_TYPE_BITFIELD32 ? typeName() : "unknown");
        return sb.toString();
    }

    /** {@code "attr[N]: "} followed by {@link #toString()}, as one line of {@code genl ctrl policy}. */
    public String toString(int attributeType) {
        return "attr[" + attributeType + "]: " + this;
    }

    private void appendGenl(StringBuilder sb, String typeName) {
        sb.append("type=").append(typeName);
        policyIdx.ifPresent(v -> sb.append(" policy:").append(Integer.toUnsignedString(v)));
        policyMaxType.ifPresent(v -> sb.append(" maxattr:").append(Integer.toUnsignedString(v)));
        if (minValueS.isPresent() && maxValueS.isPresent()) {
            sb.append(" range:[").append(minValueS.getAsLong()).append(',').append(maxValueS.getAsLong()).append(']');
        }
        if (minValueU.isPresent() && maxValueU.isPresent()) {
            sb.append(" range:[").append(Long.toUnsignedString(minValueU.getAsLong())).append(',')
                    .append(Long.toUnsignedString(maxValueU.getAsLong())).append(']');
        }
        minLength.ifPresent(v -> sb.append(" min len:").append(Integer.toUnsignedString(v)));
        maxLength.ifPresent(v -> sb.append(" max len:").append(Integer.toUnsignedString(v)));
    }

    private static void appendLone(StringBuilder sb, OptionalLong min, OptionalLong max, boolean unsigned) {
        if (min.isPresent() == max.isPresent()) {
            return;
        }
        long v = min.isPresent() ? min.getAsLong() : max.getAsLong();
        sb.append(min.isPresent() ? " min:" : " max:").append(unsigned ? Long.toUnsignedString(v) : Long.toString(v));
    }

    /**
     * Names an {@code NL_POLICY_TYPE_ATTR_*}: {@code "NL_POLICY_TYPE_ATTR_MAX_LENGTH"}; an attribute this class
     * does not know is printed as its decimal number.
     */
    public static String attributeName(int attr) {
        return attr >= 0 && attr < POLICY_ATTR_NAMES.length ? "NL_POLICY_TYPE_ATTR_" + POLICY_ATTR_NAMES[attr]
                : Integer.toString(attr);
    }
}
