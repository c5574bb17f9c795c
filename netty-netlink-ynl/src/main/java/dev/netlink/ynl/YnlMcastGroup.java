package dev.netlink.ynl;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One of a YNL spec's {@code mcast-groups}. A generic netlink group's number is given by the kernel at run time
 * (nlctrl's {@code CTRL_ATTR_MCAST_GROUPS}); a netlink-raw group has its fixed {@code value}, such as
 * {@code RTNLGRP_LINK}. Immutable.
 *
 * @param name  the {@code name}
 * @param value the group number (netlink-raw), empty for generic netlink
 * @param flags the group's {@code flags} ({@code admin-perm}, {@code uns-admin-perm})
 */
public record YnlMcastGroup(String name, OptionalInt value, List<String> flags) {
    public YnlMcastGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        flags = List.copyOf(flags);
    }
}
