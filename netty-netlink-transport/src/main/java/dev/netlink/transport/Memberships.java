package dev.netlink.transport;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A channel's multicast group changes ({@code NETLINK_ADD_MEMBERSHIP}, {@code NETLINK_DROP_MEMBERSHIP}) and the
 * groups joined before {@code bind}, which the bind must join again: the kernel's {@code netlink_bind} sets groups 1
 * to 32 to the address's {@code nl_groups} and would silently drop them. Event loop only (or before registration).
 */
final class Memberships {
    private final NetlinkSocketFd fd;
    private final Set<Integer> joinedBeforeBind = new LinkedHashSet<>();

    Memberships(NetlinkSocketFd fd) {
        this.fd = fd;
    }

    /** Joins or leaves {@code group} now; before bind ({@code bound} false) it is also remembered for the bind. */
    void change(boolean join, int group, boolean bound) throws IOException {
        fd.membership(join, group);
        if (!bound) {
            if (join) {
                joinedBeforeBind.add(group);
            } else {
                joinedBeforeBind.remove(group);
            }
        }
    }

    /** Joins again, right after {@code bind}, every group joined before it. */
    void rejoinAfterBind() throws IOException {
        for (int group : joinedBeforeBind) {
            try {
                fd.membership(true, group);
            } catch (IOException e) {
                throw new IOException("bind: group " + group + ", joined before bind, cannot be joined again: "
                        + e.getMessage(), e);
            }
        }
        joinedBeforeBind.clear();
    }
}
