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
 * {@code kind}) between their bytes and the map of the selected format: its fixed header's members and its
 * attribute set's attributes, by name. Works on the name-keyed maps of {@link YnlMaps}, nests and
 * {@code multi-attr} nests included; a format the spec does not have, a selector that is missing, or bytes that do
 * not decode as the format says are kept as bytes. Immutable and thread-safe.
 */
final class YnlSubMessages {
    private final YnlSpec spec;
    private final YnlSchemas schemas;

    YnlSubMessages(YnlSpec spec, YnlSchemas schemas) {
        this.spec = spec;
        this.schemas = schemas;
    }

    /** {@code values} of attribute set {@code set}, each sub-message's bytes decoded by its selected format. */
    Map<String, Object> decode(String set, Map<String, Object> values) {
        Optional<YnlAttributeSet> attrs = spec.attributeSet(set);
        if (attrs.isEmpty()) {
            return values;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object v = e.getValue();
            Optional<YnlAttribute> a = attrs.get().attribute(e.getKey());
            if (a.isPresent()) {
                v = decode(a.get(), v, values);
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Object decode(YnlAttribute a, Object v, Map<String, Object> siblings) {
        if (a.type().equals(YnlType.NEST) && a.nestedAttributes().isPresent()) {
            String nested = a.nestedAttributes().get();
            if (v instanceof Map<?, ?> m) {
                return decode(nested, (Map<String, Object>) m);
            }
            if (v instanceof List<?> l) {
                List<Object> out = new ArrayList<>(l.size());
                l.forEach(x -> out.add(x instanceof Map<?, ?> m ? decode(nested, (Map<String, Object>) m) : x));
                return out;
            }
            return v;
        }
        if (a.type().equals(YnlType.SUB_MESSAGE) && v instanceof byte[] bytes) {
            Optional<YnlSubMessageFormat> format = format(a, siblings);
            if (format.isPresent()) {
                try {
                    return decode(format.get(), bytes);
                } catch (MalformedNetlinkException | IllegalArgumentException e) {
                    return v; // not as the format says: kept as bytes
                }
            }
        }
        return v;
    }

    private Map<String, Object> decode(YnlSubMessageFormat format, byte[] bytes) {
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
            out.putAll(decode(set, YnlMaps.named(schema, schema.decode(buf.slice(from, bytes.length - from)))));
        }
        return out;
    }

    /**
     * {@code values} of attribute set {@code set} with each sub-message given as a map encoded into the bytes of
     * its selected format (the sibling selector must be given as the format's value).
     *
     * @throws IllegalArgumentException if a sub-message's selector is missing or selects no format, naming both
     */
    Map<String, Object> encode(String set, Map<String, ?> values, String path) {
        Optional<YnlAttributeSet> attrs = spec.attributeSet(set);
        Map<String, Object> out = new LinkedHashMap<>(values);
        if (attrs.isEmpty()) {
            return out;
        }
        for (Map.Entry<String, ?> e : values.entrySet()) {
            Optional<YnlAttribute> a = attrs.get().attribute(e.getKey());
            if (a.isEmpty() || e.getValue() == null) {
                continue;
            }
            String at = path + e.getKey();
            if (a.get().type().equals(YnlType.NEST) && a.get().nestedAttributes().isPresent()
                    && e.getValue() instanceof Map<?, ?> m) {
                out.put(e.getKey(), encode(a.get().nestedAttributes().get(), named(m), at + '.'));
            } else if (a.get().type().equals(YnlType.SUB_MESSAGE) && e.getValue() instanceof Map<?, ?> m) {
                YnlSubMessageFormat format = format(a.get(), values).orElseThrow(() -> new IllegalArgumentException(
                        "sub-message " + at + " needs its selector " + a.get().selector().orElse("?")
                                + " set to one of " + a.get().subMessage().flatMap(spec::subMessage)
                                .map(s -> s.formats().stream().map(YnlSubMessageFormat::value).toList())
                                .orElse(List.of())));
                out.put(e.getKey(), encode(format, named(m), at + '.'));
            }
        }
        return out;
    }

    private byte[] encode(YnlSubMessageFormat format, Map<String, Object> values, String path) {
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
                schema.encode(YnlMaps.wire(schema, encode(set, attributes, path), path), new AttributeWriter(buf));
            }
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** The format the sibling selector's value picks, if the selector is there and names one. */
    Optional<YnlSubMessageFormat> format(YnlAttribute a, Map<String, ?> siblings) {
        Object selector = a.selector().map(siblings::get).orElse(null);
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
