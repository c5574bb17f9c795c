package dev.netlink.genl;

/**
 * Which attribute policies a command validates against, from a {@code CTRL_ATTR_OP_POLICY} entry: the policy
 * index of its do-request ({@code CTRL_ATTR_POLICY_DO}) and of its dump ({@code CTRL_ATTR_POLICY_DUMP}), each
 * read from its own attribute. Immutable.
 *
 * @param cmd  the command
 * @param doPolicy   the do-request's policy index, or -1 if it has none
 * @param dumpPolicy the dump's policy index, or -1 if it has none
 */
public record CommandPolicy(int cmd, int doPolicy, int dumpPolicy) {
    /** Whether the do-request has a policy. */
    public boolean hasDo() {
        return doPolicy >= 0;
    }

    /** Whether the dump has a policy. */
    public boolean hasDump() {
        return dumpPolicy >= 0;
    }

    @Override
    public String toString() {
        return "CommandPolicy(cmd " + cmd + (hasDo() ? ", do " + doPolicy : "")
                + (hasDump() ? ", dump " + dumpPolicy : "") + ')';
    }
}
