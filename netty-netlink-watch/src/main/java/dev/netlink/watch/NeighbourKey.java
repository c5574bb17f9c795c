package dev.netlink.watch;

import dev.netlink.rtnetlink.Neighbour;

import java.net.InetAddress;

/**
 * A neighbour's identity ({@code struct neighbour} in its table): family, link and address.
 *
 * @param family {@code ndm_family}
 * @param index  {@code ndm_ifindex}
 * @param dst    {@code NDA_DST}
 */
public record NeighbourKey(int family, int index, InetAddress dst) {
    /** The key of {@code n}. */
    public static NeighbourKey of(Neighbour n) {
        return new NeighbourKey(n.message().header().ndmFamily(), n.index(), n.dst());
    }
}
