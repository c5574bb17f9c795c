package dev.netlink.codec.attr;

import dev.netlink.codec.HostOrder;
import dev.netlink.codec.MalformedNetlinkException;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * A cursor over a block of netlink attributes ({@code struct nlattr} sequences) that reads them in place,
 * without copying or allocating per attribute: {@link #next()} moves to the next attribute, the typed getters
 * read the current one.
 *
 * <p>Every length is checked: an {@code nla_len} below 4 or past the end of the block, and a payload whose length
 * is not the getter's width, raise {@link MalformedNetlinkException} naming the offset (from the start of the
 * outermost block) and the attribute's path, e.g. {@code 2.1} for type 1 nested in type 2. The fixed-width getters
 * ({@code u8} … {@code s64}, {@code bitfield32}, {@code be16} … {@code be64}) need exactly their width, as the
 * kernel's strict validation ({@code NL_VALIDATE_STRICT_ATTRS}) and mdlayher/netlink do: a 3-byte payload is not a
 * u8 or a u16; {@code uint}/{@code sint} need exactly 4 or 8 bytes. Multi-byte values are read in host byte order
 * unless the attribute has {@link NetlinkAttribute#NLA_F_NET_BYTEORDER}, or in network order by the {@code be*}
 * getters whatever the flag says. Unknown types are simply visited; nothing is lost.
 *
 * <pre>{@code
 * AttributeReader attrs = AttributeReader.of(payload);
 * while (attrs.next()) {
 *     switch (attrs.type()) {
 *         case CTRL_ATTR_FAMILY_ID -> id = attrs.u16();
 *         case CTRL_ATTR_FAMILY_NAME -> name = attrs.string();
 *         case CTRL_ATTR_OPS -> readOps(attrs.nested());
 *     }
 * }
 * }</pre>
 *
 * <p>The reader does not retain or release its buffer; the buffer must stay alive while it is used.
 * Not thread-safe; a reader is meant to be used by one thread and may be {@link #reset reset} and reused.
 */
public final class AttributeReader {
    private ByteBuf buf;
    private int start;
    private int end;
    private int base;
    private AttributeReader parent;
    private int parentType;

    private int next;
    private int offset = -1;
    private int rawType;
    private int dataIndex;
    private int dataLength;

    /** A reader with no block; call {@link #reset(ByteBuf, int, int)} before use. */
    public AttributeReader() {
        this.buf = null;
    }

    /** A reader over {@code length} bytes of {@code buf} from {@code index}. */
    public AttributeReader(ByteBuf buf, int index, int length) {
        reset(buf, index, length);
    }

    /** A reader over the readable bytes of {@code buf}; the buffer's indices are not moved. */
    public static AttributeReader of(ByteBuf buf) {
        return new AttributeReader(buf, buf.readerIndex(), buf.readableBytes());
    }

    /** Points this reader at a new block, forgetting the current position. */
    public AttributeReader reset(ByteBuf buf, int index, int length) {
        if (index < 0 || length < 0 || index + length > buf.capacity()) {
            throw new IndexOutOfBoundsException("block " + index + "+" + length + " outside " + buf);
        }
        this.buf = buf;
        this.start = index;
        this.end = index + length;
        this.base = index;
        this.parent = null;
        rewind();
        return this;
    }

    /** Goes back to before the first attribute of the block. */
    public AttributeReader rewind() {
        next = start;
        offset = -1;
        rawType = 0;
        dataIndex = 0;
        dataLength = 0;
        return this;
    }

    /**
     * Moves to the next attribute.
     *
     * @return {@code false} at the end of the block
     * @throws MalformedNetlinkException if the attribute's header or length does not fit the block
     */
    public boolean next() {
        if (next >= end) {
            offset = -1;
            return false;
        }
        int remaining = end - next;
        if (remaining < NetlinkAttribute.HEADER_LENGTH) {
            throw malformed(next, "truncated attribute header: " + remaining + " bytes left");
        }
        int header = HostOrder.getI32(buf, next); // nla_len and nla_type in one read: each read has a cost
        int len = HostOrder.LITTLE_ENDIAN ? header & 0xffff : header >>> 16;
        int type = HostOrder.LITTLE_ENDIAN ? header >>> 16 : header & 0xffff;
        if (len < NetlinkAttribute.HEADER_LENGTH) {
            throw malformed(next, "nla_len " + len + " below the 4-byte header, type " + NetlinkAttribute.type(type));
        }
        if (len > remaining) {
            throw malformed(next, "nla_len " + len + " of type " + NetlinkAttribute.type(type) + " overruns the "
                    + remaining + " bytes left");
        }
        offset = next;
        rawType = type;
        dataIndex = next + NetlinkAttribute.HEADER_LENGTH;
        dataLength = len - NetlinkAttribute.HEADER_LENGTH;
        // The last attribute may omit its padding; never step past the end.
        next = Math.min(end, next + NetlinkAttribute.align(len));
        return true;
    }

    /**
     * Rewinds and moves to the first attribute of {@code type} (flags ignored).
     *
     * @return {@code false}, positioned at the end, when there is none
     */
    public boolean find(int type) {
        rewind();
        while (next()) {
            if (type() == type) {
                return true;
            }
        }
        return false;
    }

    /** The current attribute's type, without the {@code NLA_F_*} flag bits. */
    public int type() {
        checkPositioned();
        return rawType & NetlinkAttribute.NLA_TYPE_MASK;
    }

    /** The current attribute's {@code nla_type} as on the wire, flag bits included. */
    public int rawType() {
        checkPositioned();
        return rawType;
    }

    /** Whether the current attribute has {@code NLA_F_NESTED}. */
    public boolean isNested() {
        return (rawType() & NetlinkAttribute.NLA_F_NESTED) != 0;
    }

    /** Whether the current attribute has {@code NLA_F_NET_BYTEORDER}. */
    public boolean isNetByteOrder() {
        return (rawType() & NetlinkAttribute.NLA_F_NET_BYTEORDER) != 0;
    }

    /** The payload length of the current attribute ({@code nla_len - 4}). */
    public int length() {
        checkPositioned();
        return dataLength;
    }

    /** The index of the current attribute's payload in {@link #buffer()}. */
    public int dataIndex() {
        checkPositioned();
        return dataIndex;
    }

    /** The offset of the current attribute's header from the start of the outermost block. */
    public int offset() {
        checkPositioned();
        return offset - base;
    }

    /** The buffer being read. */
    public ByteBuf buffer() {
        return buf;
    }

    /** The current attribute's path of types from the outermost block, e.g. {@code "2.1"}. */
    public String path() {
        StringBuilder sb = new StringBuilder();
        appendParentPath(sb);
        if (offset >= 0) {
            sb.append(rawType & NetlinkAttribute.NLA_TYPE_MASK);
        } else if (!sb.isEmpty()) {
            sb.setLength(sb.length() - 1);
        }
        return sb.toString();
    }

    private void appendParentPath(StringBuilder sb) {
        if (parent != null) {
            parent.appendParentPath(sb);
            sb.append(parentType).append('.');
        }
    }

    /** The payload as an unsigned 8-bit value; it must be exactly 1 byte. */
    public int u8() {
        need(1, "u8");
        return buf.getUnsignedByte(dataIndex);
    }

    /** The payload as an unsigned 16-bit value; it must be exactly 2 bytes. */
    public int u16() {
        need(2, "u16");
        return littleEndian() ? buf.getUnsignedShortLE(dataIndex) : buf.getUnsignedShort(dataIndex);
    }

    /**
     * The payload as a 32-bit value (unsigned in the kernel; compare with {@code Integer.compareUnsigned}); it must
     * be exactly 4 bytes.
     */
    public int u32() {
        need(4, "u32");
        return read32();
    }

    /** The payload as a u32, widened to a non-negative {@code long}. */
    public long u32Long() {
        return u32() & 0xffffffffL;
    }

    /**
     * The payload as a 64-bit value (unsigned in the kernel; see {@code Long.toUnsignedString}); it must be exactly
     * 8 bytes.
     */
    public long u64() {
        need(8, "u64");
        return read64();
    }

    /** The payload as a signed 8-bit value; it must be exactly 1 byte. */
    public int s8() {
        need(1, "s8");
        return buf.getByte(dataIndex);
    }

    /** The payload as a signed 16-bit value; it must be exactly 2 bytes. */
    public int s16() {
        need(2, "s16");
        return littleEndian() ? buf.getShortLE(dataIndex) : buf.getShort(dataIndex);
    }

    /** The payload as a signed 32-bit value; it must be exactly 4 bytes. */
    public int s32() {
        need(4, "s32");
        return read32();
    }

    /** The payload as a signed 64-bit value; it must be exactly 8 bytes. */
    public long s64() {
        need(8, "s64");
        return read64();
    }

    /**
     * The payload as an unsigned 16-bit value in network (big-endian) byte order, with or without
     * {@code NLA_F_NET_BYTEORDER}: YNL's {@code byte-order: big-endian}. It must be exactly 2 bytes.
     */
    public int be16() {
        need(2, "big-endian u16");
        return buf.getUnsignedShort(dataIndex);
    }

    /** The payload as a 32-bit value in network byte order, with or without the flag; exactly 4 bytes. */
    public int be32() {
        need(4, "big-endian u32");
        return buf.getInt(dataIndex);
    }

    /** The payload as a 64-bit value in network byte order, with or without the flag; exactly 8 bytes. */
    public long be64() {
        need(8, "big-endian u64");
        return buf.getLong(dataIndex);
    }

    /**
     * The payload as the kernel's variable-width unsigned integer ({@code NLA_UINT}): 4 or 8 bytes.
     * A value above {@code Long.MAX_VALUE} comes back negative; use {@code Long.toUnsignedString}.
     */
    public long uint() {
        return switch (length()) {
            case 4 -> read32() & 0xffffffffL;
            case 8 -> read64();
            default -> throw malformed(offset, "uint attribute " + path() + " has " + dataLength
                    + " bytes, needs 4 or 8");
        };
    }

    /** The payload as the kernel's variable-width signed integer ({@code NLA_SINT}): 4 or 8 bytes. */
    public long sint() {
        return switch (length()) {
            case 4 -> read32();
            case 8 -> read64();
            default -> throw malformed(offset, "sint attribute " + path() + " has " + dataLength
                    + " bytes, needs 4 or 8");
        };
    }

    /**
     * The payload as a string (UTF-8): up to the first NUL if there is one ({@code NLA_NUL_STRING}), else the
     * whole payload ({@code NLA_STRING} without terminator).
     */
    public String string() {
        checkPositioned();
        int nul = buf.indexOf(dataIndex, dataIndex + dataLength, (byte) 0);
        int len = nul < 0 ? dataLength : nul - dataIndex;
        return buf.toString(dataIndex, len, StandardCharsets.UTF_8);
    }

    /**
     * Whether the payload, up to its first NUL, equals {@code expected}: compared where it lies, without decoding,
     * allocating or scanning for the NUL (the payload matches when its first bytes are {@code expected}'s and it
     * ends or has a NUL right after them). A non-ASCII {@code expected} is compared with the decoded
     * {@link #string()}.
     */
    public boolean stringEquals(String expected) {
        checkPositioned();
        int len = expected.length();
        for (int i = 0; i < len; i++) {
            char c = expected.charAt(i);
            if (c == 0 || c >= 0x80) {
                return string().equals(expected); // UTF-8 is longer than the chars; a NUL never matches
            }
        }
        if (dataLength < len || (dataLength > len && buf.getByte(dataIndex + len) != 0)) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (buf.getByte(dataIndex + i) != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The payload as a slice of the buffer: no copy, not retained. Retain it ({@code retainedSlice} semantics
     * via {@code slice.retain()}) to keep it beyond the life of the underlying buffer.
     */
    public ByteBuf binary() {
        checkPositioned();
        return buf.slice(dataIndex, dataLength);
    }

    /** A copy of the payload. */
    public byte[] bytes() {
        checkPositioned();
        return copy(buf, dataIndex, dataLength);
    }

    /**
     * The {@code length} bytes at {@code index}, read eight at a time. A short payload (an address, a MAC) is the
     * common case: {@code ByteBuf.getBytes} into an array duplicates the NIO buffer of a direct buffer without
     * {@code Unsafe} for each call, which costs more than the copy.
     */
    public static byte[] copy(ByteBuf buf, int index, int length) {
        byte[] out = new byte[length];
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            long v = buf.getLong(index + i);
            for (int b = 0; b < 8; b++) {
                out[i + b] = (byte) (v >>> 56 - 8 * b);
            }
        }
        for (; i < length; i++) {
            out[i] = buf.getByte(index + i);
        }
        return out;
    }

    /** A flag attribute ({@code NLA_FLAG}): present means {@code true}. Its payload must be empty. */
    public boolean flag() {
        checkPositioned();
        if (dataLength != 0) {
            throw malformed(offset, "flag attribute " + path() + " has a " + dataLength + "-byte payload");
        }
        return true;
    }

    /** The payload as {@code struct nla_bitfield32} ({@code NLA_BITFIELD32}): value and selector. */
    public Bitfield32 bitfield32() {
        need(8, "bitfield32");
        return new Bitfield32(HostOrder.getI32(buf, dataIndex), HostOrder.getI32(buf, dataIndex + 4));
    }

    /**
     * A reader over the current attribute's payload, for nested attributes. The kernel does not always set
     * {@code NLA_F_NESTED}, so it is not required. Offsets and paths it reports are relative to this reader's
     * outermost block.
     */
    public AttributeReader nested() {
        checkPositioned();
        AttributeReader child = new AttributeReader(buf, dataIndex, dataLength);
        child.base = base;
        child.parent = this;
        child.parentType = type();
        return child;
    }

    /** Whether the payload is little-endian: on a little-endian host, unless it has NLA_F_NET_BYTEORDER. */
    private boolean littleEndian() {
        return HostOrder.LITTLE_ENDIAN && (rawType & NetlinkAttribute.NLA_F_NET_BYTEORDER) == 0;
    }

    private int read32() {
        return littleEndian() ? buf.getIntLE(dataIndex) : buf.getInt(dataIndex);
    }

    private long read64() {
        return littleEndian() ? buf.getLongLE(dataIndex) : buf.getLong(dataIndex);
    }

    /** Checks the current payload is exactly {@code bytes} long, as a {@code what} must be. */
    private void need(int bytes, String what) {
        checkPositioned();
        if (dataLength != bytes) {
            throw malformed(offset, what + " attribute " + path() + " has " + dataLength + " bytes, needs " + bytes);
        }
    }

    private void checkPositioned() {
        if (offset < 0) {
            throw new IllegalStateException("not on an attribute: call next() first");
        }
    }

    private MalformedNetlinkException malformed(int index, String what) {
        return new MalformedNetlinkException(index - base, what);
    }

    @Override
    public String toString() {
        return offset < 0 ? "AttributeReader(" + (end - start) + "B, not on an attribute)"
                : "AttributeReader(" + path() + ", " + dataLength + "B at offset " + (offset - base) + ')';
    }
}
