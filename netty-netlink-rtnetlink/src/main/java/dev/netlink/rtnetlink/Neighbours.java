package dev.netlink.rtnetlink;

import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.attr.MacAddress;
import dev.netlink.family.rtneigh.NeighbourMessage;
import dev.netlink.family.rtneigh.NudState;
import dev.netlink.family.rtneigh.RtNeigh;
import io.netty.util.concurrent.Future;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * {@code ip neigh}: the neighbour (ARP and NDP) tables of one network namespace through the generated rt-neigh
 * family. {@link #add} makes a permanent entry ({@code NUD_PERMANENT}, {@code NLM_F_CREATE | NLM_F_EXCL}),
 * {@link #replace} makes or changes one. Thread-safe.
 */
public final class Neighbours {
    private final RtNeigh rt;

    Neighbours(RtNeigh rt) {
        this.rt = rt;
    }

    /** Every entry of {@code family} (2, 10), as {@code ip neigh show}. */
    public Future<List<Neighbour>> list(int family) {
        return Futures.map(rt.getneighDump(NeighbourMessage.builder().header(h -> h.ndmFamily(family)).build()),
                l -> l.stream().filter(m -> m.header().ndmFamily() == family).map(Neighbour::of)
                        .filter(Objects::nonNull).toList());
    }

    /** {@code ip neigh get DST dev INDEX}; fails with {@code ENOENT} when the table has no such entry. */
    public Future<Neighbour> get(int index, InetAddress dst) {
        return Futures.map(rt.getneigh(NeighbourMessage.builder().header(h -> h.ndmFamily(IpPrefix.family(dst))
                .ndmIfindex(index)).attributes(a -> a.dst(dst)).build()), Neighbour::of);
    }

    /** {@code ip neigh add DST lladdr MAC dev INDEX nud permanent}. */
    public Future<Void> add(int index, InetAddress dst, MacAddress lladdr) {
        return rt.newneigh(message(index, dst, lladdr), NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_EXCL);
    }

    /** {@code ip neigh replace DST lladdr MAC dev INDEX nud permanent}. */
    public Future<Void> replace(int index, InetAddress dst, MacAddress lladdr) {
        return rt.newneigh(message(index, dst, lladdr), NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_REPLACE);
    }

    /** {@code ip neigh del DST dev INDEX}. */
    public Future<Void> delete(int index, InetAddress dst) {
        return rt.delneigh(NeighbourMessage.builder().header(h -> h.ndmFamily(IpPrefix.family(dst))
                .ndmIfindex(index)).attributes(a -> a.dst(dst)).build());
    }

    private static NeighbourMessage message(int index, InetAddress dst, MacAddress lladdr) {
        Objects.requireNonNull(lladdr, "lladdr");
        return NeighbourMessage.builder().header(h -> h.ndmFamily(IpPrefix.family(dst)).ndmIfindex(index)
                .ndmState(NudState.PERMANENT)).attributes(a -> a.dst(dst).lladdr(lladdr)).build();
    }
}
