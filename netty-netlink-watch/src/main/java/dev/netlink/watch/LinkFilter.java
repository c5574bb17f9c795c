package dev.netlink.watch;

import dev.netlink.family.rtlink.LinkMessage;
import dev.netlink.rtnetlink.Link;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * The links a link watch mirrors, as the kernel filters an {@code RTM_GETLINK} dump when the socket has
 * {@code NETLINK_GET_STRICT_CHK} ({@code rtnl_dump_ifinfo}): by master ({@code IFLA_MASTER}: the ports of one bridge
 * or bond, or with {@link #NO_MASTER} the links without one) and by kind ({@code IFLA_LINKINFO}'s
 * {@code IFLA_INFO_KIND}: {@code veth}, {@code bridge}, ...). The kernel dumps only those; notifications it sends
 * for every link, so the watch applies the same {@link #test} to them, and a link that stops matching (it left the
 * bridge) is told as removed. A kind the kernel does not know filters nothing in the kernel, and here every link
 * whose kind differs is left out. Immutable.
 *
 * @param master the master's index; 0 for any, {@link #NO_MASTER} for none
 * @param kind   the kind, {@code null} for any
 */
public record LinkFilter(int master, String kind) implements Predicate<Link> {
    /** Every link: no filter, and no strict check asked for. */
    public static final LinkFilter ALL = new LinkFilter(0, null);
    /** As {@link #master}: the links without a master (the kernel's {@code IFLA_MASTER} of -1). */
    public static final int NO_MASTER = -1;

    public LinkFilter {
        if (master < NO_MASTER) {
            throw new IllegalArgumentException("master " + master + ": an ifindex, 0 (any) or -1 (none)");
        }
        if (kind != null && kind.isEmpty()) {
            throw new IllegalArgumentException("kind: empty (null for any)");
        }
    }

    /** The ports of master {@code index}, or with {@link #NO_MASTER} the links without a master. */
    public static LinkFilter master(int index) {
        return new LinkFilter(index, null);
    }

    /** The links of kind {@code kind} ({@code rtnl_link_ops.kind}: {@code veth}, {@code bridge}, ...). */
    public static LinkFilter kind(String kind) {
        return new LinkFilter(0, Objects.requireNonNull(kind, "kind"));
    }

    /** Whether the kernel is asked to filter: then the socket needs {@code NETLINK_GET_STRICT_CHK}. */
    boolean filters() {
        return master != 0 || kind != null;
    }

    /** The {@code RTM_GETLINK} dump request: an empty {@code ifinfomsg} (strict check refuses an index). */
    LinkMessage request() {
        return LinkMessage.builder().attributes(a -> {
            if (master != 0) {
                a.master(master);
            }
            if (kind != null) {
                a.linkinfo(i -> i.kind(kind));
            }
        }).build();
    }

    /** Whether {@code link} is one the kernel's filtered dump lists. */
    @Override
    public boolean test(Link link) {
        boolean masterMatches = master == 0
                || (master == NO_MASTER ? link.master().isEmpty()
                : link.master().isPresent() && link.master().getAsInt() == master);
        return masterMatches && (kind == null || kind.equals(link.kind()));
    }
}
