package dev.netlink.codec;

import dev.netlink.codec.attr.ReportedPolicy;

import java.io.IOException;

/**
 * A request the kernel refused: the errno of an {@code NLMSG_ERROR} (or of an {@code NLMSG_DONE} that ended a
 * dump in error) with everything extended ack adds ({@code NLMSGERR_ATTR_*}) and the request it answers.
 *
 * <p>The message reads, for example:
 * {@code ENOENT (No such file or directory): "Unknown family" at CTRL_ATTR_FAMILY_NAME (offset 20) [request 0x10 seq 3]}.
 * {@link #attributePath()} is filled in by the request correlator, which still holds the request and can name
 * the attribute at {@link #offset()}. Immutable.
 */
public class NetlinkException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;
    private final transient NetlinkExtendedAck extendedAck;
    private final int requestType;
    private final int requestSequence;
    private final String attributePath;

    /**
     * @param errno           the positive errno
     * @param extendedAck     the extended-ack detail, {@link NetlinkExtendedAck#NONE} if none
     * @param requestType     the failed request's {@code nlmsg_type}
     * @param requestSequence the failed request's {@code nlmsg_seq}
     * @param attributePath   the offending attribute's path, e.g. {@code IFLA_LINKINFO.IFLA_INFO_KIND}, or null
     */
    public NetlinkException(int errno, NetlinkExtendedAck extendedAck, int requestType, int requestSequence,
                            String attributePath) {
        super(describe(errno, extendedAck, requestType, requestSequence, attributePath));
        this.errno = errno;
        this.extendedAck = extendedAck == null ? NetlinkExtendedAck.NONE : extendedAck;
        this.requestType = requestType;
        this.requestSequence = requestSequence;
        this.attributePath = attributePath;
    }

    /** This exception with {@link #attributePath()} set; the stack trace is kept. */
    public NetlinkException withAttributePath(String path) {
        NetlinkException e = new NetlinkException(errno, extendedAck, requestType, requestSequence, path);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** The positive errno, e.g. 2. */
    public int errno() {
        return errno;
    }

    /** The errno's name, e.g. {@code "ENOENT"}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** {@code NLMSGERR_ATTR_MSG}: the kernel's own words, or {@code null}. */
    public String extendedAckMessage() {
        return extendedAck.message();
    }

    /** {@code NLMSGERR_ATTR_OFFS}: the offending attribute's offset from the start of the request, or -1. */
    public int offset() {
        return extendedAck.offset();
    }

    /** {@code NLMSGERR_ATTR_MISS_TYPE}: the type of a missing required attribute, or -1. */
    public int missingType() {
        return extendedAck.missingType();
    }

    /** {@code NLMSGERR_ATTR_MISS_NEST}: the offset of the nest lacking it, or -1. */
    public int missingNest() {
        return extendedAck.missingNest();
    }

    /** {@code NLMSGERR_ATTR_POLICY}: the policy the offending attribute broke, or {@code null}. */
    public ReportedPolicy policy() {
        return extendedAck.policy();
    }

    /** {@code NLMSGERR_ATTR_COOKIE}, or {@code null}. */
    public byte[] cookie() {
        byte[] c = extendedAck.cookie();
        return c == null ? null : c.clone();
    }

    /** All extended-ack detail. */
    public NetlinkExtendedAck extendedAck() {
        return extendedAck;
    }

    /** The failed request's {@code nlmsg_type}. */
    public int requestType() {
        return requestType;
    }

    /** The failed request's {@code nlmsg_seq}. */
    public int requestSequence() {
        return requestSequence;
    }

    /** The path of the attribute at {@link #offset()} as the request's schema names it, or {@code null}. */
    public String attributePath() {
        return attributePath;
    }

    private static String describe(int errno, NetlinkExtendedAck ack, int requestType, int requestSequence,
                                   String attributePath) {
        StringBuilder sb = new StringBuilder(96).append(Errno.toString(errno));
        if (ack != null && ack.message() != null) {
            sb.append(": \"").append(ack.message()).append('"');
        }
        if (attributePath != null) {
            sb.append(" at ").append(attributePath);
            if (ack != null && ack.offset() >= 0) {
                sb.append(" (offset ").append(ack.offset()).append(')');
            }
        } else if (ack != null && ack.offset() >= 0) {
            sb.append(" at offset ").append(ack.offset());
        }
        if (ack != null && ack.missingType() >= 0) {
            sb.append(", missing attribute type ").append(ack.missingType());
            if (ack.missingNest() >= 0) {
                sb.append(" in the nest at offset ").append(ack.missingNest());
            }
        }
        if (ack != null && ack.policy() != null) {
            sb.append(", policy: ").append(ack.policy());
        }
        return sb.append(" [request ").append(NetlinkMessageType.toString(requestType)).append(" seq ")
                .append(Integer.toUnsignedString(requestSequence)).append(']').toString();
    }
}
