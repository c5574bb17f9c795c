package dev.netlink.codec.attr;

/**
 * The layout of a netlink attribute, {@code struct nlattr} ({@code include/uapi/linux/netlink.h}): a 2-byte
 * {@code nla_len} (header plus payload, without padding), a 2-byte {@code nla_type} whose top two bits are the
 * {@link #NLA_F_NESTED} and {@link #NLA_F_NET_BYTEORDER} flags, then the payload padded to 4 bytes.
 *
 * <p>Constants and static helpers only; see {@link AttributeReader} and {@link AttributeWriter}.
 */
public final class NetlinkAttribute {
    /** {@code NLA_HDRLEN}: the size of {@code struct nlattr}. */
    public static final int HEADER_LENGTH = 4;
    /** {@code NLA_ALIGNTO}. */
    public static final int ALIGNMENT = 4;
    /** {@code NLA_F_NESTED}: the payload is itself a sequence of attributes. */
    public static final int NLA_F_NESTED = 1 << 15;
    /** {@code NLA_F_NET_BYTEORDER}: the payload is in network (big-endian) byte order. */
    public static final int NLA_F_NET_BYTEORDER = 1 << 14;
    /** {@code NLA_TYPE_MASK}: the bits of {@code nla_type} that hold the type. */
    public static final int NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;
    /** The largest {@code nla_len}. */
    public static final int MAX_LENGTH = 0xffff;

    private NetlinkAttribute() {
    }

    /** {@code NLA_ALIGN(len)}: rounds {@code length} up to a multiple of 4. */
    public static int align(int length) {
        return (length + ALIGNMENT - 1) & ~(ALIGNMENT - 1);
    }

    /** The type bits of a raw {@code nla_type}, without the flags. */
    public static int type(int rawType) {
        return rawType & NLA_TYPE_MASK;
    }
}
