package dev.netlink.ynl.typed;

import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.codec.attr.AttributeWriter;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An attribute a generated record does not know: a number its spec does not name (a kernel newer than the spec),
 * or a value the spec's type cannot hold (an address of another length), kept on the record with its number and
 * payload so that nothing the kernel said is lost, and sent back as it came. Immutable; the bytes are copied.
 */
public final class RawAttribute {
    private final int type;
    private final boolean nested;
    private final byte[] data;

    /** An attribute of {@code type} ({@code nla_type} without its flags) carrying {@code data}, copied. */
    public RawAttribute(int type, byte[] data) {
        this(type, false, data.clone());
    }

    private RawAttribute(int type, boolean nested, byte[] data) {
        this.type = type;
        this.nested = nested;
        this.data = data;
    }

    /** The attribute {@code reader} is on, copied out of its buffer. */
    public static RawAttribute read(AttributeReader reader) {
        return new RawAttribute(reader.type(), reader.isNested(), reader.bytes());
    }

    /**
     * Adds the attribute {@code reader} is on to {@code list}, made when {@code null}: how generated decoders
     * collect what their spec does not know without a list for the common message that has none.
     */
    public static java.util.List<RawAttribute> add(java.util.List<RawAttribute> list, AttributeReader reader) {
        java.util.List<RawAttribute> l = list != null ? list : new java.util.ArrayList<>(2);
        l.add(read(reader));
        return l;
    }

    /** The {@code nla_type}, without {@code NLA_F_NESTED} and {@code NLA_F_NET_BYTEORDER}. */
    public int type() {
        return type;
    }

    /** Whether the kernel marked it {@code NLA_F_NESTED}. */
    public boolean isNested() {
        return nested;
    }

    /** A copy of the payload. */
    public byte[] data() {
        return data.clone();
    }

    /** Writes the attribute as it came, its nested flag kept. */
    public void writeTo(AttributeWriter w) {
        if (nested) {
            int start = w.startNested(type);
            w.buffer().writeBytes(data);
            w.endNested(start);
        } else {
            w.putBinary(type, data);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawAttribute r && r.type == type && r.nested == nested && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return type + "=" + HexFormat.of().formatHex(data);
    }
}
