package dev.netlink.watch;

import dev.netlink.family.rtaddr.AddrMessage;
import dev.netlink.rtnetlink.Address;

import java.util.function.Predicate;

/**
 * The addresses an address watch mirrors, as the kernel filters an {@code RTM_GETADDR} dump when the socket has
 * {@code NETLINK_GET_STRICT_CHK} ({@code inet_valid_dump_ifaddr_req}, and IPv6's twin): by link ({@code ifa_index});
 * strict check wants the header's prefix length, flags and scope 0. Notifications the kernel sends for every
 * address, so the watch applies the same {@link #test} to them. Immutable.
 *
 * @param index the link's index, 0 for any
 */
public record AddressFilter(int index) implements Predicate<Address> {
    /** Every address: no filter, and no strict check asked for. */
    public static final AddressFilter ALL = new AddressFilter(0);

    public AddressFilter {
        if (index < 0) {
            throw new IllegalArgumentException("index " + index + ": an ifindex, or 0 for any");
        }
    }

    /** Whether the kernel is asked to filter: then the socket needs {@code NETLINK_GET_STRICT_CHK}. */
    boolean filters() {
        return index != 0;
    }

    /** The {@code RTM_GETADDR} dump request, of family {@code AF_UNSPEC}. */
    AddrMessage request() {
        return AddrMessage.builder().header(h -> h.ifaIndex(index)).build();
    }

    @Override
    public boolean test(Address address) {
        return index == 0 || address.index() == index;
    }
}
