package dev.netlink.genl;

/**
 * Which attribute policies a command validates against, from a {@code CTRL_ATTR_OP_POLICY} entry: the policy
 * index of its do-request ({@code CTRL_ATTR_POLICY_DO}) and of its dump ({@code CTRL_ATTR_POLICY_DUMP}), each
 * read from its own attribute. Immutable.
 *
 * <p>The kernel nests each entry under the command's number, except for a command that has only a dump handler:
 * {@code ctrl_dumppolicy_put_op} takes the number from the command's do half, which such a command lacks, so it
 * reports it under 0 ({@code genl ctrl policy} prints {@code op 0}). {@link #reportedCmd()} keeps what the kernel
 * sent; {@link #cmd()} is the command it belongs to, as {@link GenericNetlinkController} resolves it from the
 * command asked for or from the family's list of commands.
 *
 * @param cmd         the command
 * @param doPolicy    the do-request's policy index, or -1 if it has none
 * @param dumpPolicy  the dump's policy index, or -1 if it has none
 * @param reportedCmd the number the kernel nested the entry under: {@code cmd}, or 0 for a dump-only command
 */
public record CommandPolicy(int cmd, int doPolicy, int dumpPolicy, int reportedCmd) {
    /** An entry the kernel reported under the command's own number. */
    public CommandPolicy(int cmd, int doPolicy, int dumpPolicy) {
        this(cmd, doPolicy, dumpPolicy, cmd);
    }

    /** Whether the do-request has a policy. */
    public boolean hasDo() {
        return doPolicy >= 0;
    }

    /** Whether the dump has a policy. */
    public boolean hasDump() {
        return dumpPolicy >= 0;
    }

    /** This entry as belonging to {@code command}, keeping the number the kernel reported. */
    CommandPolicy resolvedTo(int command) {
        return new CommandPolicy(command, doPolicy, dumpPolicy, reportedCmd);
    }

    @Override
    public String toString() {
        return "CommandPolicy(cmd " + cmd + (reportedCmd != cmd ? " (reported as " + reportedCmd + ")" : "")
                + (hasDo() ? ", do " + doPolicy : "") + (hasDump() ? ", dump " + dumpPolicy : "") + ')';
    }
}
