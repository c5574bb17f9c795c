package dev.netlink.codec.attr;

import dev.netlink.codec.MalformedNetlinkException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One attribute space, the user-space twin of a kernel {@code struct nla_policy} array: for each attribute type its
 * kernel name ({@code CTRL_ATTR_FAMILY_NAME}) and {@link AttributeType}. Decodes a block of attributes into a
 * {@code Map<Integer, Object>}, encodes one back, names attributes in error messages and finds the attribute an
 * extended-ack offset points at.
 *
 * <pre>{@code
 * static final AttributeSchema OP = AttributeSchema.builder("ctrl_op")
 *         .add(1, "CTRL_ATTR_OP_ID", AttributeType.U32)
 *         .add(2, "CTRL_ATTR_OP_FLAGS", AttributeType.U32)
 *         .build();
 * static final AttributeSchema CTRL = AttributeSchema.builder("ctrl")
 *         .add(1, "CTRL_ATTR_FAMILY_ID", AttributeType.U16)
 *         .add(2, "CTRL_ATTR_FAMILY_NAME", AttributeType.STRING)
 *         .add(6, "CTRL_ATTR_OPS", AttributeType.array(AttributeType.nested(OP), 1))
 *         .build();
 * }</pre>
 *
 * <p>Decoding keeps every attribute: one the schema does not know is kept as its payload ({@code byte[]}) under
 * its type number, so that encoding the map writes it back. A type that occurs more than once keeps its last value,
 * as the kernel's {@code nla_parse} does, unless the schema declares it {@link AttributeType#multi multi}. See
 * {@link AttributeType} for the Java value of each type.
 *
 * <p>Immutable and thread-safe: build a schema once and share it.
 */
public final class AttributeSchema {
    /** What unknown nests are walked and printed with: every attribute unknown. */
    private static final AttributeSchema UNKNOWN = new AttributeSchema("unknown", new String[0],
            new AttributeType[0]);

    private final String name;
    private final String[] names;
    private final AttributeType[] types;

    private AttributeSchema(String name, String[] names, AttributeType[] types) {
        this.name = name;
        this.names = names;
        this.types = types;
    }

    /** Starts a schema; {@code name} names the attribute space in messages, e.g. {@code "ctrl"}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The name of this attribute space. */
    public String name() {
        return name;
    }

    /** The kernel name of attribute {@code type} (flag bits ignored), or its decimal number when unknown. */
    public String name(int type) {
        int t = NetlinkAttribute.type(type);
        return t < names.length && names[t] != null ? names[t] : Integer.toString(t);
    }

    /** The type of attribute {@code type} (flag bits ignored), or {@code null} when the schema does not know it. */
    public AttributeType type(int type) {
        int t = NetlinkAttribute.type(type);
        return t < types.length ? types[t] : null;
    }

    /**
     * Decodes the readable bytes of {@code block} (not released, indices not moved) into a map from attribute type
     * to value, in wire order. Values never refer to the buffer.
     *
     * @throws MalformedNetlinkException if an attribute is malformed or too short for its type; the message names
     *                                   the attribute as far as the schema knows it, the offset is from the start
     *                                   of {@code block}
     */
    public Map<Integer, Object> decode(ByteBuf block) {
        try {
            return decode(AttributeReader.of(block));
        } catch (MalformedNetlinkException e) {
            String path = pathOf(block, e.offset());
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
     * @throws MalformedNetlinkException if an attribute is malformed or too short for its type
     */
    public Map<Integer, Object> decode(AttributeReader reader) {
        Map<Integer, Object> out = new LinkedHashMap<>();
        reader.rewind();
        while (reader.next()) {
            int t = reader.type();
            AttributeType type = type(t);
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
            case AttributeType.Basic b -> switch (b) {
                case U8 -> r.u8();
                case U16 -> r.u16();
                case U32 -> r.u32Long();
                case U64 -> r.u64();
                case S8 -> r.s8();
                case S16 -> r.s16();
                case S32 -> r.s32();
                case S64 -> r.s64();
                case UINT -> r.uint();
                case SINT -> r.sint();
                case STRING -> r.string();
                case BINARY, PADDING -> r.bytes();
                case FLAG -> r.flag();
                case BITFIELD32 -> r.bitfield32();
            };
            case AttributeType.Nested n -> n.schema().decode(r.nested());
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
     * Writes {@code values} as attributes, in the map's order; a {@code null} value is skipped. A type the schema
     * does not know is written as binary when its value is a {@code byte[]} or {@code ByteBuf}, so that a decoded
     * map round-trips. On failure the writer's buffer is left as it was.
     *
     * @throws IllegalArgumentException if a value does not suit its type (wrong Java type, out of range, or too
     *                                  long for {@code nla_len}); the message names the attribute's path, e.g.
     *                                  {@code "attribute CTRL_ATTR_OPS.[2].CTRL_ATTR_OP_ID of ctrl: needs ..."}
     */
    public void encode(Map<Integer, ?> values, AttributeWriter writer) {
        ByteBuf buf = writer.buffer();
        int mark = buf.writerIndex();
        try {
            encodeMap(values, writer);
        } catch (EncodeException e) {
            buf.writerIndex(mark);
            throw e.of(name);
        } catch (RuntimeException e) {
            buf.writerIndex(mark);
            throw e;
        }
    }

    private void encodeMap(Map<?, ?> values, AttributeWriter w) {
        for (Map.Entry<?, ?> e : values.entrySet()) {
            Object value = e.getValue();
            if (value == null) {
                continue;
            }
            if (!(e.getKey() instanceof Integer t) || t < 0 || t > NetlinkAttribute.NLA_TYPE_MASK) {
                throw EncodeException.in(String.valueOf(e.getKey()),
                        new IllegalArgumentException(e.getKey() + " is not an attribute type (0 to 16383)"));
            }
            AttributeType type = type(t);
            if (type instanceof AttributeType.Multi m) {
                List<?> list = cast(List.class, value, "a List", name(t));
                int i = 0;
                for (Object element : list) {
                    try {
                        encodeValue(m.element(), t, Objects.requireNonNull(element, "null element"), w);
                    } catch (IllegalArgumentException | NullPointerException ex) {
                        throw EncodeException.in(name(t) + '[' + i + ']', ex);
                    }
                    i++;
                }
                continue;
            }
            try {
                encodeValue(type == null ? AttributeType.BINARY : type, t, value, w);
            } catch (IllegalArgumentException ex) {
                throw EncodeException.in(name(t), ex);
            }
        }
    }

    private static void encodeValue(AttributeType type, int t, Object v, AttributeWriter w) {
        switch (type) {
            case AttributeType.Basic b -> encodeBasic(b, t, v, w);
            case AttributeType.Nested n -> {
                Map<?, ?> map = cast(Map.class, v, "a Map", null);
                int nest = w.startNested(t);
                n.schema().encodeMap(map, w);
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
                        throw EncodeException.in("[" + i + ']', ex);
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
                        throw EncodeException.in("[" + key + ']', ex);
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
            case U8, S8 -> w.putU8(t, (int) integer(b, v));
            case U16, S16 -> w.putU16(t, (int) integer(b, v));
            case U32, S32 -> w.putU32(t, (int) integer(b, v));
            case U64, S64 -> w.putU64(t, integer(b, v));
            case UINT -> w.putUint(t, integer(b, v));
            case SINT -> w.putSint(t, integer(b, v));
            case STRING -> w.putString(t, cast(CharSequence.class, v, "a CharSequence", null));
            case BINARY -> {
                if (v instanceof ByteBuf bb) {
                    w.putBinary(t, bb);
                } else {
                    w.putBinary(t, AttributeSchema.<byte[]>cast(byte[].class, v, "a byte[] or ByteBuf", null));
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
        }
    }

    /** The value of an integral Number, checked to fit the type's width as signed or as unsigned. */
    private static long integer(AttributeType.Basic b, Object v) {
        if (!(v instanceof Number n) || v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            throw wrongType(v, "an integral Number");
        }
        long value;
        if (n instanceof BigInteger big) {
            if (big.signum() < 0 ? big.bitLength() > 63 : big.bitLength() > 64) {
                throw new IllegalArgumentException(big + " does not fit " + b);
            }
            value = big.longValue();
        } else {
            value = n.longValue();
        }
        int bits = b.bits();
        if (bits < 64 && (value < -(1L << (bits - 1)) || value > (1L << bits) - 1)) {
            throw new IllegalArgumentException(value + " does not fit " + b);
        }
        return value;
    }

    /** {@code v} as a {@code type}, or an exception (an {@link EncodeException} of {@code path} if given). */
    @SuppressWarnings("unchecked")
    private static <T> T cast(Class<?> type, Object v, String what, String path) {
        if (!type.isInstance(v)) {
            IllegalArgumentException e = wrongType(v, what);
            throw path == null ? e : EncodeException.in(path, e);
        }
        return (T) v;
    }

    private static IllegalArgumentException wrongType(Object v, String what) {
        return new IllegalArgumentException("needs " + what + ", got " + v.getClass().getName() + ' ' + v);
    }

    /**
     * The path of the innermost attribute of {@code block} that contains byte {@code offset}, named as far as the
     * schema knows: {@code "CTRL_ATTR_FAMILY_NAME"}, {@code "IFLA_LINKINFO.IFLA_INFO_KIND"}, array and dict
     * elements as {@code [i]} (the element's position in the array, the key in a dict:
     * {@code "CTRL_ATTR_OPS.[3].CTRL_ATTR_OP_ID"}), occurrences of a multi attribute as {@code NAME[i]}, unknown
     * types as their number. Use it to name the attribute an extended ack's {@code NLMSGERR_ATTR_OFFS} points at,
     * after rebasing that offset to the block.
     *
     * <p>Nests of unknown type are entered when they carry {@code NLA_F_NESTED}. Malformed bytes end the walk
     * there: the path found so far is returned.
     *
     * @param block  the attribute block, its readable bytes (not released, indices not moved)
     * @param offset a byte offset from the block's reader index
     * @return the path, or {@code null} when {@code offset} is outside every attribute (including padding between
     *         top-level attributes)
     */
    public String pathOf(ByteBuf block, int offset) {
        if (offset < 0 || offset >= block.readableBytes()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        walk(this, AttributeReader.of(block), offset, sb);
        return sb.isEmpty() ? null : sb.toString();
    }

    /** Appends the path within {@code r}'s block to {@code sb}. */
    private static void walk(AttributeSchema schema, AttributeReader r, int offset, StringBuilder sb) {
        Map<Integer, Integer> seen = null;
        try {
            while (r.next()) {
                int t = r.type();
                AttributeType type = schema.type(t);
                if (!contains(r, offset)) {
                    if (type instanceof AttributeType.Multi) {
                        seen = seen == null ? new HashMap<>() : seen;
                        seen.merge(t, 1, Integer::sum);
                    }
                    continue;
                }
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(schema.name(t));
                if (type instanceof AttributeType.Multi m) {
                    sb.append('[').append(seen == null ? 0 : seen.getOrDefault(t, 0)).append(']');
                    type = m.element();
                }
                descend(type, r, offset, sb);
                return;
            }
        } catch (MalformedNetlinkException e) {
            // Malformed bytes: the path so far is the best answer.
        }
    }

    private static boolean contains(AttributeReader r, int offset) {
        return offset >= r.offset() && offset < r.offset() + NetlinkAttribute.HEADER_LENGTH + r.length();
    }

    private static void descend(AttributeType type, AttributeReader r, int offset, StringBuilder sb) {
        if (offset < r.offset() + NetlinkAttribute.HEADER_LENGTH) {
            return;
        }
        switch (type) {
            case AttributeType.Nested n -> walk(n.schema(), r.nested(), offset, sb);
            case AttributeType.Array a -> {
                AttributeReader elements = r.nested();
                int i = 0;
                while (elements.next()) {
                    if (contains(elements, offset)) {
                        sb.append(".[").append(i).append(']');
                        descend(a.element(), elements, offset, sb);
                        return;
                    }
                    i++;
                }
            }
            case AttributeType.Dict d -> {
                AttributeReader entries = r.nested();
                while (entries.next()) {
                    if (contains(entries, offset)) {
                        sb.append(".[").append(entries.type()).append(']');
                        descend(d.element(), entries, offset, sb);
                        return;
                    }
                }
            }
            case null -> {
                if (r.isNested()) {
                    walk(UNKNOWN, r.nested(), offset, sb);
                }
            }
            default -> {
                // A leaf: nothing inside to name.
            }
        }
    }

    /**
     * {@code values} as text with attribute names instead of numbers, for logs and test failures, e.g.
     * {@code {CTRL_ATTR_FAMILY_ID=16, CTRL_ATTR_FAMILY_NAME="nlctrl", CTRL_ATTR_OPS=[{CTRL_ATTR_OP_ID=3}]}}: strings
     * quoted, bytes in hex ({@code 0x0a0b}), u64 and uint unsigned.
     */
    public String format(Map<Integer, ?> values) {
        StringBuilder sb = new StringBuilder(64);
        formatMap(this, values, sb);
        return sb.toString();
    }

    private static void formatMap(AttributeSchema schema, Map<?, ?> values, StringBuilder sb) {
        sb.append('{');
        String sep = "";
        for (Map.Entry<?, ?> e : values.entrySet()) {
            sb.append(sep);
            sep = ", ";
            if (e.getKey() instanceof Integer t) {
                sb.append(schema.name(t)).append('=');
                formatValue(schema.type(t), e.getValue(), sb);
            } else {
                sb.append(e.getKey()).append('=');
                formatValue(null, e.getValue(), sb);
            }
        }
        sb.append('}');
    }

    private static void formatValue(AttributeType type, Object v, StringBuilder sb) {
        switch (type) {
            case AttributeType.Nested n when v instanceof Map<?, ?> m -> formatMap(n.schema(), m, sb);
            case AttributeType.Array a when v instanceof List<?> l -> formatList(a.element(), l, sb);
            case AttributeType.Multi m when v instanceof List<?> l -> formatList(m.element(), l, sb);
            case AttributeType.Dict d when v instanceof Map<?, ?> m -> {
                sb.append('{');
                String sep = "";
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    sb.append(sep).append(e.getKey()).append('=');
                    sep = ", ";
                    formatValue(d.element(), e.getValue(), sb);
                }
                sb.append('}');
            }
            case AttributeType.Basic b when (b == AttributeType.Basic.U64 || b == AttributeType.Basic.UINT)
                    && v instanceof Long l -> sb.append(Long.toUnsignedString(l));
            case null, default -> {
                switch (v) {
                    case CharSequence cs -> sb.append('"').append(cs).append('"');
                    case byte[] bytes -> sb.append("0x").append(ByteBufUtil.hexDump(bytes));
                    case ByteBuf buf -> sb.append("0x").append(ByteBufUtil.hexDump(buf));
                    case Map<?, ?> m -> formatMap(UNKNOWN, m, sb);
                    case List<?> l -> formatList(null, l, sb);
                    case null, default -> sb.append(v);
                }
            }
        }
    }

    private static void formatList(AttributeType element, List<?> values, StringBuilder sb) {
        sb.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            formatValue(element, values.get(i), sb);
        }
        sb.append(']');
    }

    /** The schema's name and attributes, e.g. {@code ctrl{1=CTRL_ATTR_FAMILY_ID:u16, 2=...}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append('{');
        String sep = "";
        for (int t = 0; t < types.length; t++) {
            if (types[t] != null) {
                sb.append(sep).append(t).append('=').append(names[t]).append(':').append(types[t]);
                sep = ", ";
            }
        }
        return sb.append('}').toString();
    }

    /** Collects attribute definitions for an {@link AttributeSchema}. Not thread-safe; build once. */
    public static final class Builder {
        private final String name;
        private String[] names = new String[8];
        private AttributeType[] types = new AttributeType[8];
        private int maxType = -1;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * Defines attribute {@code type}.
         *
         * @param type     the attribute type number, 0 to 16383 ({@code NLA_TYPE_MASK})
         * @param name     its kernel name, e.g. {@code "CTRL_ATTR_FAMILY_NAME"}
         * @param dataType how its payload is read and written
         * @throws IllegalArgumentException if {@code type} is out of range or already defined
         */
        public Builder add(int type, String name, AttributeType dataType) {
            checkType(type);
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dataType, "dataType");
            if (type >= types.length) {
                int size = Math.max(type + 1, types.length * 2);
                names = Arrays.copyOf(names, size);
                types = Arrays.copyOf(types, size);
            }
            if (types[type] != null) {
                throw new IllegalArgumentException("attribute " + type + " of " + this.name + " is already defined as "
                        + names[type]);
            }
            names[type] = name;
            types[type] = dataType;
            maxType = Math.max(maxType, type);
            return this;
        }

        /** The schema defined so far; the builder may go on to build others. */
        public AttributeSchema build() {
            return new AttributeSchema(name, Arrays.copyOf(names, maxType + 1), Arrays.copyOf(types, maxType + 1));
        }
    }

    /** An encoding failure that knows the path of its attribute; an {@link IllegalArgumentException} to callers. */
    static final class EncodeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final String path;
        private final String detail;

        private EncodeException(String path, String detail, String schema, Throwable cause) {
            super("attribute " + path + (schema == null ? "" : " of " + schema) + ": " + detail, cause);
            this.path = path;
            this.detail = detail;
        }

        /** {@code e} as a failure of the attribute {@code segment}, prefixed to the path {@code e} may have. */
        static EncodeException in(String segment, RuntimeException e) {
            if (e instanceof EncodeException inner) {
                return new EncodeException(segment + '.' + inner.path, inner.detail, null, inner.getCause());
            }
            return new EncodeException(segment, String.valueOf(e.getMessage()), null, e);
        }

        /** This failure, naming the schema it happened in. */
        EncodeException of(String schema) {
            return new EncodeException(path, detail, schema, getCause());
        }
    }
}
