package dev.netlink.genl;

/**
 * A change to the set of generic netlink families, as nlctrl multicasts it on its {@code notify} group:
 * {@code CTRL_CMD_NEWFAMILY}, {@code CTRL_CMD_DELFAMILY}, {@code CTRL_CMD_NEWMCAST_GRP} or
 * {@code CTRL_CMD_DELMCAST_GRP}, with the family it concerns (for group events, only the group in question).
 * Immutable.
 *
 * @param cmd    the nlctrl command, a {@code GenlCtrl.CTRL_CMD_*} value
 * @param family the family as the notification describes it
 */
public record FamilyEvent(int cmd, Family family) {
    /** A family registered ({@code CTRL_CMD_NEWFAMILY}); its id is new. */
    public boolean isNewFamily() {
        return cmd == GenlCtrl.CTRL_CMD_NEWFAMILY;
    }

    /** A family went away ({@code CTRL_CMD_DELFAMILY}); sockets bound to its id are stale. */
    public boolean isDeletedFamily() {
        return cmd == GenlCtrl.CTRL_CMD_DELFAMILY;
    }

    @Override
    public String toString() {
        return GenlCtrl.commandName(cmd) + ' ' + family.name() + " (0x" + Integer.toHexString(family.id()) + ')';
    }
}
