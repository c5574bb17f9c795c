package dev.netlink.genl;

import java.util.List;
import java.util.Optional;

/**
 * A generic netlink family as nlctrl describes it ({@code CTRL_CMD_NEWFAMILY}): its id (the {@code nlmsg_type}
 * of its messages), name, version, fixed header size, highest attribute type, commands and multicast groups.
 *
 * <p>The id is given when the family registers and changes if it is unloaded and registered again; follow
 * {@link GenericNetlinkController#watchFamilies} to notice. Immutable.
 *
 * @param id          {@code CTRL_ATTR_FAMILY_ID}
 * @param name        {@code CTRL_ATTR_FAMILY_NAME}
 * @param version     {@code CTRL_ATTR_VERSION}
 * @param hdrsize     {@code CTRL_ATTR_HDRSIZE}: bytes of family header after {@code genlmsghdr}
 * @param maxattr     {@code CTRL_ATTR_MAXATTR}
 * @param commands    {@code CTRL_ATTR_OPS}, in the kernel's order
 * @param mcastGroups {@code CTRL_ATTR_MCAST_GROUPS}, in the kernel's order
 */
public record Family(int id, String name, int version, int hdrsize, int maxattr, List<Command> commands,
                     List<MulticastGroup> mcastGroups) {
    public Family {
        commands = List.copyOf(commands);
        mcastGroups = List.copyOf(mcastGroups);
    }

    /** The command with number {@code id}, if the family lists it. */
    public Optional<Command> command(int id) {
        return commands.stream().filter(c -> c.id() == id).findFirst();
    }

    /** The multicast group called {@code name}, if the family has it. */
    public Optional<MulticastGroup> mcastGroup(String name) {
        return mcastGroups.stream().filter(g -> g.name().equals(name)).findFirst();
    }
}
