package dev.netlink.codec;

import io.netty.util.internal.ObjectUtil;

/**
 * A user event saying that messages were lost on their way to the pipeline's end, fired with
 * {@code fireUserEventTriggered}. Two sources, told apart by {@link #repliesLost()}:
 * <ul>
 * <li>{@link #KERNEL}: {@code recvmsg} failed with {@code ENOBUFS}, so the kernel dropped messages from the
 *     socket's receive queue — multicast notifications, and possibly unicast replies too. The netlink channel
 *     fires it and keeps reading; the request handler fails every request in flight, since their replies may be
 *     among the lost. Turned off by {@code NETLINK_NO_ENOBUFS}, after which loss is silent by the kernel's
 *     contract.</li>
 * <li>{@link #notificationQueueFull(String, int)}: a socket's own queue of unread notifications was full and the
 *     socket dropped the newest ones, as the kernel does with a full receive queue. Replies are never dropped
 *     this way, so requests go on.</li>
 * </ul>
 * Either way a handler that mirrors kernel state must resynchronise (dump again). Immutable.
 */
public final class NetlinkOverrunEvent {
    /** The kernel reported {@code ENOBUFS}: the socket's receive queue overflowed. */
    public static final NetlinkOverrunEvent KERNEL = new NetlinkOverrunEvent(true,
            "ENOBUFS (No buffer space available): the socket's receive queue overflowed, messages were lost");

    private final boolean repliesLost;
    private final String description;

    private NetlinkOverrunEvent(boolean repliesLost, String description) {
        this.repliesLost = repliesLost;
        this.description = description;
    }

    /**
     * Notifications dropped because the queue {@code queue} (e.g. {@code "receive()"}) held {@code capacity}
     * unread ones.
     */
    public static NetlinkOverrunEvent notificationQueueFull(String queue, int capacity) {
        ObjectUtil.checkNotNull(queue, "queue");
        return new NetlinkOverrunEvent(false, "the notification queue of " + queue + " was full (" + capacity
                + " unread), so newer notifications were dropped");
    }

    /** Whether replies to requests may have been lost too: true for the kernel's {@code ENOBUFS}. */
    public boolean repliesLost() {
        return repliesLost;
    }

    /** What was lost and why, for messages. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return "NetlinkOverrunEvent(" + description + ')';
    }
}
