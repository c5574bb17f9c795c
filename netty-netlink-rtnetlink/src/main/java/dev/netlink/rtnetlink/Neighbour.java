package dev.netlink.rtnetlink;

import dev.netlink.codec.attr.MacAddress;
import dev.netlink.family.rtneigh.NeighbourMessage;
import dev.netlink.family.rtneigh.NtfFlags;
import dev.netlink.family.rtneigh.NudState;
import dev.netlink.ynl.typed.FlagSet;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A neighbour table entry as {@code ip neigh} shows it, from {@code RTM_NEWNEIGH}: the link, the neighbour's
 * address, its link-layer address and its state ({@code NUD_*}). Immutable.
 *
 * @param index   {@code ndm_ifindex}
 * @param dst     {@code NDA_DST}
 * @param lladdr  {@code NDA_LLADDR}, {@code null} while unresolved
 * @param state   {@code ndm_state}
 * @param flags   {@code ndm_flags}
 * @param message the whole message, as the generated rt-neigh family decoded it
 */
public record Neighbour(int index, InetAddress dst, MacAddress lladdr, FlagSet<NudState> state,
                        FlagSet<NtfFlags> flags, NeighbourMessage message) {
    public Neighbour {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
    }

    /** The entry a {@code RTM_NEWNEIGH} message describes, or {@code null} when it carries no address. */
    public static Neighbour of(NeighbourMessage m) {
        if (m.attributes().dst() == null) {
            return null;
        }
        return new Neighbour(m.header().ndmIfindex(), m.attributes().dst(), m.attributes().lladdr(),
                m.header().ndmState(), m.header().ndmFlags(), m);
    }

    /** As {@code ip neigh} shows it: {@code 10.1.0.2 dev 3 lladdr 02:00:00:00:00:02 [permanent]}. */
    @Override
    public String toString() {
        return dst.getHostAddress() + " dev " + index + (lladdr == null ? "" : " lladdr " + lladdr) + ' ' + state;
    }
}
