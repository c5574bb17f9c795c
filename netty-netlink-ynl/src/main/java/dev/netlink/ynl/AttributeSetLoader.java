package dev.netlink.ynl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a spec's {@code attribute-sets}: numbers each full set's attributes (its own {@code value}, else one more
 * than the attribute before, the first being 1) and resolves each {@code subset-of} set against its full set, in
 * any order of the file: a subset attribute is the full set's attribute with the subset's own keys laid over it,
 * at the full set's value. Package-private; one instance reads one file.
 */
final class AttributeSetLoader {
    private final SpecNode root;
    private final Map<String, SpecNode> nodes = new LinkedHashMap<>();
    private final Map<String, YnlAttributeSet> sets = new HashMap<>();
    /** Per resolved set, its attributes' raw definitions (merged for a subset), for subsets of it. */
    private final Map<String, Map<String, Map<Object, Object>>> rawAttributes = new HashMap<>();

    AttributeSetLoader(SpecNode root) {
        this.root = root;
    }

    List<YnlAttributeSet> load() {
        List<SpecNode> setNodes = root.nodes("attribute-sets");
        for (SpecNode node : setNodes) {
            if (nodes.putIfAbsent(node.string("name"), node) != null) {
                throw node.error("an attribute set of this name comes earlier in the file");
            }
        }
        List<YnlAttributeSet> result = new ArrayList<>(setNodes.size());
        for (SpecNode node : setNodes) {
            result.add(resolve(node, new HashSet<>()));
        }
        return result;
    }

    private YnlAttributeSet resolve(SpecNode node, Set<String> visiting) {
        String name = node.string("name");
        YnlAttributeSet done = sets.get(name);
        if (done != null) {
            return done;
        }
        if (!visiting.add(name)) {
            throw node.error("subset-of", "the subset-of chain comes back to '" + name + "'");
        }
        YnlAttributeSet set = node.has("subset-of") ? subset(node, name, visiting) : full(node, name);
        sets.put(name, set);
        return set;
    }

    private YnlAttributeSet full(SpecNode node, String name) {
        List<YnlAttribute> attributes = new ArrayList<>();
        Map<String, Map<Object, Object>> raw = new HashMap<>();
        int next = 1;
        for (SpecNode attribute : node.nodes("attributes")) {
            int value = attribute.optUint("value").orElse(next);
            attributes.add(attribute(attribute, value));
            raw.putIfAbsent(attribute.string("name"), new LinkedHashMap<>(attribute.map()));
            next = value + 1;
        }
        rawAttributes.put(name, raw);
        return new YnlAttributeSet(name, node.optString("name-prefix"), Optional.empty(), attributes);
    }

    private YnlAttributeSet subset(SpecNode node, String name, Set<String> visiting) {
        String fullName = node.string("subset-of");
        SpecNode fullNode = nodes.get(fullName);
        if (fullNode == null) {
            throw node.error("subset-of", "no attribute set named '" + fullName + "' in this spec");
        }
        YnlAttributeSet full = resolve(fullNode, visiting);
        Map<String, Map<Object, Object>> fullRaw = rawAttributes.get(fullName);
        List<YnlAttribute> attributes = new ArrayList<>();
        Map<String, Map<Object, Object>> raw = new HashMap<>();
        for (SpecNode attribute : node.nodes("attributes")) {
            String attributeName = attribute.string("name");
            YnlAttribute real = full.attribute(attributeName).orElseThrow(() -> attribute.error("name",
                    "no attribute '" + attributeName + "' in attribute set '" + fullName + "'"));
            Map<Object, Object> merged = new LinkedHashMap<>(fullRaw.get(attributeName));
            merged.putAll(attribute.map());
            attributes.add(attribute(attribute.withMap(merged), real.value()));
            raw.putIfAbsent(attributeName, merged);
        }
        rawAttributes.put(name, raw);
        return new YnlAttributeSet(name, full.namePrefix(), Optional.of(fullName), attributes);
    }

    private static YnlAttribute attribute(SpecNode node, int value) {
        return new YnlAttribute(node.string("name"), YnlType.valueOf(node.string("type")), value,
                node.flag("multi-attr"), node.optString("nested-attributes"),
                node.optString("sub-type").map(YnlType::valueOf), node.strings("type-value"),
                node.optString("enum"), node.flag("enum-as-flags"), node.optByteOrder("byte-order"),
                node.optString("display-hint"), checks(node), node.optString("struct"),
                node.optString("sub-message"), node.optString("selector"), node.optString("name-prefix"));
    }

    private static YnlChecks checks(SpecNode attribute) {
        if (!attribute.has("checks")) {
            return YnlChecks.NONE;
        }
        SpecNode checks = attribute.node("checks");
        return new YnlChecks(checks.optValue("min"), checks.optValue("max"), checks.optValue("min-len"),
                checks.optValue("max-len"), checks.optValue("exact-len"), checks.optString("flags-mask"),
                checks.flag("unterminated-ok"));
    }
}
