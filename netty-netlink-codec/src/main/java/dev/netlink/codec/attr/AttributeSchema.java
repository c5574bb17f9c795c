package dev.netlink.codec.attr;

import dev.netlink.codec.MalformedNetlinkException;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * One attribute space, the user-space twin of a kernel {@code struct nla_policy} array or a YNL
 * {@code attribute-sets} entry: its name and, for each attribute type number, the attribute's kernel name
 * ({@code CTRL_ATTR_FAMILY_NAME}) and {@link AttributeType}, looked up by number or by name.
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
 * <p>A registry only. What is done with it lives elsewhere, and the methods here that do it are one-line shortcuts:
 * {@link AttributeMapCodec} decodes a block into a {@code Map<Integer, Object>} and encodes one back,
 * {@link AttributePaths} names the attribute an extended-ack offset points at, {@link AttributeFormatter} prints a
 * decoded map.
 *
 * <p>An attribute space that nests itself, directly or through others (YNL's {@code action-attrs} of
 * {@code ovs_flow}, {@code tc-ets-attrs}), refers to itself through a {@link #deferred deferred} schema.
 *
 * <p>Immutable and thread-safe: build a schema once and share it.
 */
public final class AttributeSchema {
    /** What unknown nests are walked and printed with: every attribute unknown. */
    static final AttributeSchema UNKNOWN = new AttributeSchema("unknown", new String[0], new AttributeType[0],
            Map.of());

    private final String name;
    private final String[] names;
    private final AttributeType[] types;
    private final Map<String, Integer> numbers;
    /** Where a deferred schema's definition comes from; {@code null} for a defined one. */
    private final Supplier<AttributeSchema> definition;
    private volatile AttributeSchema defined;

    private AttributeSchema(String name, String[] names, AttributeType[] types, Map<String, Integer> numbers) {
        this.name = name;
        this.names = names;
        this.types = types;
        this.numbers = numbers;
        this.definition = null;
        this.defined = this;
    }

    private AttributeSchema(String name, Supplier<AttributeSchema> definition) {
        this.name = name;
        this.names = null;
        this.types = null;
        this.numbers = null;
        this.definition = definition;
    }

    /** Starts a schema; {@code name} names the attribute space in messages, e.g. {@code "ctrl"}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * A schema whose attributes are those of the schema {@code definition} supplies on first use: the way to
     * nest an attribute space in itself, since a schema is built from the types of its attributes. The supplier is
     * asked once, when the schema's attributes are first looked up (not while building), and may be asked again
     * by another thread racing the first; it must return the same schema each time.
     *
     * @param name       the attribute space's name, known before its definition
     * @param definition supplies the defined schema (which may itself be deferred); must not return {@code null}
     */
    public static AttributeSchema deferred(String name, Supplier<AttributeSchema> definition) {
        return new AttributeSchema(Objects.requireNonNull(name, "name"), Objects.requireNonNull(definition,
                "definition"));
    }

    /** This schema, or for a deferred one the schema it stands for. */
    private AttributeSchema defined() {
        AttributeSchema d = defined;
        if (d == null) {
            d = Objects.requireNonNull(definition.get(), () -> "the definition of deferred schema " + name);
            d = d.defined();
            defined = d;
        }
        return d;
    }

    /** The name of this attribute space. */
    public String name() {
        return name;
    }

    /** The kernel name of attribute {@code type} (flag bits ignored), or its decimal number when unknown. */
    public String name(int type) {
        if (definition != null) {
            return defined().name(type);
        }
        int t = NetlinkAttribute.type(type);
        return t < names.length && names[t] != null ? names[t] : Integer.toString(t);
    }

    /** The type of attribute {@code type} (flag bits ignored), or {@code null} when the schema does not know it. */
    public AttributeType type(int type) {
        if (definition != null) {
            return defined().type(type);
        }
        int t = NetlinkAttribute.type(type);
        return t < types.length ? types[t] : null;
    }

    /** The type number ({@code nla_type}) of the attribute whose kernel name is {@code name}, if the schema has it. */
    public OptionalInt number(String name) {
        if (definition != null) {
            return defined().number(name);
        }
        Integer t = numbers.get(name);
        return t == null ? OptionalInt.empty() : OptionalInt.of(t);
    }

    /** Every defined attribute, kernel name to type number, in number order. */
    public Map<String, Integer> numbers() {
        return defined().numbers;
    }

    /** {@link AttributeMapCodec#decode(AttributeSchema, ByteBuf)} with this schema. */
    public Map<Integer, Object> decode(ByteBuf block) {
        return AttributeMapCodec.decode(this, block);
    }

    /**
     * {@link AttributeMapCodec#decode(AttributeSchema, AttributeReader)} with this schema.
     *
     * @throws MalformedNetlinkException if an attribute is malformed or its payload does not suit its type
     */
    public Map<Integer, Object> decode(AttributeReader reader) {
        return AttributeMapCodec.decode(this, reader);
    }

    /** {@link AttributeMapCodec#encode(AttributeSchema, Map, AttributeWriter)} with this schema. */
    public void encode(Map<?, ?> values, AttributeWriter writer) {
        AttributeMapCodec.encode(this, values, writer);
    }

    /** {@link AttributePaths#pathOf(AttributeSchema, ByteBuf, int)} with this schema. */
    public String pathOf(ByteBuf block, int offset) {
        return AttributePaths.pathOf(this, block, offset);
    }

    /** {@link AttributeFormatter#format(AttributeSchema, Map)} with this schema. */
    public String format(Map<?, ?> values) {
        return AttributeFormatter.format(this, values);
    }

    /** The schema's name and attributes, e.g. {@code ctrl{1=CTRL_ATTR_FAMILY_ID:u16, 2=...}}. */
    @Override
    public String toString() {
        if (definition != null) {
            return name + "{deferred: " + defined() + '}';
        }
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
        private final Map<String, Integer> numbers = new HashMap<>();
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
         * @throws IllegalArgumentException if {@code type} is out of range, or the number or the name is already
         *                                  defined
         */
        public Builder add(int type, String name, AttributeType dataType) {
            if (type < 0 || type > NetlinkAttribute.NLA_TYPE_MASK) {
                throw new IllegalArgumentException(type + " is not an attribute type (0 to 16383)");
            }
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
            if (numbers.containsKey(name)) {
                throw new IllegalArgumentException("attribute name " + name + " of " + this.name
                        + " is already attribute " + numbers.get(name));
            }
            names[type] = name;
            types[type] = dataType;
            numbers.put(name, type);
            maxType = Math.max(maxType, type);
            return this;
        }

        /** The schema defined so far; the builder may go on to build others. */
        public AttributeSchema build() {
            Map<String, Integer> byName = new LinkedHashMap<>();
            for (int t = 0; t <= maxType; t++) {
                if (types[t] != null) {
                    byName.put(names[t], t);
                }
            }
            return new AttributeSchema(name, Arrays.copyOf(names, maxType + 1), Arrays.copyOf(types, maxType + 1),
                    Collections.unmodifiableMap(byName));
        }
    }
}
