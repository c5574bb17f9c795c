package dev.netlink.codec;

import java.net.SocketAddress;

/**
 * A netlink socket address, {@code struct sockaddr_nl}: the port id ({@code nl_pid}) of a socket and a
 * bitmask of multicast groups ({@code nl_groups}, groups 1 to 32 only).
 *
 * <p>Port id 0 is the kernel. When binding, port id 0 asks the kernel to choose one. A u32 port id is kept
 * in an {@code int} and compared as unsigned where order matters. Immutable and thread-safe.
 */
public final class NetlinkAddress extends SocketAddress {
    private static final long serialVersionUID = 1L;

    /** Port id 0, no groups: the kernel as a peer, or "let the kernel choose" as a bind address. */
    public static final NetlinkAddress ANY = new NetlinkAddress(0, 0);
    /** The kernel, port id 0. The same value as {@link #ANY}, named for the peer role. */
    public static final NetlinkAddress KERNEL = ANY;

    private final int portId;
    private final int groups;

    /**
     * @param portId {@code nl_pid}, an unsigned 32-bit port id
     * @param groups {@code nl_groups}, a bitmask where bit {@code n-1} stands for group {@code n}
     */
    public NetlinkAddress(int portId, int groups) {
        this.portId = portId;
        this.groups = groups;
    }

    /** Returns the address of a socket's port id with no groups; {@link #KERNEL} for 0. */
    public static NetlinkAddress ofPort(int portId) {
        return portId == 0 ? KERNEL : new NetlinkAddress(portId, 0);
    }

    /** {@code nl_pid}: the socket's port id, 0 for the kernel. */
    public int portId() {
        return portId;
    }

    /** {@code nl_groups}: the multicast groups bitmask (bit {@code n-1} is group {@code n}). */
    public int groups() {
        return groups;
    }

    /** Whether this is the kernel's address (port id 0). */
    public boolean isKernel() {
        return portId == 0;
    }

    /**
     * Returns the lowest group number set in {@link #groups()} (1 to 32), or 0 when none is. On a received
     * multicast datagram the kernel sets exactly the bit of the group it was sent to, if that group is below 33.
     */
    public int lowestGroup() {
        return groups == 0 ? 0 : Integer.numberOfTrailingZeros(groups) + 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetlinkAddress a && a.portId == portId && a.groups == groups;
    }

    @Override
    public int hashCode() {
        return 31 * portId + groups;
    }

    @Override
    public String toString() {
        String port = Integer.toUnsignedString(portId);
        return groups == 0 ? "nl:" + port : "nl:" + port + "/groups=0x" + Integer.toHexString(groups);
    }
}
