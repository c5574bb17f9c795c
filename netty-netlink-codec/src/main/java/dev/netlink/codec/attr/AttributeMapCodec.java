package dev.netlink.codec.attr;

import dev.netlink.codec.MalformedNetlinkException;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Decodes a block of netlink attributes ({@code struct nlattr} sequences) into a {@code Map<Integer, Object>} from
 * attribute type to Java value, as an {@link AttributeSchema} describes them, and encodes such a map back: what
 * the kernel's {@code nla_parse} and {@code nla_put_*} do for one attribute space, with the values of
 * {@link AttributeType}.
 *
 * <p>Decoding keeps every attribute: one the schema does not know is kept as its payload ({@code byte[]}) under
 * its type number, so that encoding the map writes it back. A type that occurs more than once keeps its last value,
 * as {@code nla_parse} does, unless the schema declares it {@link AttributeType#multi multi}. Encoding takes keys
 * that are type numbers or the attributes' kernel names ({@code "CTRL_ATTR_FAMILY_NAME"}).
 *
 * <p>Static helpers only; thread-safe. Buffers are neither retained nor released; decoded values never refer to
 * them.
 */
public final class AttributeMapCodec {
    private AttributeMapCodec() {
    }

    /**
     * Decodes the readable bytes of {@code block} (not released, indices not moved) into a map from attribute type
     * to value, in wire order.
     *
     * @throws MalformedNetlinkException if an attribute is malformed or its payload does not suit its type; the
     *                                   message names the attribute's path as far as the schema knows it
     *                                   ({@link AttributePaths}), the offset is from the start of {@code block}
     */
    public static Map<Integer, Object> decode(AttributeSchema schema, ByteBuf block) {
        try {
            return decode(schema, AttributeReader.of(block));
        } catch (MalformedNetlinkException e) {
            String path = AttributePaths.pathOf(schema, block, e.offset());
            if (path == null) {
                throw e;
            }
            String suffix = " (at offset " + e.offset() + ')';
            String what = e.getMessage().endsWith(suffix)
                    ? e.getMessage().substring(0, e.getMessage().length() - suffix.length()) : e.getMessage();
            MalformedNetlinkException named = new MalformedNetlinkException(e.offset(), what + ", in " + path);
            named.initCause(e);
            throw named;
        }
    }

    /**
     * Decodes every attribute of {@code reader}'s block, from the first (the reader is rewound), into a map from
     * attribute type to value, in wire order.
     *
     * @throws MalformedNetlinkException if an attribute is malformed or its payload does not suit its type
     */
    public static Map<Integer, Object> decode(AttributeSchema schema, AttributeReader reader) {
        Map<Integer, Object> out = new LinkedHashMap<>();
        reader.rewind();
        while (reader.next()) {
            int t = reader.type();
            AttributeType type = schema.type(t);
            if (type == null) {
                out.put(t, reader.bytes());
            } else if (type instanceof AttributeType.Multi m) {
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) out.computeIfAbsent(t, k -> new ArrayList<>());
                list.add(decodeValue(m.element(), reader));
            } else if (type != AttributeType.PADDING) {
                out.put(t, decodeValue(type, reader));
            }
        }
        return out;
    }

    private static Object decodeValue(AttributeType type, AttributeReader r) {
        return switch (type) {
            case AttributeType.Basic b when b.bits() > 0 -> Scalars.read(b, r);
            case AttributeType.Basic b -> switch (b) {
                case STRING -> r.string();
                case FLAG -> r.flag();
                case BITFIELD32 -> r.bitfield32();
                default -> r.bytes();
            };
            case AttributeType.BigEndian be -> Scalars.read(be, r);
            case AttributeType.Enumerated e -> Scalars.read(e, r);
            case AttributeType.Flags f -> Scalars.read(f, r);
            case AttributeType.Struct s -> {
                if (r.length() < s.layout().size()) {
                    throw new MalformedNetlinkException(r.offset(), "struct " + s.layout().name() + " attribute "
                            + r.path() + " has " + r.length() + " bytes, needs " + s.layout().size());
                }
                yield s.layout().decode(r.buffer(), r.dataIndex(), r.length());
            }
            case AttributeType.Nested n -> decode(n.schema(), r.nested());
            case AttributeType.Array a -> {
                List<Object> list = new ArrayList<>();
                AttributeReader elements = r.nested();
                while (elements.next()) {
                    list.add(decodeValue(a.element(), elements));
                }
                yield list;
            }
            case AttributeType.Dict d -> {
                Map<Integer, Object> map = new LinkedHashMap<>();
                AttributeReader entries = r.nested();
                while (entries.next()) {
                    map.put(entries.type(), decodeValue(d.element(), entries));
                }
                yield map;
            }
            case AttributeType.Multi m -> decodeValue(m.element(), r);
        };
    }

    /**
     * Writes {@code values} as attributes, in the map's order; a {@code null} value is skipped. A key is a type
     * number ({@code Integer}) or a kernel name the schema knows ({@code String}). A type the schema does not know
     * is written as binary when its value is a {@code byte[]} or {@code ByteBuf}, so that a decoded map round-trips.
     * On failure the writer's buffer is left as it was.
     *
     * @throws IllegalArgumentException if a key names no attribute or a value does not suit its type (wrong Java
     *                                  type, out of range, unknown enum name, or too long for {@code nla_len}); the
     *                                  message names the attribute's path, e.g.
     *                                  {@code "attribute CTRL_ATTR_OPS.[2].CTRL_ATTR_OP_ID of ctrl: needs ..."}
     */
    public static void encode(AttributeSchema schema, Map<?, ?> values, AttributeWriter writer) {
        ByteBuf buf = writer.buffer();
        int mark = buf.writerIndex();
        try {
            encodeMap(schema, values, writer);
        } catch (AttributeEncodeException e) {
            buf.writerIndex(mark);
            throw e.of(schema.name());
        } catch (RuntimeException e) {
            buf.writerIndex(mark);
            throw e;
        }
    }

    private static void encodeMap(AttributeSchema schema, Map<?, ?> values, AttributeWriter w) {
        for (Map.Entry<?, ?> e : values.entrySet()) {
            Object value = e.getValue();
            if (value == null) {
                continue;
            }
            int t = typeOf(schema, e.getKey());
            AttributeType type = schema.type(t);
            if (type instanceof AttributeType.Multi m) {
                List<?> list = cast(List.class, value, "a List", schema.name(t));
                int i = 0;
                for (Object element : list) {
                    try {
                        encodeValue(m.element(), t, Objects.requireNonNull(element, "null element"), w);
                    } catch (IllegalArgumentException | NullPointerException ex) {
                        throw AttributeEncodeException.in(schema.name(t) + '[' + i + ']', ex);
                    }
                    i++;
                }
                continue;
            }
            try {
                encodeValue(type == null ? AttributeType.BINARY : type, t, value, w);
            } catch (IllegalArgumentException ex) {
                throw AttributeEncodeException.in(schema.name(t), ex);
            }
        }
    }

    /** The type number a map key stands for. */
    private static int typeOf(AttributeSchema schema, Object key) {
        if (key instanceof Integer t && t >= 0 && t <= NetlinkAttribute.NLA_TYPE_MASK) {
            return t;
        }
        if (key instanceof String name) {
            OptionalInt t = schema.number(name);
            if (t.isPresent()) {
                return t.getAsInt();
            }
            throw AttributeEncodeException.in(name, new IllegalArgumentException("no attribute of " + schema.name()
                    + " has this name"));
        }
        throw AttributeEncodeException.in(String.valueOf(key),
                new IllegalArgumentException(key + " is not an attribute type (0 to 16383)"));
    }

    private static void encodeValue(AttributeType type, int t, Object v, AttributeWriter w) {
        switch (type) {
            case AttributeType.Basic b when b.bits() > 0 -> Scalars.write(b, t, v, w);
            case AttributeType.Basic b -> encodeBasic(b, t, v, w);
            case AttributeType.BigEndian be -> Scalars.write(be, t, v, w);
            case AttributeType.Enumerated e -> Scalars.write(e, t, v, w);
            case AttributeType.Flags f -> Scalars.write(f, t, v, w);
            case AttributeType.Struct s -> {
                @SuppressWarnings("unchecked")
                Map<String, ?> map = cast(Map.class, v, "a Map", null);
                w.putBinary(t, s.layout().toBytes(map));
            }
            case AttributeType.Nested n -> {
                Map<?, ?> map = cast(Map.class, v, "a Map", null);
                int nest = w.startNested(t);
                encodeMap(n.schema(), map, w);
                w.endNested(nest);
            }
            case AttributeType.Array a -> {
                List<?> list = cast(List.class, v, "a List", null);
                int nest = w.startNested(t);
                for (int i = 0; i < list.size(); i++) {
                    try {
                        checkType(a.baseIndex() + i);
                        encodeValue(a.element(), a.baseIndex() + i, Objects.requireNonNull(list.get(i), "null element"),
                                w);
                    } catch (IllegalArgumentException | NullPointerException ex) {
                        throw AttributeEncodeException.in("[" + i + ']', ex);
                    }
                }
                w.endNested(nest);
            }
            case AttributeType.Dict d -> {
                Map<?, ?> map = cast(Map.class, v, "a Map", null);
                int nest = w.startNested(t);
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    Object key = e.getKey();
                    try {
                        if (!(key instanceof Integer k)) {
                            throw new IllegalArgumentException(key + " is not an attribute type (0 to 16383)");
                        }
                        checkType(k);
                        encodeValue(d.element(), k, Objects.requireNonNull(e.getValue(), "null value"), w);
                    } catch (IllegalArgumentException | NullPointerException ex) {
                        throw AttributeEncodeException.in("[" + key + ']', ex);
                    }
                }
                w.endNested(nest);
            }
            case AttributeType.Multi m -> throw new IllegalArgumentException(m + " is not an element type");
        }
    }

    private static void checkType(int type) {
        if (type < 0 || type > NetlinkAttribute.NLA_TYPE_MASK) {
            throw new IllegalArgumentException(type + " is not an attribute type (0 to 16383)");
        }
    }

    private static void encodeBasic(AttributeType.Basic b, int t, Object v, AttributeWriter w) {
        switch (b) {
            case STRING -> w.putString(t, cast(CharSequence.class, v, "a CharSequence", null));
            case BINARY -> {
                if (v instanceof ByteBuf bb) {
                    w.putBinary(t, bb);
                } else {
                    w.putBinary(t, AttributeMapCodec.<byte[]>cast(byte[].class, v, "a byte[] or ByteBuf", null));
                }
            }
            case FLAG -> {
                if (cast(Boolean.class, v, "a Boolean", null)) {
                    w.putFlag(t);
                }
            }
            case BITFIELD32 -> w.putBitfield32(t, cast(Bitfield32.class, v, "a Bitfield32", null));
            case PADDING -> {
                // Padding is the writer's business, never a value's.
            }
            default -> throw new AssertionError(b + " is an integer");
        }
    }

    /** {@code v} as a {@code type}, or an exception (an {@link AttributeEncodeException} of {@code path} if given). */
    @SuppressWarnings("unchecked")
    private static <T> T cast(Class<?> type, Object v, String what, String path) {
        if (!type.isInstance(v)) {
            IllegalArgumentException e = Scalars.wrongType(v, what);
            throw path == null ? e : AttributeEncodeException.in(path, e);
        }
        return (T) v;
    }
}
