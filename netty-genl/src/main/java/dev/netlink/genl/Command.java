package dev.netlink.genl;

/**
 * One operation of a generic netlink family as nlctrl lists it: a {@code CTRL_ATTR_OPS} entry with
 * {@code CTRL_ATTR_OP_ID} and {@code CTRL_ATTR_OP_FLAGS} ({@code GENL_*} flags). Immutable.
 *
 * @param id    the command number ({@code genlmsghdr.cmd})
 * @param flags the {@code GENL_ADMIN_PERM}, {@code GENL_CMD_CAP_*} and {@code GENL_UNS_ADMIN_PERM} bits
 */
public record Command(int id, int flags) {
    /** {@code GENL_ADMIN_PERM}: the caller needs {@code CAP_NET_ADMIN}. */
    public boolean adminPerm() {
        return (flags & GenlCtrl.GENL_ADMIN_PERM) != 0;
    }

    /** {@code GENL_CMD_CAP_DO}: the command can be called as a do-request. */
    public boolean canDo() {
        return (flags & GenlCtrl.GENL_CMD_CAP_DO) != 0;
    }

    /** {@code GENL_CMD_CAP_DUMP}: the command can be dumped. */
    public boolean canDump() {
        return (flags & GenlCtrl.GENL_CMD_CAP_DUMP) != 0;
    }

    /** {@code GENL_CMD_CAP_HASPOL}: the command validates attributes against a policy. */
    public boolean hasPolicy() {
        return (flags & GenlCtrl.GENL_CMD_CAP_HASPOL) != 0;
    }

    /** {@code GENL_UNS_ADMIN_PERM}: the caller needs {@code CAP_NET_ADMIN} in the netns's user namespace. */
    public boolean unsAdminPerm() {
        return (flags & GenlCtrl.GENL_UNS_ADMIN_PERM) != 0;
    }

    @Override
    public String toString() {
        return "Command(" + id + ", " + GenlCtrl.commandFlagsToString(flags) + ')';
    }
}
