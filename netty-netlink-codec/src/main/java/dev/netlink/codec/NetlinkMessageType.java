package dev.netlink.codec;

/**
 * The control message types every netlink protocol shares ({@code NLMSG_*} in
 * {@code include/uapi/linux/netlink.h}); types from {@link #NLMSG_MIN_TYPE} up belong to the protocol
 * (rtnetlink's {@code RTM_*}, a generic netlink family id, ...).
 *
 * <p>{@link #toString(int)} names the four control types and prints any other type in hex, so a type the
 * library does not know survives a round trip. Stateless and thread-safe.
 */
public final class NetlinkMessageType {
    /** {@code NLMSG_NOOP}: nothing; the kernel acknowledges it when {@code NLM_F_ACK} is set. */
    public static final int NLMSG_NOOP = 0x1;
    /** {@code NLMSG_ERROR}: {@code struct nlmsgerr}, an error or (error 0) an acknowledgement. */
    public static final int NLMSG_ERROR = 0x2;
    /** {@code NLMSG_DONE}: the end of a multipart (dump) reply; its payload is an int error and ext-ack TLVs. */
    public static final int NLMSG_DONE = 0x3;
    /** {@code NLMSG_OVERRUN}: data lost (defined by the kernel, never sent by current kernels). */
    public static final int NLMSG_OVERRUN = 0x4;
    /** {@code NLMSG_MIN_TYPE}: the first type a protocol may use for its own messages. */
    public static final int NLMSG_MIN_TYPE = 0x10;

    private NetlinkMessageType() {
    }

    /** Whether {@code type} is one of the reserved control types below {@link #NLMSG_MIN_TYPE}. */
    public static boolean isControl(int type) {
        return type < NLMSG_MIN_TYPE;
    }

    /** Returns {@code "NLMSG_ERROR"} and the like for control types, {@code "0x1a"} for any other. */
    public static String toString(int type) {
        return switch (type) {
            case NLMSG_NOOP -> "NLMSG_NOOP";
            case NLMSG_ERROR -> "NLMSG_ERROR";
            case NLMSG_DONE -> "NLMSG_DONE";
            case NLMSG_OVERRUN -> "NLMSG_OVERRUN";
            default -> "0x" + Integer.toHexString(type);
        };
    }
}
