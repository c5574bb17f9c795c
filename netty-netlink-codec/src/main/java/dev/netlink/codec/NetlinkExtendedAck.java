package dev.netlink.codec;

import dev.netlink.codec.attr.ReportedPolicy;
import dev.netlink.codec.attr.AttributeReader;

/**
 * The extended-ack TLVs the kernel appends to {@code NLMSG_ERROR} and {@code NLMSG_DONE} when it sets
 * {@code NLM_F_ACK_TLVS} ({@code enum nlmsgerr_attrs}, {@code NLMSGERR_ATTR_*}): a human-readable message,
 * the offset of the offending attribute in the request, a cookie, the policy the attribute broke, and the
 * type (and nest offset) of a missing attribute.
 *
 * <p>Absent values are {@code null} or {@code -1}. Immutable.
 *
 * @param message     {@code NLMSGERR_ATTR_MSG}: the kernel's text, or {@code null}
 * @param offset      {@code NLMSGERR_ATTR_OFFS}: byte offset of the offending attribute from the start of the
 *                    request's {@code nlmsghdr}, or -1
 * @param cookie      {@code NLMSGERR_ATTR_COOKIE}: an opaque cookie, or {@code null}
 * @param policy      {@code NLMSGERR_ATTR_POLICY}: the policy the offending attribute broke, or {@code null}
 * @param missingType {@code NLMSGERR_ATTR_MISS_TYPE}: the type of a required attribute that was missing, or -1
 * @param missingNest {@code NLMSGERR_ATTR_MISS_NEST}: offset of the nest that lacks it, or -1
 */
public record NetlinkExtendedAck(String message, int offset, byte[] cookie, ReportedPolicy policy,
                                 int missingType, int missingNest) {
    /** {@code NLMSGERR_ATTR_UNUSED}. */
    public static final int NLMSGERR_ATTR_UNUSED = 0;
    /** {@code NLMSGERR_ATTR_MSG}: NUL-terminated error or warning text. */
    public static final int NLMSGERR_ATTR_MSG = 1;
    /** {@code NLMSGERR_ATTR_OFFS}: u32 offset of the offending attribute within the original request. */
    public static final int NLMSGERR_ATTR_OFFS = 2;
    /** {@code NLMSGERR_ATTR_COOKIE}: arbitrary subsystem-specific cookie. */
    public static final int NLMSGERR_ATTR_COOKIE = 3;
    /** {@code NLMSGERR_ATTR_POLICY}: nested {@code NL_POLICY_TYPE_ATTR_*} of the rejected attribute. */
    public static final int NLMSGERR_ATTR_POLICY = 4;
    /** {@code NLMSGERR_ATTR_MISS_TYPE}: u32 type of a missing required attribute. */
    public static final int NLMSGERR_ATTR_MISS_TYPE = 5;
    /** {@code NLMSGERR_ATTR_MISS_NEST}: u32 offset of the nest where the attribute is missing. */
    public static final int NLMSGERR_ATTR_MISS_NEST = 6;

    /** No extended-ack information. */
    public static final NetlinkExtendedAck NONE = new NetlinkExtendedAck(null, -1, null, null, -1, -1);

    /**
     * Reads the TLVs in {@code attrs}; unknown types are skipped.
     *
     * @throws MalformedNetlinkException if a TLV is malformed
     */
    public static NetlinkExtendedAck parse(AttributeReader attrs) {
        String message = null;
        int offset = -1;
        byte[] cookie = null;
        ReportedPolicy policy = null;
        int missingType = -1;
        int missingNest = -1;
        while (attrs.next()) {
            switch (attrs.type()) {
                case NLMSGERR_ATTR_MSG -> message = attrs.string();
                case NLMSGERR_ATTR_OFFS -> offset = attrs.u32();
                case NLMSGERR_ATTR_COOKIE -> cookie = attrs.bytes();
                case NLMSGERR_ATTR_POLICY -> policy = ReportedPolicy.decode(attrs.nested());
                case NLMSGERR_ATTR_MISS_TYPE -> missingType = attrs.u32();
                case NLMSGERR_ATTR_MISS_NEST -> missingNest = attrs.u32();
                default -> {
                    // A TLV newer than this library: skip it.
                }
            }
        }
        if (message == null && offset < 0 && cookie == null && policy == null && missingType < 0
                && missingNest < 0) {
            return NONE;
        }
        return new NetlinkExtendedAck(message, offset, cookie, policy, missingType, missingNest);
    }

    /** Whether any TLV was present. */
    public boolean isPresent() {
        return this != NONE;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ExtendedAck(");
        int start = sb.length();
        if (message != null) {
            sb.append("msg=\"").append(message).append('"');
        }
        append(sb, start, "offset", offset);
        if (cookie != null) {
            sb.append(sb.length() > start ? ", " : "").append("cookie=").append(cookie.length).append('B');
        }
        if (policy != null) {
            sb.append(sb.length() > start ? ", " : "").append("policy=").append(policy);
        }
        append(sb, start, "missingType", missingType);
        append(sb, start, "missingNest", missingNest);
        return sb.append(')').toString();
    }

    private static void append(StringBuilder sb, int start, String name, int value) {
        if (value >= 0) {
            sb.append(sb.length() > start ? ", " : "").append(name).append('=').append(value);
        }
    }
}
