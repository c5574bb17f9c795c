package dev.netlink.genl;

import dev.netlink.codec.attr.ReportedPolicy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A family's attribute policies as {@code CTRL_CMD_GETPOLICY} dumps them: policy index → attribute type →
 * {@link ReportedPolicy} ({@code CTRL_ATTR_POLICY}), and the commands' {@link CommandPolicy} entries
 * ({@code CTRL_ATTR_OP_POLICY}) in the kernel's order. Nested policies refer to other indices of the same map.
 * Immutable; maps are sorted by number.
 *
 * @param familyId the family the policies belong to
 * @param policies policy index → attribute type → policy
 * @param commands the commands' policy indices, in the order the kernel sent them (a list, not a map: the
 *                 kernel reports every dump-only command under 0, see {@link CommandPolicy})
 */
public record Policy(int familyId, SortedMap<Integer, SortedMap<Integer, ReportedPolicy>> policies,
                     List<CommandPolicy> commands) {
    public Policy {
        TreeMap<Integer, SortedMap<Integer, ReportedPolicy>> p = new TreeMap<>();
        policies.forEach((k, v) -> p.put(k, Collections.unmodifiableSortedMap(new TreeMap<>(v))));
        policies = Collections.unmodifiableSortedMap(p);
        commands = List.copyOf(commands);
    }

    /** The attribute policies of policy index {@code index}, empty if there is no such index. */
    public Map<Integer, ReportedPolicy> policy(int index) {
        SortedMap<Integer, ReportedPolicy> m = policies.get(index);
        return m == null ? Map.of() : m;
    }

    /** The policy entry of command {@code cmd}, if it has one. */
    public Optional<CommandPolicy> command(int cmd) {
        return commands.stream().filter(c -> c.cmd() == cmd).findFirst();
    }
}
