package dev.netlink.codec;

/**
 * The {@code nlmsg_flags} bits ({@code NLM_F_*} in {@code include/uapi/linux/netlink.h}).
 *
 * <p>The low byte holds the standard flags, which mean the same in every message. Bits {@code 0x100} to
 * {@code 0x800} mean different things in a GET request ({@code NLM_F_ROOT}, {@code NLM_F_MATCH},
 * {@code NLM_F_ATOMIC}), a NEW request ({@code NLM_F_REPLACE}, {@code NLM_F_EXCL}, {@code NLM_F_CREATE},
 * {@code NLM_F_APPEND}), a DELETE request ({@code NLM_F_NONREC}, {@code NLM_F_BULK}) and an acknowledgement
 * ({@code NLM_F_CAPPED}, {@code NLM_F_ACK_TLVS}); they are therefore only named when the caller says which
 * {@link Kind} of message they belong to. Unknown bits are printed in hex, never dropped. Stateless and
 * thread-safe.
 */
public final class NetlinkFlags {
    /** {@code NLM_F_REQUEST}: it is a request message (set on everything sent to the kernel). */
    public static final int NLM_F_REQUEST = 0x01;
    /** {@code NLM_F_MULTI}: part of a multipart message terminated by {@code NLMSG_DONE}. */
    public static final int NLM_F_MULTI = 0x02;
    /** {@code NLM_F_ACK}: reply with an acknowledgement ({@code NLMSG_ERROR} with error 0) on success. */
    public static final int NLM_F_ACK = 0x04;
    /** {@code NLM_F_ECHO}: echo this request to the sender. */
    public static final int NLM_F_ECHO = 0x08;
    /** {@code NLM_F_DUMP_INTR}: the dump was inconsistent because its data changed while it ran. */
    public static final int NLM_F_DUMP_INTR = 0x10;
    /** {@code NLM_F_DUMP_FILTERED}: the dump was filtered as the request asked. */
    public static final int NLM_F_DUMP_FILTERED = 0x20;

    /** {@code NLM_F_ROOT} (GET request): return the whole table rather than one entry. */
    public static final int NLM_F_ROOT = 0x100;
    /** {@code NLM_F_MATCH} (GET request): return every entry that matches the criteria. */
    public static final int NLM_F_MATCH = 0x200;
    /** {@code NLM_F_ATOMIC} (GET request): return an atomic snapshot of the table. */
    public static final int NLM_F_ATOMIC = 0x400;
    /** {@code NLM_F_DUMP} (GET request): {@code NLM_F_ROOT | NLM_F_MATCH}. */
    public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;

    /** {@code NLM_F_REPLACE} (NEW request): override an existing object. */
    public static final int NLM_F_REPLACE = 0x100;
    /** {@code NLM_F_EXCL} (NEW request): do not touch an object that already exists. */
    public static final int NLM_F_EXCL = 0x200;
    /** {@code NLM_F_CREATE} (NEW request): create the object if it does not exist. */
    public static final int NLM_F_CREATE = 0x400;
    /** {@code NLM_F_APPEND} (NEW request): add to the end of the object list. */
    public static final int NLM_F_APPEND = 0x800;

    /** {@code NLM_F_NONREC} (DELETE request): do not delete recursively. */
    public static final int NLM_F_NONREC = 0x100;
    /** {@code NLM_F_BULK} (DELETE request): delete several objects at once. */
    public static final int NLM_F_BULK = 0x200;

    /** {@code NLM_F_CAPPED} (acknowledgement): the original request's payload was cut from the error. */
    public static final int NLM_F_CAPPED = 0x100;
    /** {@code NLM_F_ACK_TLVS} (acknowledgement): extended-ack TLVs follow the error. */
    public static final int NLM_F_ACK_TLVS = 0x200;

    /** Which meaning the bits {@code 0x100}-{@code 0x800} take. A closed set defined by the kernel header. */
    public enum Kind {
        /** A GET request: ROOT, MATCH, ATOMIC. */
        GET,
        /** A NEW request: REPLACE, EXCL, CREATE, APPEND. */
        NEW,
        /** A DELETE request: NONREC, BULK. */
        DELETE,
        /** An {@code NLMSG_ERROR} or {@code NLMSG_DONE}: CAPPED, ACK_TLVS. */
        ACK
    }

    private static final String[] STANDARD = {
        "REQUEST", "MULTI", "ACK", "ECHO", "DUMP_INTR", "DUMP_FILTERED",
    };
    private static final String[] GET = {"ROOT", "MATCH", "ATOMIC"};
    private static final String[] NEW = {"REPLACE", "EXCL", "CREATE", "APPEND"};
    private static final String[] DELETE = {"NONREC", "BULK"};
    private static final String[] ACK = {"CAPPED", "ACK_TLVS"};

    private NetlinkFlags() {
    }

    /**
     * Names the standard bits of {@code flags}; context-dependent and unknown bits are printed in hex,
     * e.g. {@code "REQUEST|ACK|0x300"}. Returns {@code "0"} for no flags.
     */
    public static String toString(int flags) {
        return toString(flags, null);
    }

    /**
     * Names the bits of {@code flags} as they are meant in a message of the given kind, e.g.
     * {@code "REQUEST|ACK|ROOT|MATCH"} for a GET; bits that have no name there are printed in hex.
     *
     * @param kind the message kind, or {@code null} when unknown
     */
    public static String toString(int flags, Kind kind) {
        if (flags == 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder(32);
        int rest = appendNames(sb, flags, STANDARD, 0);
        if (kind != null) {
            String[] names = switch (kind) {
                case GET -> GET;
                case NEW -> NEW;
                case DELETE -> DELETE;
                case ACK -> ACK;
            };
            rest = appendNames(sb, rest, names, 8);
        }
        if (rest != 0) {
            if (!sb.isEmpty()) {
                sb.append('|');
            }
            sb.append("0x").append(Integer.toHexString(rest));
        }
        return sb.toString();
    }

    private static int appendNames(StringBuilder sb, int flags, String[] names, int firstBit) {
        int rest = flags;
        for (int i = 0; i < names.length; i++) {
            int bit = 1 << (firstBit + i);
            if ((flags & bit) != 0) {
                if (!sb.isEmpty()) {
                    sb.append('|');
                }
                sb.append(names[i]);
                rest &= ~bit;
            }
        }
        return rest;
    }
}
