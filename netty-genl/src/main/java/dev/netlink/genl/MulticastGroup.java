package dev.netlink.genl;

/**
 * A multicast group of a generic netlink family: a {@code CTRL_ATTR_MCAST_GROUPS} entry with
 * {@code CTRL_ATTR_MCAST_GRP_NAME} and {@code CTRL_ATTR_MCAST_GRP_ID} (the number to join). Immutable.
 *
 * @param name the group's name within its family, e.g. {@code "notify"}
 * @param id   the group number, global to {@code NETLINK_GENERIC}
 */
public record MulticastGroup(String name, int id) {
}
