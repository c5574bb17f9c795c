package dev.netlink.watch;

import dev.netlink.rtnetlink.Address;
import dev.netlink.rtnetlink.IpPrefix;

/**
 * An address's identity as the kernel keeps it ({@code struct in_ifaddr} / {@code inet6_ifaddr}): the link and
 * the local address with its prefix length.
 *
 * @param index  {@code ifa_index}
 * @param prefix {@code IFA_LOCAL} (or {@code IFA_ADDRESS}) with {@code ifa_prefixlen}
 */
public record AddressKey(int index, IpPrefix prefix) {
    /** The key of {@code a}. */
    public static AddressKey of(Address a) {
        return new AddressKey(a.index(), a.prefix());
    }
}
