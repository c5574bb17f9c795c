package dev.netlink.codec.attr;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@code struct nlattr} bytes by hand, independently of {@link AttributeWriter}: a 2-byte {@code nla_len}
 * and 2-byte {@code nla_type} in host byte order, the payload, zero padding to 4 bytes.
 */
final class Nla {
    static final ByteOrder HOST = ByteOrder.nativeOrder();

    private Nla() {
    }

    /** An attribute with its padding. */
    static byte[] attr(int type, byte[]... payload) {
        byte[] data = cat(payload);
        byte[] unpadded = cat(header(4 + data.length, type), data);
        return cat(unpadded, new byte[(4 - unpadded.length % 4) % 4]);
    }

    /** An attribute without its padding, as the last attribute of a block may be. */
    static byte[] attrNoPad(int type, byte[]... payload) {
        byte[] data = cat(payload);
        return cat(header(4 + data.length, type), data);
    }

    /** A header with any {@code nla_len}. */
    static byte[] header(int len, int type) {
        return cat(u16(len), u16(type));
    }

    static byte[] u8(int v) {
        return new byte[] {(byte) v};
    }

    static byte[] u16(int v) {
        return ByteBuffer.allocate(2).order(HOST).putShort((short) v).array();
    }

    static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(HOST).putInt(v).array();
    }

    static byte[] u64(long v) {
        return ByteBuffer.allocate(8).order(HOST).putLong(v).array();
    }

    static byte[] be16(int v) {
        return ByteBuffer.allocate(2).putShort((short) v).array();
    }

    static byte[] be32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    static byte[] str(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] strz(String s) {
        return cat(str(s), new byte[1]);
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** {@code v} with every {@code byte[]} replaced by a {@link ByteBuffer}, so that {@code equals} compares bytes. */
    static Object comparable(Object v) {
        if (v instanceof byte[] b) {
            return ByteBuffer.wrap(b);
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, comparable(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(comparable(x)));
            return out;
        }
        return v;
    }
}
