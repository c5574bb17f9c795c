package dev.netlink.ynl;

import dev.netlink.codec.MalformedNetlinkException;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.attr.AttributeSchema;
import dev.netlink.codec.attr.AttributeStruct;
import dev.netlink.codec.attr.AttributeWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YNL spec's {@code sub-message} attributes (rt-link's {@code linkinfo} {@code data}, picked by the sibling
 * {@code kind}; tc's action {@code options}, inside each nest of an indexed array) between their bytes and the map
 * of the selected format: its fixed header's members and its attribute set's attributes, by name. Works on the
 * name-keyed maps of {@link YnlMaps} wherever a sub-message sits: in nests, {@code multi-attr} lists, indexed arrays
 * of nests, {@code nest-type-value} levels and other sub-messages. Its selector is looked up as
 * {@code tools/net/ynl} looks it up: in the innermost enclosing attribute set that has an attribute of that name
 * (tc's {@code stats2}/{@code app} takes the {@code kind} of the message or action around it). A format the spec
 * does not have, a selector that is missing, or bytes that do not decode as the format says are kept as bytes.
 * Immutable and thread-safe.
 */
final class YnlSubMessages {
    /**
     * Where a selector is looked up: the values of one attribute set, inside the sets around it.
     *
     * @param set    the attribute set of {@code values}
     * @param values its attributes by name
     * @param outer  the set around it, {@code null} at the message's top
     */
    record Scope(YnlAttributeSet set, Map<String, ?> values, Scope outer) {
        /** The value of attribute {@code name} in the innermost set that has such an attribute, or {@code null}. */
        Object lookup(String name) {
            for (Scope s = this; s != null; s = s.outer) {
                if (s.set.attribute(name).isPresent()) {
                    return s.values.get(name);
                }
            }
            return null;
        }
    }

    private final YnlSpec spec;
    private final YnlSchemas schemas;

    YnlSubMessages(YnlSpec spec, YnlSchemas schemas) {
        this.spec = spec;
        this.schemas = schemas;
    }

    /** {@code values} of attribute set {@code set}, each sub-message's bytes decoded by its selected format. */
    Map<String, Object> decode(String set, Map<String, Object> values) {
        return decode(set, values, null);
    }

    private Map<String, Object> decode(String set, Map<String, Object> values, Scope outer) {
        Optional<YnlAttributeSet> attrs = spec.attributeSet(set);
        if (attrs.isEmpty()) {
            return values;
        }
        Scope scope = new Scope(attrs.get(), values, outer);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object v = e.getValue();
            Optional<YnlAttribute> a = attrs.get().attribute(e.getKey());
            if (a.isPresent() && v != null) {
                v = each(a.get(), v, x -> decodeOne(a.get(), x, scope));
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    /** {@code v} mapped by {@code one}, element by element when it is the list of a multi-attr or indexed array. */
    private static Object each(YnlAttribute a, Object v, java.util.function.UnaryOperator<Object> one) {
        if (v instanceof List<?> l && (a.multiAttr() || a.type().equals(YnlType.INDEXED_ARRAY))) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(x == null ? null : one.apply(x)));
            return out;
        }
        return one.apply(v);
    }

    /** The set whose attributes one value of {@code a} holds: a nest's, an indexed array of nests', a level's. */
    private static Optional<String> nestedSet(YnlAttribute a) {
        YnlType t = a.type();
        boolean nests = t.equals(YnlType.NEST) || t.equals(YnlType.NEST_TYPE_VALUE)
                || t.equals(YnlType.INDEXED_ARRAY) && a.subType().orElse(YnlType.NEST).equals(YnlType.NEST);
        return nests ? a.nestedAttributes() : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private Object decodeOne(YnlAttribute a, Object v, Scope scope) {
        Optional<String> nested = nestedSet(a);
        if (nested.isPresent() && v instanceof Map<?, ?> m) {
            if (a.type().equals(YnlType.NEST_TYPE_VALUE)) {
                return levels((Map<Object, Object>) m, Math.max(1, a.typeValue().size()),
                        x -> decode(nested.get(), (Map<String, Object>) x, scope));
            }
            return decode(nested.get(), (Map<String, Object>) m, scope);
        }
        if (a.type().equals(YnlType.SUB_MESSAGE) && v instanceof byte[] bytes) {
            Optional<YnlSubMessageFormat> format = format(a, scope);
            if (format.isPresent()) {
                try {
                    return decode(format.get(), bytes, scope);
                } catch (MalformedNetlinkException | IllegalArgumentException e) {
                    return v; // not as the format says: kept as bytes
                }
            }
        }
        return v;
    }

    /** The innermost maps of {@code depth} levels of {@code nest-type-value} keys, mapped by {@code inner}. */
    private static Object levels(Map<?, ?> m, int depth, java.util.function.UnaryOperator<Object> inner) {
        Map<Object, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(k, !(x instanceof Map<?, ?> xm) ? x
                : depth <= 1 ? inner.apply(xm) : levels(xm, depth - 1, inner)));
        return out;
    }

    private Map<String, Object> decode(YnlSubMessageFormat format, byte[] bytes, Scope outer) {
        Map<String, Object> out = new LinkedHashMap<>();
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        int from = 0;
        Optional<AttributeStruct> header = format.fixedHeader().flatMap(schemas::struct);
        if (header.isPresent()) {
            out.putAll(header.get().decode(buf, 0, Math.min(header.get().size(), bytes.length)));
            from = Math.min(NetlinkMessage.align(header.get().size()), bytes.length);
        }
        if (format.attributeSet().isPresent()) {
            String set = format.attributeSet().get();
            AttributeSchema schema = schemas.schema(set);
            out.putAll(decode(set, YnlMaps.named(schema, schema.decode(buf.slice(from, bytes.length - from))),
                    outer));
        }
        return out;
    }

    /**
     * {@code values} of attribute set {@code set} with each sub-message given as a map encoded into the bytes of
     * its selected format (its selector, looked up as for decoding, must be given as the format's value).
     *
     * @throws IllegalArgumentException if a sub-message's selector is missing or selects no format, naming both
     */
    Map<String, Object> encode(String set, Map<String, ?> values, String path) {
        return encode(set, values, path, null);
    }

    private Map<String, Object> encode(String set, Map<String, ?> values, String path, Scope outer) {
        Optional<YnlAttributeSet> attrs = spec.attributeSet(set);
        Map<String, Object> out = new LinkedHashMap<>(values);
        if (attrs.isEmpty()) {
            return out;
        }
        Scope scope = new Scope(attrs.get(), values, outer);
        for (Map.Entry<String, ?> e : values.entrySet()) {
            Optional<YnlAttribute> a = attrs.get().attribute(e.getKey());
            if (a.isEmpty() || e.getValue() == null) {
                continue;
            }
            String at = path + e.getKey();
            Object v = e.getValue();
            if (v instanceof List<?> l && (a.get().multiAttr() || a.get().type().equals(YnlType.INDEXED_ARRAY))) {
                List<Object> list = new ArrayList<>(l.size());
                for (int i = 0; i < l.size(); i++) {
                    list.add(l.get(i) == null ? null : encodeOne(a.get(), l.get(i), at + '[' + i + ']', scope));
                }
                out.put(e.getKey(), list);
            } else {
                out.put(e.getKey(), encodeOne(a.get(), v, at, scope));
            }
        }
        return out;
    }

    private Object encodeOne(YnlAttribute a, Object v, String at, Scope scope) {
        Optional<String> nested = nestedSet(a);
        if (nested.isPresent() && v instanceof Map<?, ?> m) {
            if (a.type().equals(YnlType.NEST_TYPE_VALUE)) {
                return levels(m, Math.max(1, a.typeValue().size()),
                        x -> encode(nested.get(), named((Map<?, ?>) x), at + '.', scope));
            }
            return encode(nested.get(), named(m), at + '.', scope);
        }
        if (a.type().equals(YnlType.SUB_MESSAGE) && v instanceof Map<?, ?> m) {
            YnlSubMessageFormat format = format(a, scope).orElseThrow(() -> new IllegalArgumentException(
                    "sub-message " + at + " needs its selector " + a.selector().orElse("?")
                            + " set to one of " + a.subMessage().flatMap(spec::subMessage)
                            .map(s -> s.formats().stream().map(YnlSubMessageFormat::value).toList())
                            .orElse(List.of())));
            return encode(format, named(m), at + '.', scope);
        }
        return v;
    }

    private byte[] encode(YnlSubMessageFormat format, Map<String, Object> values, String path, Scope outer) {
        Optional<AttributeStruct> header = format.fixedHeader().flatMap(schemas::struct);
        Map<String, Object> headerValues = new LinkedHashMap<>();
        Map<String, Object> attributes = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (header.isPresent() && header.get().members().stream().anyMatch(m -> k.equals(m.name()))) {
                headerValues.put(k, v);
            } else {
                attributes.put(k, v);
            }
        });
        ByteBuf buf = Unpooled.buffer();
        try {
            if (header.isPresent()) {
                byte[] h = header.get().toBytes(headerValues);
                buf.writeBytes(h).writeZero(NetlinkMessage.align(h.length) - h.length);
            }
            if (!attributes.isEmpty() || format.attributeSet().isPresent()) {
                String set = format.attributeSet().orElseThrow(() -> new IllegalArgumentException(
                        "sub-message " + path + " of format " + format.value() + " has no attributes"));
                AttributeSchema schema = schemas.schema(set);
                schema.encode(YnlMaps.wire(schema, encode(set, attributes, path, outer), path),
                        new AttributeWriter(buf));
            }
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** The format {@code a}'s selector picks, looked up from {@code scope} outwards, if it is set and names one. */
    Optional<YnlSubMessageFormat> format(YnlAttribute a, Scope scope) {
        Object selector = a.selector().map(scope::lookup).orElse(null);
        if (selector == null) {
            return Optional.empty();
        }
        return a.subMessage().flatMap(spec::subMessage).flatMap(s -> s.formats().stream()
                .filter(f -> f.value().equals(String.valueOf(selector))).findFirst());
    }

    /** {@code m} with its keys as strings, in the same order. */
    static Map<String, Object> named(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
