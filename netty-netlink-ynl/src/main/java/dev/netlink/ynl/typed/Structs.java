package dev.netlink.ynl.typed;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Fixed-length members of the C structs generated records lay out: a {@code binary} of {@code len} bytes and a
 * {@code string} of {@code len} bytes padded with NULs ({@code IFNAMSIZ}-style). Stateless.
 */
public final class Structs {
    private Structs() {
    }

    /** The {@code length} bytes at {@code index}. */
    public static byte[] bytes(ByteBuf buf, int index, int length) {
        return dev.netlink.codec.attr.AttributeReader.copy(buf, index, length);
    }

    /** The string in the {@code length} bytes at {@code index}, up to its first NUL. */
    public static String string(ByteBuf buf, int index, int length) {
        int end = buf.indexOf(index, index + length, (byte) 0);
        return buf.toString(index, (end < 0 ? index + length : end) - index, StandardCharsets.UTF_8);
    }

    /** Writes {@code value} in {@code length} bytes, zero-padded; refuses a longer one. */
    public static void writeBytes(ByteBuf out, byte[] value, int length) {
        byte[] v = value == null ? new byte[0] : value;
        if (v.length > length) {
            throw new IllegalArgumentException("a " + length + "-byte member cannot hold " + v.length + " bytes");
        }
        out.writeBytes(v).writeZero(length - v.length);
    }

    /** Writes {@code value} in {@code length} bytes with at least one NUL after it; refuses a longer one. */
    public static void writeString(ByteBuf out, String value, int length) {
        byte[] v = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        if (v.length >= length) {
            throw new IllegalArgumentException("a " + length + "-byte string member holds at most " + (length - 1)
                    + " bytes, not " + v.length + " (\"" + value + "\")");
        }
        out.writeBytes(v).writeZero(length - v.length);
    }
}
