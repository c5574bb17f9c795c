package dev.netlink.codec.attr;

import java.util.Locale;
import java.util.Objects;

/**
 * The data type of one attribute in an {@link AttributeSchema}, after the kernel's {@code enum nla_types}
 * ({@code NLA_U8} … {@code NLA_UINT}, {@code NLA_NESTED}, {@code NLA_NESTED_ARRAY}): how its payload is read into a
 * Java value and written back. Immutable and thread-safe.
 *
 * <p>The Java values, as {@link AttributeSchema#decode} produces them and {@link AttributeSchema#encode} accepts
 * them:
 * <table>
 * <caption>Java values of attribute types</caption>
 * <tr><th>type</th><th>decoded as</th><th>encoded from</th></tr>
 * <tr><td>{@link #U8}, {@link #U16}, {@link #S8}, {@link #S16}, {@link #S32}</td><td>{@code Integer}</td>
 *     <td rowspan="3">any integral {@code Number} ({@code Byte} … {@code Long}, {@code BigInteger}) whose value fits
 *     the type's width read as signed or as unsigned: {@code 255} and {@code -1} both encode u8 {@code 0xff}</td></tr>
 * <tr><td>{@link #U32}</td><td>{@code Long}, never negative</td></tr>
 * <tr><td>{@link #U64}, {@link #S64}, {@link #UINT}, {@link #SINT}</td><td>{@code Long}; a u64 or uint above
 *     {@code Long.MAX_VALUE} is negative (see {@code Long.toUnsignedString})</td></tr>
 * <tr><td>{@link #STRING}</td><td>{@code String}: the payload up to its first NUL, or all of it when there is
 *     none</td><td>{@code CharSequence}, written NUL-terminated as UTF-8</td></tr>
 * <tr><td>{@link #BINARY}</td><td>{@code byte[]} (a copy)</td><td>{@code byte[]}, or a {@code ByteBuf}'s readable
 *     bytes (neither released nor moved)</td></tr>
 * <tr><td>{@link #FLAG}</td><td>{@code Boolean.TRUE}</td><td>{@code Boolean}: {@code true} writes the flag,
 *     {@code false} nothing</td></tr>
 * <tr><td>{@link #BITFIELD32}</td><td>{@link Bitfield32}</td><td>{@link Bitfield32}</td></tr>
 * <tr><td>{@link #PADDING}</td><td>skipped: never in the map</td><td>ignored: never written</td></tr>
 * <tr><td>{@link #nested nested(schema)}</td><td>{@code Map<Integer, Object>}, as the schema decodes it</td>
 *     <td>{@code Map<Integer, ?>}</td></tr>
 * <tr><td>{@link #array array(element, base)}</td><td>{@code List<Object>} in wire order</td>
 *     <td>{@code List<?>}: element {@code i} gets type {@code base + i}</td></tr>
 * <tr><td>{@link #dict dict(element)}</td><td>{@code Map<Integer, Object>}, sub-attribute type to value, in wire
 *     order</td><td>{@code Map<Integer, ?>}</td></tr>
 * <tr><td>{@link #multi multi(element)}</td><td>{@code List<Object>} of every occurrence, in wire order</td>
 *     <td>{@code List<?>}: one attribute per element</td></tr>
 * <tr><td>{@link #bigEndian bigEndian(integer)}</td><td>as {@code integer}</td><td>as {@code integer}</td></tr>
 * <tr><td>{@link #enumOf enumOf(integer, values)}</td><td>the value's name ({@code String}) when the table has it,
 *     else the number, as {@code integer} decodes it</td><td>a name of the table, or a number; an unknown name is
 *     refused with the list of allowed names</td></tr>
 * <tr><td>{@link #flagsOf flagsOf(integer, bits)}</td><td>{@code Set<String>} of the set bits' names, ordered by
 *     bit; a bit the table does not name as hex, e.g. {@code "0x100"}</td><td>a {@code Collection} of names (or of
 *     {@code "0x..."} strings, or numbers), or one number</td></tr>
 * <tr><td>{@link #struct struct(layout)}</td><td>{@code Map<String, Object>}, member name to value (see
 *     {@link AttributeStruct})</td><td>{@code Map<String, ?>}</td></tr>
 * </table>
 *
 * <p>Multi-byte integers are read in host byte order, or network order when the attribute carries
 * {@code NLA_F_NET_BYTEORDER}; they are written in host byte order. A {@link #bigEndian} integer (YNL's
 * {@code byte-order: big-endian}) is read in network order with or without the flag, and written in network order
 * <em>without</em> it, as the kernel's YNL families write such attributes ({@code nla_put_be32}). Nests are written
 * with {@code NLA_F_NESTED}. *
 * <p>Not to be confused with its two neighbours: {@link NlAttrType} is the kernel's wire number for a type in a
 * policy it reports ({@code NL_ATTR_TYPE_*}), and {@link ReportedPolicy} is a whole policy the kernel reports
 * ({@code CTRL_CMD_GETPOLICY}). An {@code AttributeType} is what <em>we</em> declare, from a YNL spec or by hand,
 * to turn payloads into Java values and back; it never travels on the wire.
 */
public sealed interface AttributeType {
    /** {@code NLA_U8}. */
    AttributeType U8 = Basic.U8;
    /** {@code NLA_U16}. */
    AttributeType U16 = Basic.U16;
    /** {@code NLA_U32}. */
    AttributeType U32 = Basic.U32;
    /** {@code NLA_U64}. */
    AttributeType U64 = Basic.U64;
    /** {@code NLA_S8}. */
    AttributeType S8 = Basic.S8;
    /** {@code NLA_S16}. */
    AttributeType S16 = Basic.S16;
    /** {@code NLA_S32}. */
    AttributeType S32 = Basic.S32;
    /** {@code NLA_S64}. */
    AttributeType S64 = Basic.S64;
    /** {@code NLA_UINT}: an unsigned integer of 4 bytes, or 8 when it does not fit in 4. */
    AttributeType UINT = Basic.UINT;
    /** {@code NLA_SINT}: a signed integer of 4 bytes, or 8 when it does not fit in 4. */
    AttributeType SINT = Basic.SINT;
    /** {@code NLA_NUL_STRING} when written; read with or without its NUL, as {@code NLA_STRING} allows. */
    AttributeType STRING = Basic.STRING;
    /** {@code NLA_BINARY}, and {@code NLA_UNSPEC}: bytes. */
    AttributeType BINARY = Basic.BINARY;
    /** {@code NLA_FLAG}: present (no payload) or absent. */
    AttributeType FLAG = Basic.FLAG;
    /** {@code NLA_BITFIELD32}: {@code struct nla_bitfield32}. */
    AttributeType BITFIELD32 = Basic.BITFIELD32;
    /** An attribute that only aligns the next one (the {@code *_PAD} types of {@code nla_put_64bit}). */
    AttributeType PADDING = Basic.PADDING;

    /** {@code NLA_NESTED}: attributes of the space {@code schema} describes. */
    static AttributeType nested(AttributeSchema schema) {
        return new Nested(schema);
    }

    /**
     * {@code NLA_NESTED_ARRAY} and its kin: a nest whose sub-attributes are the elements, numbered from
     * {@code baseIndex} (often 1, as in {@code CTRL_ATTR_OPS}, sometimes 0). Decoded elements are listed in wire
     * order; their numbers are not checked.
     */
    static AttributeType array(AttributeType element, int baseIndex) {
        return new Array(element, baseIndex);
    }

    /** A nest whose sub-attribute types are keys, all of whose values have type {@code element}. */
    static AttributeType dict(AttributeType element) {
        return new Dict(element);
    }

    /**
     * An attribute that may occur more than once in the same nest (YNL's {@code multi-attr}, e.g.
     * {@code IFLA_ALT_IFNAME}); without it, the last occurrence wins, as in the kernel's {@code nla_parse}.
     */
    static AttributeType multi(AttributeType element) {
        return new Multi(element);
    }

    /**
     * An integer in network (big-endian) byte order, YNL's {@code byte-order: big-endian} (ports, addresses,
     * netfilter and conntrack values).
     *
     * @param integer {@code U8} … {@code S64}, {@code UINT} or {@code SINT}
     */
    static AttributeType bigEndian(AttributeType integer) {
        return new BigEndian(integer);
    }

    /**
     * An integer whose values have names, YNL's {@code enum:} on an attribute (or struct member) whose definition
     * has {@code type: enum}; {@code integer} may be {@link #bigEndian}.
     */
    static AttributeType enumOf(AttributeType integer, AttributeEnum values) {
        return new Enumerated(integer, values);
    }

    /**
     * An integer whose bits have names, YNL's {@code enum:} whose definition has {@code type: flags} (or
     * {@code enum-as-flags}); every value of {@code bits} must be one bit that fits {@code integer}.
     */
    static AttributeType flagsOf(AttributeType integer, AttributeEnum bits) {
        return new Flags(integer, bits);
    }

    /** A binary attribute laid out as a C struct, YNL's {@code type: binary} with {@code struct:}. */
    static AttributeType struct(AttributeStruct layout) {
        return new Struct(layout);
    }

    /** The types with a fixed meaning; use the constants of {@link AttributeType}. */
    enum Basic implements AttributeType {
        /** {@code NLA_U8}. */
        U8(8),
        /** {@code NLA_U16}. */
        U16(16),
        /** {@code NLA_U32}. */
        U32(32),
        /** {@code NLA_U64}. */
        U64(64),
        /** {@code NLA_S8}. */
        S8(8),
        /** {@code NLA_S16}. */
        S16(16),
        /** {@code NLA_S32}. */
        S32(32),
        /** {@code NLA_S64}. */
        S64(64),
        /** {@code NLA_UINT}. */
        UINT(64),
        /** {@code NLA_SINT}. */
        SINT(64),
        /** {@code NLA_NUL_STRING}/{@code NLA_STRING}. */
        STRING(0),
        /** {@code NLA_BINARY}. */
        BINARY(0),
        /** {@code NLA_FLAG}. */
        FLAG(0),
        /** {@code NLA_BITFIELD32}. */
        BITFIELD32(0),
        /** Padding. */
        PADDING(0);

        private final int bits;

        Basic(int bits) {
            this.bits = bits;
        }

        /** The width of an integer type in bits (64 for uint and sint), 0 for the others. */
        public int bits() {
            return bits;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * {@code NLA_NESTED}: attributes of another space.
     *
     * @param schema the nested attribute space
     */
    record Nested(AttributeSchema schema) implements AttributeType {
        /** Checks the schema is not {@code null}. */
        public Nested {
            Objects.requireNonNull(schema, "schema");
        }

        @Override
        public String toString() {
            return "nested(" + schema.name() + ')';
        }
    }

    /**
     * A nest of elements numbered from {@code baseIndex}.
     *
     * @param element   the type of every element
     * @param baseIndex the attribute type of the first element
     */
    record Array(AttributeType element, int baseIndex) implements AttributeType {
        /** Checks the element type can be an element, and the base index an attribute type. */
        public Array {
            checkElement(element);
            if (baseIndex < 0 || baseIndex > NetlinkAttribute.NLA_TYPE_MASK) {
                throw new IllegalArgumentException("array base index " + baseIndex + " is not an attribute type");
            }
        }

        @Override
        public String toString() {
            return "array(" + element + ", " + baseIndex + ')';
        }
    }

    /**
     * A nest keyed by sub-attribute type.
     *
     * @param element the type of every value
     */
    record Dict(AttributeType element) implements AttributeType {
        /** Checks the element type can be an element. */
        public Dict {
            checkElement(element);
        }

        @Override
        public String toString() {
            return "dict(" + element + ')';
        }
    }

    /**
     * An attribute that may repeat.
     *
     * @param element the type of every occurrence
     */
    record Multi(AttributeType element) implements AttributeType {
        /** Checks the element type can be an element. */
        public Multi {
            checkElement(element);
        }

        @Override
        public String toString() {
            return "multi(" + element + ')';
        }
    }

    /**
     * An integer in network byte order.
     *
     * @param integer the integer type, a {@link Basic} of non-zero {@link Basic#bits() bits}
     */
    record BigEndian(AttributeType integer) implements AttributeType {
        /** Checks that {@code integer} is an integer type. */
        public BigEndian {
            if (!(integer instanceof Basic b) || b.bits() == 0) {
                throw new IllegalArgumentException(integer + " is not an integer type, so has no byte order");
            }
        }

        @Override
        public String toString() {
            return "bigEndian(" + integer + ')';
        }
    }

    /**
     * An integer with named values.
     *
     * @param integer the integer type, possibly {@link BigEndian}
     * @param values  the names
     */
    record Enumerated(AttributeType integer, AttributeEnum values) implements AttributeType {
        /** Checks that {@code integer} is a plain or big-endian integer. */
        public Enumerated {
            checkInteger(integer);
            Objects.requireNonNull(values, "values");
        }

        @Override
        public String toString() {
            return "enumOf(" + integer + ", " + values.name() + ')';
        }
    }

    /**
     * An integer with named bits.
     *
     * @param integer the integer type, possibly {@link BigEndian}
     * @param bits    the names of its bits, each value a single bit
     */
    record Flags(AttributeType integer, AttributeEnum bits) implements AttributeType {
        /** Checks that {@code integer} is a plain or big-endian integer and every value of {@code bits} a bit of it. */
        public Flags {
            checkInteger(integer);
            int width = Scalars.base(integer).bits();
            for (long v : bits.values()) {
                if (Long.bitCount(v) != 1 || Long.numberOfTrailingZeros(v) >= width) {
                    throw new IllegalArgumentException("flag " + bits.name(v) + " of " + bits.name() + " is 0x"
                            + Long.toHexString(v) + ", not one bit of " + integer);
                }
            }
        }

        @Override
        public String toString() {
            return "flagsOf(" + integer + ", " + bits.name() + ')';
        }
    }

    /**
     * A binary attribute laid out as a C struct.
     *
     * @param layout the struct's members
     */
    record Struct(AttributeStruct layout) implements AttributeType {
        /** Checks the layout is not {@code null}. */
        public Struct {
            Objects.requireNonNull(layout, "layout");
        }

        @Override
        public String toString() {
            return "struct(" + layout.name() + ')';
        }
    }

    private static void checkInteger(AttributeType integer) {
        if (!(integer instanceof BigEndian) && !(integer instanceof Basic b && b.bits() > 0)) {
            throw new IllegalArgumentException(integer + " is not an integer type");
        }
    }

    private static void checkElement(AttributeType element) {
        Objects.requireNonNull(element, "element");
        if (element == PADDING || element instanceof Multi) {
            throw new IllegalArgumentException(element + " cannot be an element type");
        }
    }
}
