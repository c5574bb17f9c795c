package dev.netlink.ynl;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The name-keyed maps of a YNL message (as {@link YnlMaps} and {@link YnlSubMessages} give and take them) walked
 * down to their scalar places, every attribute, element and struct member, with the spec's facts about each: the
 * way a message's values are converted ({@link YnlDisplayHints}) or checked ({@link YnlRequestChecks}) by the
 * spec's word. Walks nests, {@code multi-attr} lists, indexed arrays, {@code nest-type-value} levels, structs in
 * binary attributes, fixed headers and sub-messages of their selected format; a key the spec does not know, and a
 * value not of the form its place has (bytes a sub-message was kept as), is left as it is. Immutable and
 * thread-safe.
 */
final class YnlValueTree {
    /**
     * One scalar place of a message.
     *
     * @param path        where it is, for messages ({@code header.dev-name}, {@code addr[0]})
     * @param type        its YNL type
     * @param displayHint its {@code display-hint}
     * @param byteOrder   its {@code byte-order}
     * @param checks      its {@code checks}; none for a struct member
     * @param enumType    the {@code enum} or {@code flags} definition of its value
     * @param enumAsFlags {@code enum-as-flags}
     */
    record Leaf(String path, YnlType type, Optional<String> displayHint, Optional<ByteOrder> byteOrder,
                YnlChecks checks, Optional<String> enumType, boolean enumAsFlags) {
    }

    /** What becomes of the value at one place. */
    @FunctionalInterface
    interface Mapper {
        /** The value to put at {@code leaf} instead of {@code value} (never {@code null}). */
        Object map(Leaf leaf, Object value);
    }

    private final YnlSpec spec;
    private final YnlSubMessages subMessages;

    YnlValueTree(YnlSpec spec, YnlSubMessages subMessages) {
        this.spec = spec;
        this.subMessages = subMessages;
    }

    /**
     * {@code values}, the members of fixed header struct {@code fixedHeader} (if any) and the attributes of set
     * {@code set} (if any), with every scalar place mapped by {@code mapper}; a new map, in the same order.
     */
    Map<String, Object> map(Optional<String> set, Optional<String> fixedHeader, Map<String, ?> values, Mapper mapper) {
        return map(set, fixedHeader, values, "", null, mapper);
    }

    /** As above, {@code outer} the sets around {@code values}, where sub-message selectors are looked up. */
    private Map<String, Object> map(Optional<String> set, Optional<String> fixedHeader, Map<String, ?> values,
                                    String prefix, YnlSubMessages.Scope outer, Mapper mapper) {
        Optional<YnlStruct> header = fixedHeader.flatMap(spec::struct);
        Optional<YnlAttributeSet> attrs = set.flatMap(spec::attributeSet);
        YnlSubMessages.Scope scope = attrs.map(a -> new YnlSubMessages.Scope(a, values, outer)).orElse(outer);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            Optional<YnlStructMember> member = header.flatMap(h -> h.member(key));
            if (v != null && member.isPresent()) {
                v = member(member.get(), v, prefix + key, mapper);
            } else if (v != null && attrs.isPresent()) {
                Optional<YnlAttribute> a = attrs.get().attribute(key);
                if (a.isPresent()) {
                    v = attribute(a.get(), v, prefix + key, scope, mapper);
                }
            }
            out.put(key, v);
        }
        return out;
    }

    private Object attribute(YnlAttribute a, Object v, String path, YnlSubMessages.Scope scope, Mapper mapper) {
        if (a.multiAttr() && v instanceof List<?> l) {
            return list(l, path, (x, at) -> single(a, x, at, scope, mapper));
        }
        return single(a, v, path, scope, mapper);
    }

    private Object single(YnlAttribute a, Object v, String path, YnlSubMessages.Scope scope, Mapper mapper) {
        YnlType t = a.type();
        if (t.equals(YnlType.NEST)) {
            return v instanceof Map<?, ?> m ? nested(a.nestedAttributes(), m, path, scope, mapper) : v;
        }
        if (t.equals(YnlType.INDEXED_ARRAY)) {
            YnlType sub = a.subType().orElse(YnlType.NEST);
            return v instanceof List<?> l ? list(l, path, (x, at) -> sub.equals(YnlType.NEST)
                    ? (x instanceof Map<?, ?> m ? nested(a.nestedAttributes(), m, at, scope, mapper) : x)
                    : leaf(a, sub, YnlChecks.NONE, x, at, mapper)) : v; // the checks are the array's
        }
        if (t.equals(YnlType.NEST_TYPE_VALUE)) {
            return levels(a, v, path, Math.max(1, a.typeValue().size()), scope, mapper);
        }
        if (t.equals(YnlType.SUB_MESSAGE)) {
            Optional<YnlSubMessageFormat> format = subMessages.format(a, scope);
            return v instanceof Map<?, ?> m && format.isPresent()
                    ? map(format.get().attributeSet(), format.get().fixedHeader(), YnlSubMessages.named(m), path + '.',
                    scope, mapper) : v;
        }
        if (t.equals(YnlType.BINARY) && a.struct().isPresent()) {
            return v instanceof Map<?, ?> m
                    ? map(Optional.empty(), a.struct(), YnlSubMessages.named(m), path + '.', scope, mapper) : v;
        }
        return leaf(a, t, a.checks(), v, path, mapper);
    }

    private Object levels(YnlAttribute a, Object v, String path, int depth, YnlSubMessages.Scope scope,
                          Mapper mapper) {
        if (!(v instanceof Map<?, ?> m)) {
            return v;
        }
        if (depth == 0) {
            return nested(a.nestedAttributes(), m, path, scope, mapper);
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(k, x == null ? null
                : levels(a, x, path + '[' + k + ']', depth - 1, scope, mapper)));
        return out;
    }

    private Object nested(Optional<String> set, Map<?, ?> m, String path, YnlSubMessages.Scope scope,
                          Mapper mapper) {
        return map(set, Optional.empty(), YnlSubMessages.named(m), path + '.', scope, mapper);
    }

    private Object member(YnlStructMember m, Object v, String path, Mapper mapper) {
        return mapper.map(new Leaf(path, m.type(), m.displayHint(), m.byteOrder(), YnlChecks.NONE, m.enumType(),
                m.enumAsFlags()), v);
    }

    private static Object leaf(YnlAttribute a, YnlType type, YnlChecks checks, Object v, String path, Mapper mapper) {
        return mapper.map(new Leaf(path, type, a.displayHint(), a.byteOrder(), checks, a.enumType(),
                a.enumAsFlags()), v);
    }

    @FunctionalInterface
    private interface Element {
        Object map(Object value, String path);
    }

    private static List<Object> list(List<?> values, String path, Element element) {
        List<Object> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            out.add(v == null ? null : element.map(v, path + '[' + i + ']'));
        }
        return out;
    }
}
