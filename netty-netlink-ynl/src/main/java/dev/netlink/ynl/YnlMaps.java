package dev.netlink.ynl;

import dev.netlink.codec.attr.AttributeSchema;
import dev.netlink.codec.attr.AttributeType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Between the codec's attribute maps, keyed by attribute number ({@code Map<Integer, Object>}), and YNL's, keyed
 * by the spec's attribute names ({@code Map<String, Object>}), nests included. An attribute the schema does not
 * know is keyed by its number in decimal ({@code "42"}); no YNL name starts with a digit. Static helpers only;
 * thread-safe.
 */
final class YnlMaps {
    private YnlMaps() {
    }

    /** {@code decoded} (as {@link AttributeSchema#decode} returns it) with names for keys, nests included. */
    static Map<String, Object> named(AttributeSchema schema, Map<Integer, Object> decoded) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<Integer, Object> e : decoded.entrySet()) {
            AttributeType type = schema.type(e.getKey());
            out.put(schema.name(e.getKey()), type == null ? e.getValue() : named(type, e.getValue()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object named(AttributeType type, Object value) {
        return switch (type) {
            case AttributeType.Nested n -> named(n.schema(), (Map<Integer, Object>) value);
            case AttributeType.Multi m -> list(m.element(), (List<Object>) value);
            case AttributeType.Array a -> list(a.element(), (List<Object>) value);
            case AttributeType.Dict d -> {
                Map<Integer, Object> out = new LinkedHashMap<>();
                ((Map<Integer, Object>) value).forEach((k, v) -> out.put(k, named(d.element(), v)));
                yield out;
            }
            default -> value;
        };
    }

    private static List<Object> list(AttributeType element, List<Object> values) {
        List<Object> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(named(element, v));
        }
        return out;
    }

    /**
     * {@code values}, keyed by spec names, as {@link AttributeSchema#encode} takes them: names kept, decimal keys
     * turned into numbers, nests converted alike. Values are checked by the codec when encoding.
     *
     * @param path where {@code values} sits, for messages ({@code ""} at the top)
     * @throws IllegalArgumentException if a key names no attribute of its set; the message names the set and the
     *                                  path, and lists the set's attributes
     */
    static Map<Object, Object> wire(AttributeSchema schema, Map<?, ?> values, String path) {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : values.entrySet()) {
            int t = number(schema, e.getKey(), path);
            AttributeType type = schema.type(t);
            Object v = e.getValue();
            String at = path + schema.name(t);
            out.put(type == null ? (Object) t : schema.name(t), type == null || v == null ? v : wire(type, v, at));
        }
        return out;
    }

    /** The number of the attribute {@code key} names: a name of the set, or a decimal number. */
    static int number(AttributeSchema schema, Object key, String path) {
        String name = String.valueOf(key);
        OptionalInt t = schema.number(name);
        if (t.isPresent()) {
            return t.getAsInt();
        }
        if (key instanceof Integer i) {
            return i;
        }
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit) && name.length() <= 5) {
            return Integer.parseInt(name);
        }
        throw new IllegalArgumentException("no attribute \"" + path + name + "\" in attribute set " + schema.name()
                + "; it has " + String.join(", ", schema.numbers().keySet()));
    }

    private static Object wire(AttributeType type, Object v, String path) {
        return switch (type) {
            case AttributeType.Nested n when v instanceof Map<?, ?> m -> wire(n.schema(), m, path + '.');
            case AttributeType.Multi m when v instanceof List<?> l -> wireList(m.element(), l, path);
            case AttributeType.Array a when v instanceof List<?> l -> wireList(a.element(), l, path);
            case AttributeType.Dict d when v instanceof Map<?, ?> m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    Object k = e.getKey() instanceof String s && !s.isEmpty() && s.chars().allMatch(Character::isDigit)
                            && s.length() <= 5 ? Integer.valueOf(s) : e.getKey();
                    out.put(k, e.getValue() == null ? null : wire(d.element(), e.getValue(),
                            path + '[' + k + ']'));
                }
                yield out;
            }
            default -> v; // the codec checks the value and says what it needs
        };
    }

    private static List<Object> wireList(AttributeType element, List<?> values, String path) {
        List<Object> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            out.add(v == null ? null : wire(element, v, path + '[' + i + ']'));
        }
        return out;
    }
}
