package dev.netlink.codec;

/**
 * A user event saying that the socket's receive queue overflowed: {@code recvmsg} failed with {@code ENOBUFS},
 * so the kernel dropped messages — multicast notifications, and possibly unicast replies too.
 *
 * <p>Fired with {@code fireUserEventTriggered} by the netlink channel, which keeps reading. A handler that
 * mirrors kernel state must resynchronise (dump again); the request correlator fails every request in flight,
 * since their replies may be among the lost. Turned off by {@code NETLINK_NO_ENOBUFS}, after which loss is
 * silent by the kernel's contract. A stateless singleton.
 */
public final class NetlinkOverrunEvent {
    /** The one instance. */
    public static final NetlinkOverrunEvent INSTANCE = new NetlinkOverrunEvent();

    private NetlinkOverrunEvent() {
    }

    @Override
    public String toString() {
        return "NetlinkOverrunEvent(ENOBUFS: the receive queue overflowed, messages were lost)";
    }
}
