package dev.netlink.ynl;

import dev.netlink.codec.attr.AttributeEnum;
import dev.netlink.codec.attr.AttributeSchema;
import dev.netlink.codec.attr.AttributeStruct;
import dev.netlink.codec.attr.AttributeType;

import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A YNL spec's {@code attribute-sets} compiled into the codec's {@link AttributeSchema}s, its {@code struct}
 * definitions into {@link AttributeStruct}s and its {@code enum}/{@code flags} definitions into
 * {@link AttributeEnum}s, so that {@link dev.netlink.codec.attr.AttributeMapCodec} reads and writes the family's
 * attributes. Every attribute is named as the spec spells it ({@code ifindex}, {@code dev-name}).
 *
 * <p>How each YNL type compiles:
 * <table>
 * <caption>YNL types and the codec's</caption>
 * <tr><th>YNL</th><th>{@link AttributeType}</th></tr>
 * <tr><td>{@code u8} … {@code s64}, {@code uint}, {@code sint}</td><td>the same width and signedness;
 *     {@link AttributeType#bigEndian} with {@code byte-order: big-endian}; with {@code enum:}
 *     {@link AttributeType#enumOf} (an {@code enum} definition) or {@link AttributeType#flagsOf} (a {@code flags}
 *     definition, or {@code enum-as-flags})</td></tr>
 * <tr><td>{@code string}, {@code flag}, {@code bitfield32}</td><td>{@code STRING}, {@code FLAG},
 *     {@code BITFIELD32}</td></tr>
 * <tr><td>{@code binary}</td><td>{@link AttributeType#struct} with {@code struct:}, else {@code BINARY}; display
 *     hints ({@code mac}, {@code ipv4}, {@code ipv6}, {@code hex}, {@code uuid}) leave it binary here;
 *     {@link YnlFamily} turns hinted values into Java values above the schema</td></tr>
 * <tr><td>{@code nest}</td><td>{@link AttributeType#nested} of the nested set's schema; a set that nests itself,
 *     directly or through others, through an {@link AttributeSchema#deferred} schema</td></tr>
 * <tr><td>{@code indexed-array}</td><td>{@link AttributeType#array} of its {@code sub-type}, written from index
 *     1, as the kernel numbers them (tc reads its actions from 1 and skips an entry 0)</td></tr>
 * <tr><td>{@code nest-type-value}</td><td>one {@link AttributeType#dict} per {@code type-value} name around the
 *     nested set</td></tr>
 * <tr><td>{@code multi-attr: true}</td><td>{@link AttributeType#multi} of the above</td></tr>
 * <tr><td>{@code pad}</td><td>{@code PADDING}</td></tr>
 * <tr><td>{@code unused}</td><td>left out: the number is unknown, so kept as bytes</td></tr>
 * <tr><td>{@code sub-message}, and types this library does not know</td><td>{@code BINARY}: kept as bytes here,
 *     since a schema cannot see the sibling selector; {@link YnlFamily} decodes sub-messages by their selected
 *     format above the schema</td></tr>
 * </table>
 *
 * <p>A struct, enum or attribute the codec cannot express (a struct member of an unknown type, an enum-as-flags
 * value wider than its integer) falls back to the plain type underneath (bytes, the integer), so decoding never
 * fails on it; the bundled specs have none (their tests check it).
 *
 * <p>Immutable and thread-safe. {@link #of(YnlSpec)} compiles a spec once and keeps the result with the spec.
 */
public final class YnlSchemas {
    /**
     * Attribute numbers where a bundled spec is wrong about the kernel, keyed by {@code spec/set/attribute}; the
     * kernel's uAPI wins. nlctrl.yaml (6.12) lists {@code policy-attrs} {@code mask} before {@code pad}, so YNL
     * numbers them 11 and 12, but {@code include/uapi/linux/netlink.h} has {@code NL_POLICY_TYPE_ATTR_PAD} = 11 and
     * {@code NL_POLICY_TYPE_ATTR_MASK} = 12.
     */
    private static final Map<String, Integer> KERNEL_VALUES = Map.of(
            "nlctrl/policy-attrs/pad", 11,
            "nlctrl/policy-attrs/mask", 12);

    private final YnlSpec spec;
    private final Map<String, AttributeSchema> schemas = new ConcurrentHashMap<>();
    private final Map<String, AttributeStruct> structs = new LinkedHashMap<>();
    private final Set<String> badStructs = new HashSet<>();
    private final Map<String, AttributeEnum> enums = new LinkedHashMap<>();

    private YnlSchemas(YnlSpec spec) {
        this.spec = spec;
        for (YnlDefinition d : spec.definitions()) {
            if (d instanceof YnlStruct s) {
                struct(s.name());
            }
        }
        Deque<String> building = new ArrayDeque<>();
        for (YnlAttributeSet set : spec.attributeSets()) {
            compile(set.name(), building);
        }
    }

    /** The compiled schemas of {@code spec}, compiled on first use and kept with the spec. */
    public static YnlSchemas of(YnlSpec spec) {
        YnlSchemas compiled = spec.schemas;
        if (compiled == null) {
            synchronized (spec) {
                compiled = spec.schemas;
                if (compiled == null) {
                    compiled = new YnlSchemas(spec);
                    spec.schemas = compiled;
                }
            }
        }
        return compiled;
    }

    /** The spec these schemas were compiled from. */
    public YnlSpec spec() {
        return spec;
    }

    /**
     * The schema of attribute set {@code set}: the set's name, each attribute under its spec name and number.
     *
     * @throws IllegalArgumentException if the spec has no such set; the message lists the sets
     */
    public AttributeSchema schema(String set) {
        AttributeSchema schema = schemas.get(set);
        if (schema == null) {
            throw new IllegalArgumentException("spec " + spec.name() + " has no attribute set \"" + set
                    + "\"; it has " + spec.attributeSets().stream().map(YnlAttributeSet::name).toList());
        }
        return schema;
    }

    /** The layout of struct definition {@code name}, if the spec defines it and the codec can lay it out. */
    public Optional<AttributeStruct> struct(String name) {
        synchronized (structs) {
            AttributeStruct s = structs.get(name);
            if (s != null || badStructs.contains(name)) {
                return Optional.ofNullable(s);
            }
            Optional<YnlStruct> def = spec.struct(name);
            if (def.isEmpty()) {
                return Optional.empty();
            }
            try {
                s = layout(def.get(), new HashSet<>());
            } catch (IllegalArgumentException e) {
                badStructs.add(name);
                return Optional.empty();
            }
            structs.put(name, s);
            return Optional.of(s);
        }
    }

    /**
     * The names of enum or flags definition {@code name}, as its values ({@code asFlags} false, an {@code enum}
     * only) or as bits ({@code 1 << value}: a {@code flags} definition, or an enum used {@code enum-as-flags}).
     */
    public Optional<AttributeEnum> enumeration(String name, boolean asFlags) {
        return spec.enumeration(name).map(def -> {
            boolean bits = def.flags() || asFlags;
            String key = (bits ? "bits:" : "values:") + name;
            synchronized (enums) {
                return enums.computeIfAbsent(key, k -> names(def, bits));
            }
        });
    }

    /** The struct after {@code genlmsghdr} of {@code op}'s messages ({@code fixed-header}), if it has one. */
    public Optional<AttributeStruct> fixedHeader(YnlOperation op) {
        return op.fixedHeader().flatMap(this::struct);
    }

    private static AttributeEnum names(YnlEnum def, boolean bits) {
        AttributeEnum.Builder b = AttributeEnum.builder(def.name());
        Set<Long> values = new HashSet<>();
        for (YnlEnumEntry e : def.entries()) {
            long v = e.userValue(bits);
            if (values.add(v)) { // an alias of an earlier entry keeps the first name
                b.add(e.name(), v);
            }
        }
        return b.build();
    }

    private AttributeSchema compile(String name, Deque<String> building) {
        AttributeSchema done = schemas.get(name);
        if (done != null) {
            return done;
        }
        if (building.contains(name)) {
            return AttributeSchema.deferred(name, () -> schemas.get(name));
        }
        YnlAttributeSet set = spec.attributeSet(name).orElseThrow(() -> new IllegalArgumentException(
                "spec " + spec.name() + " nests attribute set \"" + name + "\", which it does not define"));
        building.push(name);
        AttributeSchema.Builder b = AttributeSchema.builder(name);
        Set<String> added = new HashSet<>();
        for (YnlAttribute a : set.attributes()) {
            if (a.type().equals(YnlType.UNUSED) || !added.add(a.name())) {
                continue; // devlink's subsets list some attributes twice
            }
            Integer kernel = KERNEL_VALUES.get(spec.name() + '/' + name + '/' + a.name());
            AttributeType type = type(a, building);
            try {
                b.add(kernel != null ? kernel : a.value(), a.name(), type);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("spec " + spec.name() + ", attribute set " + name + ", attribute "
                        + a.name() + ": " + e.getMessage(), e);
            }
        }
        building.pop();
        AttributeSchema schema = b.build();
        schemas.put(name, schema);
        return schema;
    }

    private AttributeType type(YnlAttribute a, Deque<String> building) {
        AttributeType t = switch (a.type().name()) {
            case "pad" -> AttributeType.PADDING;
            case "flag" -> AttributeType.FLAG;
            case "string" -> AttributeType.STRING;
            case "bitfield32" -> AttributeType.BITFIELD32;
            case "binary" -> binary(a.struct());
            case "nest" -> a.nestedAttributes().<AttributeType>map(s -> AttributeType.nested(compile(s, building)))
                    .orElse(AttributeType.BINARY);
            case "indexed-array" -> AttributeType.array(element(a, building), 1);
            case "nest-type-value" -> {
                AttributeType inner = a.nestedAttributes()
                        .<AttributeType>map(s -> AttributeType.nested(compile(s, building)))
                        .orElse(AttributeType.BINARY);
                for (int i = 0; i < Math.max(1, a.typeValue().size()); i++) {
                    inner = AttributeType.dict(inner);
                }
                yield inner;
            }
            default -> a.type().isInteger()
                    ? integer(a.type(), a.byteOrder(), a.enumType(), a.enumAsFlags())
                    : AttributeType.BINARY; // sub-message, and types newer than this library
        };
        return a.multiAttr() && t != AttributeType.PADDING ? AttributeType.multi(t) : t;
    }

    /** An indexed array's element: its {@code sub-type}, a nest of the nested set or a scalar. */
    private AttributeType element(YnlAttribute a, Deque<String> building) {
        YnlType sub = a.subType().orElse(YnlType.NEST);
        if (sub.equals(YnlType.NEST)) {
            return a.nestedAttributes().<AttributeType>map(s -> AttributeType.nested(compile(s, building)))
                    .orElse(AttributeType.BINARY);
        }
        if (sub.isInteger()) {
            return integer(sub, a.byteOrder(), a.enumType(), a.enumAsFlags());
        }
        return switch (sub.name()) {
            case "string" -> AttributeType.STRING;
            case "flag" -> AttributeType.FLAG;
            case "binary" -> binary(a.struct());
            default -> AttributeType.BINARY;
        };
    }

    private AttributeType binary(Optional<String> struct) {
        return struct.flatMap(this::struct).<AttributeType>map(AttributeType::struct).orElse(AttributeType.BINARY);
    }

    private AttributeType integer(YnlType type, Optional<ByteOrder> order, Optional<String> enumName,
                                  boolean asFlags) {
        AttributeType t = switch (type.name()) {
            case "u8" -> AttributeType.U8;
            case "u16" -> AttributeType.U16;
            case "u32" -> AttributeType.U32;
            case "u64" -> AttributeType.U64;
            case "s8" -> AttributeType.S8;
            case "s16" -> AttributeType.S16;
            case "s32" -> AttributeType.S32;
            case "s64" -> AttributeType.S64;
            case "uint" -> AttributeType.UINT;
            case "sint" -> AttributeType.SINT;
            default -> throw new IllegalArgumentException(type + " is not an integer type");
        };
        if (order.isPresent() && order.get() == ByteOrder.BIG_ENDIAN) {
            t = AttributeType.bigEndian(t);
        }
        if (enumName.isEmpty()) {
            return t;
        }
        Optional<YnlEnum> def = spec.enumeration(enumName.get());
        if (def.isEmpty()) {
            return t;
        }
        boolean bits = def.get().flags() || asFlags;
        AttributeEnum names = enumeration(enumName.get(), asFlags).orElseThrow();
        try {
            return bits ? AttributeType.flagsOf(t, names) : AttributeType.enumOf(t, names);
        } catch (IllegalArgumentException e) {
            return t; // a bit wider than the integer: the number, never a failure
        }
    }

    private AttributeStruct layout(YnlStruct s, Set<String> outer) {
        if (!outer.add(s.name())) {
            throw new IllegalArgumentException("struct " + s.name() + " contains itself");
        }
        AttributeStruct.Builder b = AttributeStruct.builder(s.name());
        for (YnlStructMember m : s.members()) {
            YnlType t = m.type();
            if (t.equals(YnlType.PAD)) {
                b.pad(length(s, m));
            } else if (t.width() > 0) {
                b.add(m.name(), integer(t, m.byteOrder(), m.enumType(), m.enumAsFlags()));
            } else if ((t.equals(YnlType.BINARY) || t.equals(YnlType.STRING)) && m.len().isPresent()) {
                b.binary(m.name(), length(s, m));
            } else if (t.equals(YnlType.BINARY) && m.struct().isPresent()) {
                YnlStruct inner = spec.struct(m.struct().get()).orElseThrow(() -> new IllegalArgumentException(
                        "struct " + s.name() + " member " + m.name() + " names no struct"));
                b.binary(m.name(), layout(inner, outer).size());
            } else {
                throw new IllegalArgumentException("struct " + s.name() + " member " + m.name() + " of type " + t
                        + " has no fixed size");
            }
        }
        outer.remove(s.name());
        return b.build();
    }

    private int length(YnlStruct s, YnlStructMember m) {
        return Math.toIntExact(spec.resolve(m.len().orElseThrow(() -> new IllegalArgumentException(
                "struct " + s.name() + " member " + m.name() + " has no len"))));
    }

    @Override
    public String toString() {
        return "YnlSchemas(" + spec.name() + ", " + schemas.size() + " attribute sets)";
    }
}
