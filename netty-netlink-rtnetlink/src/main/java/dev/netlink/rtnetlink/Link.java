package dev.netlink.rtnetlink;

import dev.netlink.codec.attr.MacAddress;
import dev.netlink.family.rtlink.IfinfoFlags;
import dev.netlink.family.rtlink.LinkAttrs;
import dev.netlink.family.rtlink.LinkMessage;
import dev.netlink.family.rtlink.LinkinfoDataMsg;
import dev.netlink.family.rtlink.RtnlLinkStats64;
import dev.netlink.ynl.typed.FlagSet;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A network interface as {@code ip link} shows it, read from the kernel's {@code RTM_NEWLINK}: its index and name,
 * kind ({@code IFLA_INFO_KIND}) with the kind's own data when the spec describes it, MTU, MAC, flags
 * ({@code IFF_*}), operational state, master, the link it sits on ({@code IFLA_LINK}: a veth's peer, a vlan's
 * parent) and the namespace that link is in, and its 64-bit counters. Everything else the kernel said is in
 * {@link #message()}. Immutable.
 *
 * @param index     {@code ifi_index}
 * @param name      {@code IFLA_IFNAME}
 * @param kind      {@code IFLA_INFO_KIND} ({@code veth}, {@code bridge}, ...), {@code null} for a link without one
 *                  ({@code lo}, a physical device)
 * @param flags     {@code ifi_flags}
 * @param mtu       {@code IFLA_MTU}
 * @param address   {@code IFLA_ADDRESS}, {@code null} when it has none
 * @param operState {@code IFLA_OPERSTATE}
 * @param master    {@code IFLA_MASTER}: the bridge or bond it is enslaved to
 * @param link      {@code IFLA_LINK}: the index of the link it sits on, in {@link #linkNetnsId()}'s namespace
 * @param linkNetnsId {@code IFLA_LINK_NETNSID}: where {@link #link()} is, when that is another namespace
 * @param stats     {@code IFLA_STATS64}, {@code null} when absent
 * @param data      {@code IFLA_INFO_DATA} in the format of its kind, {@code null} when absent
 * @param message   the whole message, as the generated rt-link family decoded it
 */
public record Link(int index, String name, String kind, FlagSet<IfinfoFlags> flags, int mtu, MacAddress address,
                   OperState operState, OptionalInt master, OptionalInt link, OptionalInt linkNetnsId,
                   RtnlLinkStats64 stats, LinkinfoDataMsg data, LinkMessage message) {
    public Link {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(operState, "operState");
        Objects.requireNonNull(message, "message");
    }

    /** The link a {@code RTM_NEWLINK} message describes. */
    public static Link of(LinkMessage m) {
        LinkAttrs a = m.attributes();
        return new Link(m.header().ifiIndex(), a.ifname() == null ? "" : a.ifname(),
                a.linkinfo() == null ? null : a.linkinfo().kind(), m.header().ifiFlags(),
                a.mtu() == null ? 0 : a.mtu(), a.address(),
                a.operstate() == null ? OperState.UNKNOWN : OperState.of(a.operstate()), optional(a.master()),
                optional(a.link()), optional(a.linkNetnsid()), a.stats64(),
                a.linkinfo() == null ? null : a.linkinfo().data(), m);
    }

    private static OptionalInt optional(Integer v) {
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    /** Whether it is administratively up ({@code IFF_UP}). */
    public boolean isUp() {
        return flags.contains(IfinfoFlags.UP);
    }

    /** Whether it has a carrier ({@code IFF_LOWER_UP}). */
    public boolean hasCarrier() {
        return flags.contains(IfinfoFlags.LOWER_UP);
    }

    /** As {@code ip -br link} shows it: {@code v0@if4 veth UP mtu 1500 02:00:00:00:00:01}. */
    @Override
    public String toString() {
        return index + ": " + name + (link.isPresent() ? "@if" + link.getAsInt() : "") + (kind == null ? "" : " " + kind)
                + ' ' + operState + " mtu " + mtu + (address == null ? "" : " " + address) + ' ' + flags;
    }
}
