package dev.netlink.watch;

import dev.netlink.family.rtneigh.NeighbourMessage;
import dev.netlink.rtnetlink.Neighbour;

import java.util.function.Predicate;

/**
 * The neighbours a neighbour watch mirrors, as the kernel filters an {@code RTM_GETNEIGH} dump when the socket has
 * {@code NETLINK_GET_STRICT_CHK} ({@code neigh_valid_dump_req}): by link ({@code NDA_IFINDEX}; strict check wants
 * the header's {@code ndm_ifindex} 0). The kernel also filters by the link's master ({@code NDA_MASTER}), which a
 * neighbour's notification does not name, so a watch could not keep its events to the same set: it is not offered.
 * Notifications the kernel sends for every neighbour, so the watch applies the same {@link #test} to them.
 * Immutable.
 *
 * @param index the link's index, 0 for any
 */
public record NeighbourFilter(int index) implements Predicate<Neighbour> {
    /** Every neighbour: no filter, and no strict check asked for. */
    public static final NeighbourFilter ALL = new NeighbourFilter(0);

    public NeighbourFilter {
        if (index < 0) {
            throw new IllegalArgumentException("index " + index + ": an ifindex, or 0 for any");
        }
    }

    /** Whether the kernel is asked to filter: then the socket needs {@code NETLINK_GET_STRICT_CHK}. */
    boolean filters() {
        return index != 0;
    }

    /** The {@code RTM_GETNEIGH} dump request, of family {@code AF_UNSPEC}. */
    NeighbourMessage request() {
        return NeighbourMessage.builder().attributes(a -> {
            if (index != 0) {
                a.ifindex(index);
            }
        }).build();
    }

    @Override
    public boolean test(Neighbour neighbour) {
        return index == 0 || neighbour.index() == index;
    }
}
