package dev.netlink.codec.attr;

import io.netty.buffer.ByteBuf;

import java.util.Collection;
import java.util.Map;

/**
 * Writes a map of attributes whose wire types are given by the Java types of the values, for a socket that has
 * no {@link AttributeSchema} of its family: {@code Map.of(2, "nlctrl")} is {@code CTRL_ATTR_FAMILY_NAME} as a
 * NUL-terminated string. Keys are attribute type numbers (0 to 16383).
 *
 * <table>
 * <caption>Java types and the attribute each writes</caption>
 * <tr><th>value</th><th>attribute</th></tr>
 * <tr><td>{@code Byte}</td><td>u8</td></tr>
 * <tr><td>{@code Short}</td><td>u16</td></tr>
 * <tr><td>{@code Integer}</td><td>u32</td></tr>
 * <tr><td>{@code Long}</td><td>u64</td></tr>
 * <tr><td>{@code CharSequence}</td><td>NUL-terminated string</td></tr>
 * <tr><td>{@code byte[]}, {@code ByteBuf}</td><td>binary (the buffer is neither released nor moved)</td></tr>
 * <tr><td>{@code Boolean}</td><td>flag: written when true</td></tr>
 * <tr><td>{@link Bitfield32}</td><td>bitfield32</td></tr>
 * <tr><td>{@code Map}</td><td>a nest of the map's attributes, {@code NLA_F_NESTED} set</td></tr>
 * <tr><td>{@code Collection}</td><td>the attribute repeated once per element, in order (multi-attr)</td></tr>
 * <tr><td>{@code null}</td><td>nothing</td></tr>
 * </table>
 *
 * The width of an integer is its Java type's, so {@code CTRL_ATTR_FAMILY_ID}, a u16, is written from a
 * {@code Short}: {@code Map.of(1, (short) 0x10)}. Anything else is refused before a byte is written. Stateless.
 */
public final class JavaTypedAttributes {
    private JavaTypedAttributes() {
    }

    /**
     * Writes {@code attributes} in the map's order into {@code writer}.
     *
     * @throws IllegalArgumentException naming the attribute (as a path of numbers, e.g. {@code 6.1.2}) when a key
     *                                  is not an attribute type or a value has no wire type here; the writer's
     *                                  buffer is left as it was
     */
    public static void write(Map<?, ?> attributes, AttributeWriter writer) {
        ByteBuf buf = writer.buffer();
        int mark = buf.writerIndex();
        try {
            writeMap(attributes, writer, "");
        } catch (RuntimeException e) {
            buf.writerIndex(mark);
            throw e;
        }
    }

    private static void writeMap(Map<?, ?> attributes, AttributeWriter w, String path) {
        for (Map.Entry<?, ?> e : attributes.entrySet()) {
            String at = path + e.getKey();
            if (!(e.getKey() instanceof Integer type) || type < 0 || type > NetlinkAttribute.NLA_TYPE_MASK) {
                throw new IllegalArgumentException("attribute " + at + ": not an attribute type (an Integer from 0 to "
                        + NetlinkAttribute.NLA_TYPE_MASK + ')');
            }
            if (e.getValue() instanceof Collection<?> repeated) {
                for (Object v : repeated) {
                    writeValue(type, v, w, at);
                }
            } else {
                writeValue(type, e.getValue(), w, at);
            }
        }
    }

    private static void writeValue(int type, Object value, AttributeWriter w, String at) {
        switch (value) {
            case null -> {
            }
            case Byte b -> w.putU8(type, b);
            case Short s -> w.putU16(type, s);
            case Integer i -> w.putU32(type, i);
            case Long l -> w.putU64(type, l);
            case CharSequence cs -> w.putString(type, cs);
            case byte[] bytes -> w.putBinary(type, bytes);
            case ByteBuf bytes -> w.putBinary(type, bytes);
            case Boolean flag -> {
                if (flag) {
                    w.putFlag(type);
                }
            }
            case Bitfield32 bits -> w.putBitfield32(type, bits);
            case Map<?, ?> nested -> {
                int nest = w.startNested(type);
                writeMap(nested, w, at + '.');
                w.endNested(nest);
            }
            default -> throw new IllegalArgumentException("attribute " + at + ": " + value.getClass().getName()
                    + " has no wire type; use Byte, Short, Integer, Long (u8 to u64), CharSequence, byte[], ByteBuf, "
                    + "Boolean (flag), Bitfield32, Map (nest) or a Collection of them, or give the socket a schema");
        }
    }
}
