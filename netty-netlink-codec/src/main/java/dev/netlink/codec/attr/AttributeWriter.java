package dev.netlink.codec.attr;

import dev.netlink.codec.HostOrder;
import dev.netlink.codec.ShortCopy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.nio.charset.StandardCharsets;

/**
 * Appends netlink attributes ({@code struct nlattr}) to a {@link ByteBuf}: writes the header, the payload in
 * host byte order and zeroed padding to the next 4-byte boundary, the way the kernel's {@code nla_put*} does.
 *
 * <p>Nesting: {@link #startNested(int)} writes a header with a placeholder length and returns its index;
 * {@link #endNested(int)} fixes the length once the nested attributes are written. A nest or attribute whose
 * length would not fit {@code nla_len} (64 KiB) is refused with {@link IllegalArgumentException}.
 *
 * <pre>{@code
 * AttributeWriter w = new AttributeWriter(buf);
 * w.putString(CTRL_ATTR_FAMILY_NAME, "ethtool");
 * int nest = w.startNested(ETHTOOL_A_LINKINFO_HEADER);
 * w.putString(ETHTOOL_A_HEADER_DEV_NAME, "lo");
 * w.endNested(nest);
 * }</pre>
 *
 * <p>Writes at the buffer's writer index and never releases it. Not thread-safe.
 */
public final class AttributeWriter {
    private static final int NO_PADDING = 0;

    private final ByteBuf buf;

    /** A writer appending to {@code buf} at its writer index. */
    public AttributeWriter(ByteBuf buf) {
        this.buf = buf;
    }

    /** The buffer written to. */
    public ByteBuf buffer() {
        return buf;
    }

    /** Writes an {@code NLA_U8} attribute. */
    public AttributeWriter putU8(int type, int value) {
        header(type, 1);
        buf.writeByte(value);
        return pad(1);
    }

    /** Writes an {@code NLA_U16} attribute in host byte order. */
    public AttributeWriter putU16(int type, int value) {
        header(type, 2);
        writeShort(value);
        return pad(2);
    }

    /** Writes an {@code NLA_U32} attribute in host byte order. */
    public AttributeWriter putU32(int type, int value) {
        header(type, 4);
        writeInt(value);
        return this;
    }

    /** Writes an {@code NLA_U64} attribute in host byte order. */
    public AttributeWriter putU64(int type, long value) {
        header(type, 8);
        HostOrder.writeI64(buf, value);
        return this;
    }

    /** Writes an {@code NLA_S8} attribute. */
    public AttributeWriter putS8(int type, int value) {
        return putU8(type, value);
    }

    /** Writes an {@code NLA_S16} attribute. */
    public AttributeWriter putS16(int type, int value) {
        return putU16(type, value);
    }

    /** Writes an {@code NLA_S32} attribute. */
    public AttributeWriter putS32(int type, int value) {
        return putU32(type, value);
    }

    /** Writes an {@code NLA_S64} attribute. */
    public AttributeWriter putS64(int type, long value) {
        return putU64(type, value);
    }

    /**
     * Writes a 16-bit value in network byte order with {@code NLA_F_NET_BYTEORDER} set, as a port number in
     * netfilter attributes.
     */
    public AttributeWriter putBe16(int type, int value) {
        header(type | NetlinkAttribute.NLA_F_NET_BYTEORDER, 2);
        buf.writeShort(value);
        return pad(2);
    }

    /** Writes a 32-bit value in network byte order with {@code NLA_F_NET_BYTEORDER} set. */
    public AttributeWriter putBe32(int type, int value) {
        header(type | NetlinkAttribute.NLA_F_NET_BYTEORDER, 4);
        buf.writeInt(value);
        return this;
    }

    /**
     * Writes a 16-bit value in network byte order without {@code NLA_F_NET_BYTEORDER}: YNL's
     * {@code byte-order: big-endian} attributes, which the kernel writes with {@code nla_put_be16} and no flag
     * (set the flag in {@code type}, or use {@link #putBe16}, for families that want it).
     */
    public AttributeWriter putBigEndian16(int type, int value) {
        header(type, 2);
        buf.writeShort(value);
        return pad(2);
    }

    /** Writes a 32-bit value in network byte order without {@code NLA_F_NET_BYTEORDER} ({@code nla_put_be32}). */
    public AttributeWriter putBigEndian32(int type, int value) {
        header(type, 4);
        buf.writeInt(value);
        return this;
    }

    /** Writes a 64-bit value in network byte order without {@code NLA_F_NET_BYTEORDER} ({@code nla_put_be64}). */
    public AttributeWriter putBigEndian64(int type, long value) {
        header(type, 8);
        buf.writeLong(value);
        return this;
    }

    /**
     * Writes the kernel's variable-width unsigned integer ({@code NLA_UINT}): 4 bytes when the value fits in
     * 32 bits, else 8 ({@code nla_put_uint}).
     */
    public AttributeWriter putUint(int type, long value) {
        return (value & 0xffffffff00000000L) == 0 ? putU32(type, (int) value) : putU64(type, value);
    }

    /** Writes the kernel's variable-width signed integer ({@code NLA_SINT}): 4 bytes when it fits, else 8. */
    public AttributeWriter putSint(int type, long value) {
        return value == (int) value ? putS32(type, (int) value) : putS64(type, value);
    }

    /** Writes a NUL-terminated UTF-8 string ({@code NLA_NUL_STRING}, and what {@code NLA_STRING} accepts). */
    public AttributeWriter putString(int type, CharSequence value) {
        int len = ByteBufUtil.utf8Bytes(value) + 1;
        header(type, len);
        writeUtf8(value, len - 1);
        buf.writeByte(0);
        return pad(len);
    }

    /** Writes a UTF-8 string without a terminating NUL. */
    public AttributeWriter putStringNoNul(int type, CharSequence value) {
        int len = ByteBufUtil.utf8Bytes(value);
        header(type, len);
        writeUtf8(value, len);
        return pad(len);
    }

    /**
     * Writes {@code value}, {@code utf8Length} bytes in UTF-8. An ASCII string (names of links, families, kinds)
     * byte by byte: Netty's own UTF-8 writer makes a {@code ByteBuffer} per call on a direct buffer without
     * {@code Unsafe}, as on JDK 25.
     */
    private void writeUtf8(CharSequence value, int utf8Length) {
        if (utf8Length == value.length()) {
            buf.ensureWritable(utf8Length);
            for (int i = 0; i < utf8Length; i++) {
                buf.writeByte(value.charAt(i));
            }
        } else {
            buf.writeCharSequence(value, StandardCharsets.UTF_8);
        }
    }

    /** Writes raw bytes ({@code NLA_BINARY}). */
    public AttributeWriter putBinary(int type, byte[] value) {
        header(type, value.length);
        buf.writeBytes(value);
        return pad(value.length);
    }

    /** Writes the readable bytes of {@code value} ({@code NLA_BINARY}) without moving its reader index. */
    public AttributeWriter putBinary(int type, ByteBuf value) {
        int len = value.readableBytes();
        header(type, len);
        ShortCopy.writeBytes(buf, value, value.readerIndex(), len);
        return pad(len);
    }

    /** Writes a flag attribute ({@code NLA_FLAG}): a header with no payload. */
    public AttributeWriter putFlag(int type) {
        header(type, 0);
        return this;
    }

    /** Writes {@code struct nla_bitfield32} ({@code NLA_BITFIELD32}). */
    public AttributeWriter putBitfield32(int type, int value, int selector) {
        header(type, 8);
        writeInt(value);
        writeInt(selector);
        return this;
    }

    /** Writes {@code struct nla_bitfield32} ({@code NLA_BITFIELD32}). */
    public AttributeWriter putBitfield32(int type, Bitfield32 value) {
        return putBitfield32(type, value.value(), value.selector());
    }

    /**
     * Starts a nested attribute with {@code NLA_F_NESTED} set, as current kernels expect.
     *
     * @return the index of its header, to pass to {@link #endNested(int)}
     */
    public int startNested(int type) {
        return startNested(type, true);
    }

    /**
     * Starts a nested attribute.
     *
     * @param setNestedFlag whether to set {@code NLA_F_NESTED} (old families' policies reject it)
     * @return the index of its header, to pass to {@link #endNested(int)}
     */
    public int startNested(int type, boolean setNestedFlag) {
        checkType(type);
        int start = buf.writerIndex();
        writeShort(0);
        writeShort(setNestedFlag ? type | NetlinkAttribute.NLA_F_NESTED : type);
        return start;
    }

    /** Ends the nested attribute started at {@code start}, writing its {@code nla_len}. */
    public AttributeWriter endNested(int start) {
        int len = buf.writerIndex() - start;
        if (len > NetlinkAttribute.MAX_LENGTH) {
            throw new IllegalArgumentException("nested attribute of " + len + " bytes exceeds nla_len's 65535");
        }
        HostOrder.setI16(buf, start, len);
        return this;
    }

    private void header(int type, int payloadLength) {
        checkType(type);
        int len = NetlinkAttribute.HEADER_LENGTH + payloadLength;
        if (len > NetlinkAttribute.MAX_LENGTH) {
            throw new IllegalArgumentException("attribute type " + NetlinkAttribute.type(type) + " of " + len
                    + " bytes exceeds nla_len's 65535");
        }
        buf.ensureWritable(NetlinkAttribute.align(len));
        writeShort(len);
        writeShort(type);
    }

    private static void checkType(int type) {
        if ((type & ~0xffff) != 0) {
            throw new IllegalArgumentException("attribute type 0x" + Integer.toHexString(type)
                    + " does not fit nla_type's 16 bits");
        }
    }

    private void writeShort(int value) {
        HostOrder.writeI16(buf, value);
    }

    private void writeInt(int value) {
        HostOrder.writeI32(buf, value);
    }

    private AttributeWriter pad(int payloadLength) {
        int padding = NetlinkAttribute.align(payloadLength) - payloadLength;
        if (padding != NO_PADDING) {
            buf.writeZero(padding);
        }
        return this;
    }
}
