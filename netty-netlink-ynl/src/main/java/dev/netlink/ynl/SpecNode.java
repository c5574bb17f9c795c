package dev.netlink.ynl;

import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One mapping of a parsed spec with the key path that leads to it, so every read of a known key can say where
 * and what when the value is not what the schema allows. Keys this loader does not read are never looked at.
 * Package-private; confined to the loading thread.
 */
final class SpecNode {
    private final String source;
    private final String path;
    private final Map<?, ?> map;

    private SpecNode(String source, String path, Map<?, ?> map) {
        this.source = source;
        this.path = path;
        this.map = map;
    }

    /** The document's top-level mapping. */
    static SpecNode root(String source, Object document) {
        if (!(document instanceof Map<?, ?> map)) {
            throw new YnlSpecException(source, "", "expected a mapping at the top level, got " + describe(document));
        }
        return new SpecNode(source, "", map);
    }

    /** A node over {@code map} at this node's path (a subset's attribute merged with its full definition). */
    SpecNode withMap(Map<?, ?> replacement) {
        return new SpecNode(source, path, replacement);
    }

    String source() {
        return source;
    }

    String path() {
        return path;
    }

    Map<?, ?> map() {
        return map;
    }

    boolean has(String key) {
        return map.containsKey(key);
    }

    String string(String key) {
        Object value = map.get(key);
        if (value == null) {
            throw error(key, "a string is required");
        }
        return asString(key, value);
    }

    Optional<String> optString(String key) {
        Object value = map.get(key);
        return value == null ? Optional.empty() : Optional.of(asString(key, value));
    }

    /** A scalar read as text: a YAML number or boolean where a string is expected keeps its spelling. */
    Optional<String> optScalarText(String key) {
        Object value = map.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return Optional.of(value.toString());
        }
        throw error(key, "expected a scalar, got " + describe(value));
    }

    private String asString(String key, Object value) {
        if (!(value instanceof String s)) {
            throw error(key, "expected a string, got " + describe(value));
        }
        return s;
    }

    boolean flag(String key) {
        Object value = map.get(key);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean b)) {
            throw error(key, "expected true or false, got " + describe(value));
        }
        return b;
    }

    OptionalInt optUint(String key) {
        Object value = map.get(key);
        if (value == null) {
            return OptionalInt.empty();
        }
        if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
            throw error(key, "expected a non-negative integer, got " + describe(value));
        }
        BigInteger big = new BigInteger(value.toString());
        if (big.signum() < 0 || big.bitLength() > 32) {
            throw error(key, "expected an integer from 0 to 4294967295, got " + value);
        }
        return OptionalInt.of(big.intValue());
    }

    /** An integer of up to 64 bits, signed or (above {@code Long.MAX_VALUE}) unsigned. */
    Optional<Long> optLong(String key) {
        Object value = map.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
            throw error(key, "expected an integer, got " + describe(value));
        }
        return Optional.of(toLong(key, new BigInteger(value.toString())));
    }

    /** A number the schema lets a spec write literally or by name ({@code len-or-define}, {@code len-or-limit}). */
    Optional<YnlValue> optValue(String key) {
        Object value = map.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return Optional.of(YnlValue.of(toLong(key, new BigInteger(value.toString()))));
        }
        if (value instanceof String s && !s.isBlank()) {
            return Optional.of(YnlValue.ofName(s));
        }
        throw error(key, "expected an integer or a name, got " + describe(value));
    }

    private long toLong(String key, BigInteger big) {
        if (big.bitLength() > 64 || big.signum() < 0 && big.bitLength() > 63) {
            throw error(key, "expected an integer of at most 64 bits, got " + big);
        }
        return big.longValue();
    }

    Optional<ByteOrder> optByteOrder(String key) {
        Optional<String> order = optString(key);
        if (order.isEmpty()) {
            return Optional.empty();
        }
        return switch (order.get()) {
            case "little-endian" -> Optional.of(ByteOrder.LITTLE_ENDIAN);
            case "big-endian" -> Optional.of(ByteOrder.BIG_ENDIAN);
            default -> throw error(key, "expected little-endian or big-endian, got '" + order.get() + "'");
        };
    }

    /** A mapping under {@code key}; an absent or empty ({@code null}) value gives an empty node. */
    SpecNode node(String key) {
        Object value = map.get(key);
        if (value == null) {
            return new SpecNode(source, join(key), Map.of());
        }
        if (!(value instanceof Map<?, ?> child)) {
            throw error(key, "expected a mapping, got " + describe(value));
        }
        return new SpecNode(source, join(key), child);
    }

    /** The mappings of the list under {@code key}, each at a path naming it by its {@code name} where it has one. */
    List<SpecNode> nodes(String key) {
        List<?> items = rawList(key);
        List<SpecNode> nodes = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            String itemPath = join(key) + "[" + (item instanceof Map<?, ?> m && m.get("name") instanceof String name
                    ? name : Integer.toString(i)) + "]";
            if (!(item instanceof Map<?, ?> m)) {
                throw new YnlSpecException(source, itemPath, "expected a mapping, got " + describe(item));
            }
            nodes.add(new SpecNode(source, itemPath, m));
        }
        return nodes;
    }

    /** The raw items of the list under {@code key}, empty if absent. */
    List<?> rawList(String key) {
        Object value = map.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw error(key, "expected a list, got " + describe(value));
        }
        return list;
    }

    List<String> strings(String key) {
        List<?> items = rawList(key);
        List<String> strings = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof String s)) {
                throw new YnlSpecException(source, join(key) + "[" + i + "]",
                        "expected a string, got " + describe(items.get(i)));
            }
            strings.add(s);
        }
        return strings;
    }

    YnlSpecException error(String key, String problem) {
        return new YnlSpecException(source, join(key), problem);
    }

    YnlSpecException error(String problem) {
        return new YnlSpecException(source, path, problem);
    }

    String join(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof Map) {
            return "a mapping";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        return value.toString();
    }
}
