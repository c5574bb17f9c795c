package dev.netlink.codec.attr;

import static dev.netlink.codec.attr.NetlinkPolicyType.*;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One attribute's validation policy as the kernel reports it ({@code netlink_policy_dump_write_attr}): the
 * {@code NL_POLICY_TYPE_ATTR_*} attributes of one entry of nlctrl's {@code CTRL_ATTR_POLICY}, or of the extended
 * ack's {@code NLMSGERR_ATTR_POLICY}. Immutable and thread-safe.
 *
 * <p>Every component but {@code type} is optional, present only when the kernel sent it: an integer type has a
 * signed or an unsigned range, or a mask; a string or binary has lengths; a nest has the index and highest type
 * of its own policy. u32 values are kept in {@code int}, u64 values in {@code long} (see
 * {@code Integer.toUnsignedString} and {@code Long.toUnsignedString}).
 *
 * @param type           {@code NL_POLICY_TYPE_ATTR_TYPE}: an {@code NL_ATTR_TYPE_*} of {@link NetlinkPolicyType};
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
public record AttributePolicy(int type, OptionalLong minValueS, OptionalLong maxValueS, OptionalLong minValueU,
                              OptionalLong maxValueU, OptionalInt minLength, OptionalInt maxLength,
                              OptionalInt policyIdx, OptionalInt policyMaxType, OptionalInt bitfield32Mask,
                              OptionalLong mask) {

    /** Checks that no component is {@code null}; use {@code OptionalLong.empty()} for an absent one. */
    public AttributePolicy {
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
        w.putU32(NetlinkPolicyType.NL_POLICY_TYPE_ATTR_TYPE, type);
        minValueS.ifPresent(v -> w.putS64(NetlinkPolicyType.NL_POLICY_TYPE_ATTR_MIN_VALUE_S, v));
        maxValueS.ifPresent(v -> w.putS64(NetlinkPolicyType.NL_POLICY_TYPE_ATTR_MAX_VALUE_S, v));
        minValueU.ifPresent(v -> w.putU64(NetlinkPolicyType.NL_POLICY_TYPE_ATTR_MIN_VALUE_U, v));
        maxValueU.ifPresent(v -> w.putU64(NetlinkPolicyType.NL_POLICY_TYPE_ATTR_MAX_VALUE_U, v));
        minLength.ifPresent(v -> w.putU32(NetlinkPolicyType.NL_POLICY_TYPE_ATTR_MIN_LENGTH, v));
        maxLength.ifPresent(v -> w.putU32(NetlinkPolicyType.NL_POLICY_TYPE_ATTR_MAX_LENGTH, v));
        policyIdx.ifPresent(v -> w.putU32(NetlinkPolicyType.NL_POLICY_TYPE_ATTR_POLICY_IDX, v));
        policyMaxType.ifPresent(v -> w.putU32(NetlinkPolicyType.NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE, v));
        bitfield32Mask.ifPresent(v -> w.putU32(NetlinkPolicyType.NL_POLICY_TYPE_ATTR_BITFIELD32_MASK, v));
        mask.ifPresent(v -> w.putU64(NetlinkPolicyType.NL_POLICY_TYPE_ATTR_MASK, v));
    }

    /** A policy of {@code type} with nothing else: what the kernel sends for, e.g., a plain flag or binary. */
    public static AttributePolicy of(int type) {
        OptionalLong l = OptionalLong.empty();
        OptionalInt i = OptionalInt.empty();
        return new AttributePolicy(type, l, l, l, l, i, i, i, i, i, l);
    }

    /**
     * Reads a policy from the {@code NL_POLICY_TYPE_ATTR_*} attributes of {@code block}, from its first attribute
     * (the reader is rewound first). Unknown attributes and {@code NL_POLICY_TYPE_ATTR_PAD} are skipped; a
     * repeated attribute keeps its last value.
     *
     * @throws dev.netlink.codec.MalformedNetlinkException if an attribute is malformed or too short for its type
     */
    public static AttributePolicy decode(AttributeReader block) {
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
        return new AttributePolicy(type, minS, maxS, minU, maxU, minLen, maxLen, idx, maxType, bitfieldMask, mask);
    }

    /** The name of {@link #type()}, e.g. {@code "NUL_STRING"} ({@link NetlinkPolicyType#toString(int)}). */
    public String typeName() {
        return NetlinkPolicyType.toString(type);
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
}
