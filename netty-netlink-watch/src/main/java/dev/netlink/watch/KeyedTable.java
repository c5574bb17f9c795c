package dev.netlink.watch;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Objects by key, with an index of the keys that share a replace group (the routes one {@code NLM_F_REPLACE}
 * replaces: same table, destination, {@code tos}, priority), kept as the map changes. Confined to one thread; the
 * map given may be read by others.
 */
final class KeyedTable<K, V> {
    private final Map<K, V> map;
    private final Function<? super V, ?> group;
    private final Map<Object, Set<K>> members = new HashMap<>();

    /** @param group an object's replace group, or {@code null} for none */
    KeyedTable(Map<K, V> map, Function<? super V, ?> group) {
        this.map = map;
        this.group = group;
    }

    Map<K, V> map() {
        return map;
    }

    V get(K k) {
        return map.get(k);
    }

    V put(K k, V v) {
        V old = map.put(k, v);
        Object g = old == null ? group.apply(v) : null;
        if (g != null) {
            members.computeIfAbsent(g, x -> new HashSet<>()).add(k);
        }
        return old;
    }

    V remove(K k) {
        V old = map.remove(k);
        Object g = old == null ? null : group.apply(old);
        if (g != null) {
            Set<K> keys = members.get(g);
            keys.remove(k);
            if (keys.isEmpty()) {
                members.remove(g);
            }
        }
        return old;
    }

    /** The keys other than {@code k} in the replace group of {@code v}. */
    Set<K> others(K k, V v) {
        Object g = group.apply(v);
        Set<K> keys = g == null ? null : members.get(g);
        if (keys == null || keys.isEmpty() || keys.size() == 1 && keys.contains(k)) {
            return Set.of();
        }
        Set<K> others = new HashSet<>(keys);
        others.remove(k);
        return others;
    }
}
