package dev.netlink.genl;

import dev.netlink.codec.attr.ReportedPolicy;
import dev.netlink.codec.attr.AttributeReader;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import static dev.netlink.genl.GenlCtrl.*;

/**
 * Reads nlctrl's replies: {@code CTRL_CMD_NEWFAMILY} attributes into {@link Family}, {@code CTRL_CMD_GETPOLICY}
 * dump parts into {@link Policy}. Lengths are checked by {@link AttributeReader}; attributes this library does
 * not know are skipped. Stateless, except the policy accumulator, which is confined to one dump.
 */
final class CtrlParser {
    private CtrlParser() {
    }

    static Family family(AttributeReader attrs) {
        int id = -1;
        String name = null;
        int version = 0;
        int hdrsize = 0;
        int maxattr = 0;
        List<Command> commands = new ArrayList<>();
        List<MulticastGroup> groups = new ArrayList<>();
        while (attrs.next()) {
            switch (attrs.type()) {
                case CTRL_ATTR_FAMILY_ID -> id = attrs.u16();
                case CTRL_ATTR_FAMILY_NAME -> name = attrs.string();
                case CTRL_ATTR_VERSION -> version = attrs.u32();
                case CTRL_ATTR_HDRSIZE -> hdrsize = attrs.u32();
                case CTRL_ATTR_MAXATTR -> maxattr = attrs.u32();
                case CTRL_ATTR_OPS -> commands(attrs.nested(), commands);
                case CTRL_ATTR_MCAST_GROUPS -> groups(attrs.nested(), groups);
                default -> {
                    // e.g. CTRL_ATTR_POLICY in newer kernels' family messages: not part of Family
                }
            }
        }
        if (id < 0 || name == null) {
            throw new dev.netlink.codec.MalformedNetlinkException(0,
                    "nlctrl family message without CTRL_ATTR_FAMILY_ID or CTRL_ATTR_FAMILY_NAME");
        }
        return new Family(id, name, version, hdrsize, maxattr, commands, groups);
    }

    private static void commands(AttributeReader ops, List<Command> out) {
        while (ops.next()) {
            AttributeReader op = ops.nested();
            int id = -1;
            int flags = 0;
            while (op.next()) {
                switch (op.type()) {
                    case CTRL_ATTR_OP_ID -> id = op.u32();
                    case CTRL_ATTR_OP_FLAGS -> flags = op.u32();
                    default -> {
                    }
                }
            }
            if (id >= 0) {
                out.add(new Command(id, flags));
            }
        }
    }

    private static void groups(AttributeReader grps, List<MulticastGroup> out) {
        while (grps.next()) {
            AttributeReader g = grps.nested();
            String name = null;
            int id = -1;
            while (g.next()) {
                switch (g.type()) {
                    case CTRL_ATTR_MCAST_GRP_NAME -> name = g.string();
                    case CTRL_ATTR_MCAST_GRP_ID -> id = g.u32();
                    default -> {
                    }
                }
            }
            if (name != null && id >= 0) {
                out.add(new MulticastGroup(name, id));
            }
        }
    }

    /** Gathers the parts of one {@code CTRL_CMD_GETPOLICY} dump. */
    static final class PolicyBuilder {
        private int familyId = -1;
        private final SortedMap<Integer, SortedMap<Integer, ReportedPolicy>> policies = new TreeMap<>();
        private final List<CommandPolicy> commands = new ArrayList<>();

        void add(AttributeReader attrs) {
            while (attrs.next()) {
                switch (attrs.type()) {
                    case CTRL_ATTR_FAMILY_ID -> familyId = attrs.u16();
                    case CTRL_ATTR_POLICY -> policy(attrs.nested());
                    case CTRL_ATTR_OP_POLICY -> opPolicy(attrs.nested());
                    default -> {
                    }
                }
            }
        }

        private void policy(AttributeReader indices) {
            while (indices.next()) {
                SortedMap<Integer, ReportedPolicy> attrs = policies.computeIfAbsent(indices.type(),
                        k -> new TreeMap<>());
                AttributeReader types = indices.nested();
                while (types.next()) {
                    attrs.put(types.type(), ReportedPolicy.decode(types.nested()));
                }
            }
        }

        private void opPolicy(AttributeReader cmds) {
            while (cmds.next()) {
                int doIdx = -1;
                int dumpIdx = -1;
                AttributeReader p = cmds.nested();
                while (p.next()) {
                    switch (p.type()) {
                        case CTRL_ATTR_POLICY_DO -> doIdx = p.u32();
                        case CTRL_ATTR_POLICY_DUMP -> dumpIdx = p.u32();
                        default -> {
                        }
                    }
                }
                commands.add(new CommandPolicy(cmds.type(), doIdx, dumpIdx));
            }
        }

        /**
         * The policy, with every entry the kernel reported under 0 resolved to its command: the command asked for
         * when there was one; else the command at the same place among the family's commands that have a policy
         * ({@code GENL_CMD_CAP_HASPOL}), since the kernel walks them in the same order for both lists.
         *
         * @param family    the family as {@code CTRL_CMD_GETFAMILY} described it, or null
         * @param requested the command asked for, or null for all
         */
        Policy build(Family family, Integer requested) {
            List<CommandPolicy> resolved = new ArrayList<>(commands.size());
            List<Command> withPolicy = family == null ? List.of()
                    : family.commands().stream().filter(Command::hasPolicy).toList();
            boolean inStep = withPolicy.size() == commands.size();
            for (int i = 0; i < commands.size(); i++) {
                CommandPolicy c = commands.get(i);
                if (c.reportedCmd() == 0 && requested != null) {
                    c = c.resolvedTo(requested);
                } else if (c.reportedCmd() == 0 && inStep) {
                    c = c.resolvedTo(withPolicy.get(i).id());
                }
                resolved.add(c);
            }
            return new Policy(familyId, policies, resolved);
        }
    }
}
