package dev.netlink.rtnetlink;

import dev.netlink.ynl.typed.Hints;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An address with a prefix length, as {@code ip} writes it ({@code 10.1.0.1/24}, {@code 2001:db8::/32}): an
 * interface address with its subnet, or a route's destination. The length is checked against the family (at most
 * 32 for IPv4, 128 for IPv6). Immutable.
 *
 * @param address the address
 * @param length  the prefix length
 */
public record IpPrefix(InetAddress address, int length) {
    public IpPrefix {
        Objects.requireNonNull(address, "address");
        int max = maxLength(address);
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " of " + address.getHostAddress()
                    + " is outside 0.." + max);
        }
    }

    /**
     * The prefix {@code text} names: {@code 10.1.0.1/24}, or an address alone (a host prefix, {@code /32} or
     * {@code /128}). Only literals: a host name is refused, never looked up.
     */
    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        InetAddress a;
        try {
            a = InetAddress.ofLiteral(slash < 0 ? text : text.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an address/length: \"" + text + '"', e);
        }
        if (slash < 0) {
            return new IpPrefix(a, maxLength(a));
        }
        try {
            return new IpPrefix(a, Integer.parseInt(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an address/length: \"" + text + '"', e);
        }
    }

    /** The host prefix of {@code address}. */
    public static IpPrefix of(InetAddress address) {
        return new IpPrefix(address, maxLength(address));
    }

    /** {@code AF_INET} (2) or {@code AF_INET6} (10). */
    public int family() {
        return family(address);
    }

    /** Whether this is IPv4. */
    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** The network of this prefix: the address with the bits after the prefix cleared. */
    public IpPrefix network() {
        byte[] b = address.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, length - i * 8));
            b[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            return new IpPrefix(InetAddress.getByAddress(b), length);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static int family(InetAddress a) {
        return a instanceof Inet4Address ? 2 : 10;
    }

    private static int maxLength(InetAddress a) {
        return a instanceof Inet4Address ? 32 : 128;
    }

    /** As {@code ip} writes it: {@code 10.1.0.1/24}. */
    @Override
    public String toString() {
        return Hints.text(address) + '/' + length;
    }
}
