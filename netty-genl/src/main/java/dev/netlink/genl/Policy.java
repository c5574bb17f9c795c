package dev.netlink.genl;

import dev.netlink.codec.attr.AttributePolicy;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A family's attribute policies as {@code CTRL_CMD_GETPOLICY} dumps them: policy index → attribute type →
 * {@link AttributePolicy} ({@code CTRL_ATTR_POLICY}), and command → {@link CommandPolicy}
 * ({@code CTRL_ATTR_OP_POLICY}). Nested policies refer to other indices of the same map. Immutable; maps are
 * sorted by number.
 *
 * @param familyId the family the policies belong to
 * @param policies policy index → attribute type → policy
 * @param commands command → its do and dump policy indices
 */
public record Policy(int familyId, SortedMap<Integer, SortedMap<Integer, AttributePolicy>> policies,
                     SortedMap<Integer, CommandPolicy> commands) {
    public Policy {
        TreeMap<Integer, SortedMap<Integer, AttributePolicy>> p = new TreeMap<>();
        policies.forEach((k, v) -> p.put(k, java.util.Collections.unmodifiableSortedMap(new TreeMap<>(v))));
        policies = java.util.Collections.unmodifiableSortedMap(p);
        commands = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(commands));
    }

    /** The attribute policies of policy index {@code index}, empty if there is no such index. */
    public Map<Integer, AttributePolicy> policy(int index) {
        SortedMap<Integer, AttributePolicy> m = policies.get(index);
        return m == null ? Map.of() : m;
    }
}
