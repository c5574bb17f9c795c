package dev.netlink.rtnetlink;

import dev.netlink.codec.NetlinkFlags;
import dev.netlink.family.rtaddr.AddrMessage;
import dev.netlink.family.rtaddr.RtAddr;
import io.netty.util.concurrent.Future;

import java.util.List;
import java.util.Objects;

/**
 * {@code ip addr}: the interface addresses of one network namespace through the generated rt-addr family. An
 * address is added as {@code ip addr add} adds it ({@code IFA_LOCAL} and {@code IFA_ADDRESS} both the address,
 * {@code NLM_F_CREATE | NLM_F_EXCL}), or replaced ({@code NLM_F_REPLACE}). Thread-safe.
 */
public final class Addresses {
    private final RtAddr rt;
    private final Links links;

    Addresses(RtAddr rt, Links links) {
        this.rt = rt;
        this.links = links;
    }

    /** Every address of both families, as {@code ip addr show}. */
    public Future<List<Address>> list() {
        return Futures.map(rt.getaddrDump(), l -> l.stream().map(Address::of).filter(Objects::nonNull).toList());
    }

    /** Every address of {@code family} ({@code 2} AF_INET, {@code 10} AF_INET6). */
    public Future<List<Address>> list(int family) {
        return Futures.map(rt.getaddrDump(AddrMessage.builder().header(h -> h.ifaFamily(family)).build()),
                l -> l.stream().map(Address::of).filter(Objects::nonNull).filter(a -> a.prefix().family() == family)
                        .toList());
    }

    /** Every address of link {@code index}. */
    public Future<List<Address>> list(int family, int index) {
        return Futures.map(list(family), l -> l.stream().filter(a -> a.index() == index).toList());
    }

    /** Adds {@code prefix} to link {@code index}; fails with {@code EEXIST} when it is there. */
    public Future<Void> add(int index, IpPrefix prefix) {
        return rt.newaddr(message(index, prefix), NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_EXCL);
    }

    /** Adds {@code prefix} to link {@code name}. */
    public Future<Void> add(String name, IpPrefix prefix) {
        return Futures.then(links.get(name), l -> add(l.index(), prefix));
    }

    /** Adds {@code prefix} to link {@code index}, or replaces its flags and lifetimes when it is there. */
    public Future<Void> replace(int index, IpPrefix prefix) {
        return rt.newaddr(message(index, prefix), NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_REPLACE);
    }

    /** Removes {@code prefix} from link {@code index}; fails with {@code EADDRNOTAVAIL} when it is not there. */
    public Future<Void> delete(int index, IpPrefix prefix) {
        return rt.deladdr(message(index, prefix));
    }

    private static AddrMessage message(int index, IpPrefix prefix) {
        return AddrMessage.builder()
                .header(h -> h.ifaFamily(prefix.family()).ifaPrefixlen(prefix.length()).ifaIndex(index))
                .attributes(a -> a.local(prefix.address()).address(prefix.address())).build();
    }
}
