package dev.netlink.genl;

/**
 * The constants of generic netlink and its controller, nlctrl ({@code include/uapi/linux/genetlink.h}):
 * {@code GENL_ID_CTRL}, the {@code CTRL_CMD_*} commands, the {@code CTRL_ATTR_*} attribute spaces, and the
 * {@code GENL_*} command flags. Open sets, so plain ints. Stateless.
 */
public final class GenlCtrl {
    /** {@code GENL_HDRLEN}: the size of {@code struct genlmsghdr} (cmd, version, reserved). */
    public static final int GENL_HDRLEN = 4;
    /** {@code GENL_NAMSIZ}: the size of a family name buffer, terminator included. */
    public static final int GENL_NAMSIZ = 16;
    /** {@code GENL_ID_CTRL}: nlctrl's fixed family id. */
    public static final int GENL_ID_CTRL = 0x10;
    /** The nlctrl version this library speaks. */
    public static final int CTRL_VERSION = 2;
    /** The name of nlctrl. */
    public static final String CTRL_NAME = "nlctrl";
    /** nlctrl's multicast group for family changes. */
    public static final String CTRL_GROUP_NOTIFY = "notify";

    /** {@code GENL_ADMIN_PERM}: the command needs {@code CAP_NET_ADMIN}. */
    public static final int GENL_ADMIN_PERM = 0x01;
    /** {@code GENL_CMD_CAP_DO}: the command has a do handler. */
    public static final int GENL_CMD_CAP_DO = 0x02;
    /** {@code GENL_CMD_CAP_DUMP}: the command has a dump handler. */
    public static final int GENL_CMD_CAP_DUMP = 0x04;
    /** {@code GENL_CMD_CAP_HASPOL}: the command has an attribute policy. */
    public static final int GENL_CMD_CAP_HASPOL = 0x08;
    /** {@code GENL_UNS_ADMIN_PERM}: the command needs {@code CAP_NET_ADMIN} in the user namespace of the netns. */
    public static final int GENL_UNS_ADMIN_PERM = 0x10;

    public static final int CTRL_CMD_UNSPEC = 0;
    public static final int CTRL_CMD_NEWFAMILY = 1;
    public static final int CTRL_CMD_DELFAMILY = 2;
    public static final int CTRL_CMD_GETFAMILY = 3;
    public static final int CTRL_CMD_NEWOPS = 4;
    public static final int CTRL_CMD_DELOPS = 5;
    public static final int CTRL_CMD_GETOPS = 6;
    public static final int CTRL_CMD_NEWMCAST_GRP = 7;
    public static final int CTRL_CMD_DELMCAST_GRP = 8;
    public static final int CTRL_CMD_GETMCAST_GRP = 9;
    public static final int CTRL_CMD_GETPOLICY = 10;

    public static final int CTRL_ATTR_UNSPEC = 0;
    public static final int CTRL_ATTR_FAMILY_ID = 1;
    public static final int CTRL_ATTR_FAMILY_NAME = 2;
    public static final int CTRL_ATTR_VERSION = 3;
    public static final int CTRL_ATTR_HDRSIZE = 4;
    public static final int CTRL_ATTR_MAXATTR = 5;
    public static final int CTRL_ATTR_OPS = 6;
    public static final int CTRL_ATTR_MCAST_GROUPS = 7;
    public static final int CTRL_ATTR_POLICY = 8;
    public static final int CTRL_ATTR_OP_POLICY = 9;
    public static final int CTRL_ATTR_OP = 10;

    public static final int CTRL_ATTR_OP_UNSPEC = 0;
    public static final int CTRL_ATTR_OP_ID = 1;
    public static final int CTRL_ATTR_OP_FLAGS = 2;

    public static final int CTRL_ATTR_MCAST_GRP_UNSPEC = 0;
    public static final int CTRL_ATTR_MCAST_GRP_NAME = 1;
    public static final int CTRL_ATTR_MCAST_GRP_ID = 2;

    public static final int CTRL_ATTR_POLICY_UNSPEC = 0;
    public static final int CTRL_ATTR_POLICY_DO = 1;
    public static final int CTRL_ATTR_POLICY_DUMP = 2;

    private static final String[] COMMANDS = {
        "CTRL_CMD_UNSPEC", "CTRL_CMD_NEWFAMILY", "CTRL_CMD_DELFAMILY", "CTRL_CMD_GETFAMILY", "CTRL_CMD_NEWOPS",
        "CTRL_CMD_DELOPS", "CTRL_CMD_GETOPS", "CTRL_CMD_NEWMCAST_GRP", "CTRL_CMD_DELMCAST_GRP",
        "CTRL_CMD_GETMCAST_GRP", "CTRL_CMD_GETPOLICY",
    };

    private GenlCtrl() {
    }

    /** The name of an nlctrl command, or {@code "CTRL_CMD_<n>"}. */
    public static String commandName(int cmd) {
        return cmd >= 0 && cmd < COMMANDS.length ? COMMANDS[cmd] : "CTRL_CMD_" + cmd;
    }

    /** Names the {@code GENL_*} command flags, e.g. {@code "admin-perm|do|dump|has-policy"}; unknown bits in hex. */
    public static String commandFlagsToString(int flags) {
        StringBuilder sb = new StringBuilder();
        String[] names = {"admin-perm", "do", "dump", "has-policy", "uns-admin-perm"};
        int rest = flags;
        for (int i = 0; i < names.length; i++) {
            if ((flags & (1 << i)) != 0) {
                sb.append(sb.isEmpty() ? "" : "|").append(names[i]);
                rest &= ~(1 << i);
            }
        }
        if (rest != 0) {
            sb.append(sb.isEmpty() ? "" : "|").append("0x").append(Integer.toHexString(rest));
        }
        return sb.isEmpty() ? "0" : sb.toString();
    }
}
