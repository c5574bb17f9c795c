/**
 * How a netlink request becomes a future: the correlation state machine and the thin pipeline handler that
 * drives it (sequence numbers, the window of requests in flight, one dump at a time, deadlines,
 * {@code NLM_F_DUMP_INTR}), {@link dev.netlink.client.NetlinkRequest} and
 * {@link dev.netlink.client.NetlinkReplies}, the {@link dev.netlink.client.NetlinkSocket} client with its
 * notification delivery, and the wait policy of its futures ({@link dev.netlink.client.BusyPoll}).
 *
 * <p>It sits between the wire model ({@code dev.netlink.codec}) and the channel ({@code dev.netlink.transport}):
 * the state machine itself imports nothing of {@code io.netty.channel}, so its rules are tested without a
 * pipeline.
 */
package dev.netlink.client;
