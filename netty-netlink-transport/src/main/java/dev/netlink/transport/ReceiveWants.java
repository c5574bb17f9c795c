package dev.netlink.transport;

/**
 * What a receive asks the kernel for besides a datagram's bytes, as bits: its sender's address ({@code msg_name})
 * and its control messages ({@code msg_control}, for {@code NETLINK_PKTINFO}). Each costs the kernel work per
 * datagram ({@code move_addr_to_user}, {@code scm_recv}: about 30 ns together on this project's test machine), so
 * a channel asks only for what can tell it something:
 * <ul>
 * <li>the sender, unless the socket is connected to the kernel, has never joined a multicast group and has found its
 *     queue empty since it connected (a {@code MSG_PEEK} right after the connect at bind, or any read that met
 *     {@code EAGAIN}) — then every datagram queued is the kernel's unicast, since a connected
 *     netlink socket refuses unicast from any other ({@code ECONNREFUSED}, {@code netlink_getsockbyportid}) and
 *     no multicast reaches a socket in no group;</li>
 * <li>the control messages, when {@link NetlinkChannelOption#NETLINK_PKTINFO} is on.</li>
 * </ul>
 * Static helpers only.
 */
final class ReceiveWants {
    /** The sender's {@code struct sockaddr_nl}. */
    static final int SENDER = 1;
    /** The control messages: {@code struct nl_pktinfo}. */
    static final int PKTINFO = 2;

    private ReceiveWants() {
    }

    static boolean sender(int what) {
        return (what & SENDER) != 0;
    }

    static boolean pktinfo(int what) {
        return (what & PKTINFO) != 0;
    }
}
