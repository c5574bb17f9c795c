package dev.netlink.rtnetlink;

import dev.netlink.family.rtaddr.AddrAttrs;
import dev.netlink.family.rtaddr.AddrMessage;
import dev.netlink.family.rtaddr.IfaFlags;
import dev.netlink.ynl.typed.FlagSet;

import java.net.InetAddress;
import java.util.Objects;

/**
 * An interface address as {@code ip addr} shows it, from {@code RTM_NEWADDR}: the link's index, the address with
 * its prefix length, the peer of a point-to-point address, label, scope and flags. Immutable.
 *
 * @param index   {@code ifa_index}
 * @param prefix  {@code IFA_LOCAL} (or {@code IFA_ADDRESS} where there is no local, as for IPv6) and
 *                {@code ifa_prefixlen}
 * @param peer    {@code IFA_ADDRESS} when it differs from the local address (a point-to-point peer), else
 *                {@code null}
 * @param label   {@code IFA_LABEL} (IPv4), {@code null} when absent
 * @param scope   {@code ifa_scope} ({@code RT_SCOPE_*}: 0 global, 253 link, 254 host)
 * @param flags   {@code IFA_FLAGS} when present, else {@code ifa_flags}
 * @param message the whole message, as the generated rt-addr family decoded it
 */
public record Address(int index, IpPrefix prefix, InetAddress peer, String label, int scope,
                      FlagSet<IfaFlags> flags, AddrMessage message) {
    public Address {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(message, "message");
    }

    /** The address a {@code RTM_NEWADDR} message describes, or {@code null} when it carries no address. */
    public static Address of(AddrMessage m) {
        AddrAttrs a = m.attributes();
        InetAddress local = a.local() != null ? a.local() : a.address();
        if (local == null) {
            return null;
        }
        InetAddress peer = a.address() != null && !a.address().equals(local) ? a.address() : null;
        return new Address(m.header().ifaIndex(), new IpPrefix(local, m.header().ifaPrefixlen()), peer, a.label(),
                m.header().ifaScope(), a.flags() != null ? a.flags() : m.header().ifaFlags(), m);
    }

    /** As {@code ip -br addr} shows it: {@code 3: 10.1.0.1/24 v0}. */
    @Override
    public String toString() {
        return index + ": " + prefix + (peer == null ? "" : " peer " + peer.getHostAddress())
                + (label == null ? "" : " " + label);
    }
}
