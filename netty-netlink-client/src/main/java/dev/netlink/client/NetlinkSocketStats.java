package dev.netlink.client;

/**
 * What happened on one {@link NetlinkSocket} so far, as {@link NetlinkSocket#stats()} reads it: a snapshot of
 * counters that only grow. Immutable.
 *
 * @param requests              requests handed to the socket's request handler
 * @param timeouts              requests that failed because their answer did not come in time
 * @param lateReplies           answers that came after their request had ended (timed out, cancelled) and were
 *                              released
 * @param overruns              times the kernel reported that the receive queue overflowed ({@code ENOBUFS})
 * @param foreignDatagrams      datagrams dropped because a socket other than the kernel sent them (the channel's
 *                              one sender policy, {@code NetlinkChannelOption.USER_SPACE_PEERS} off)
 * @param droppedNotifications  notifications dropped because a notification queue was full
 */
public record NetlinkSocketStats(long requests, long timeouts, long lateReplies, long overruns,
                                 long foreignDatagrams, long droppedNotifications) {
}
