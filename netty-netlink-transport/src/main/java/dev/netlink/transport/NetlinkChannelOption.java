package dev.netlink.transport;

import io.netty.channel.ChannelOption;

/**
 * The {@link ChannelOption}s of a {@link NetlinkChannel}: the {@code SOL_NETLINK} socket options of
 * {@code include/uapi/linux/netlink.h}, {@code SO_RCVBUFFORCE}, and two options of the channel itself. Netty's
 * {@link ChannelOption#SO_RCVBUF} and {@link ChannelOption#SO_SNDBUF} apply too. Reading a socket option asks
 * the socket ({@code getsockopt}); setting one calls {@code setsockopt} at once. Constants; thread-safe.
 */
public final class NetlinkChannelOption {
    /**
     * {@code NETLINK_EXT_ACK}: error replies carry the kernel's extended ack (message, offset, policy).
     * On by default.
     */
    public static final ChannelOption<Boolean> NETLINK_EXT_ACK =
            ChannelOption.valueOf(NetlinkChannelOption.class, "NETLINK_EXT_ACK");
    /** {@code NETLINK_CAP_ACK}: error replies carry only the request's header, not the whole request. */
    public static final ChannelOption<Boolean> NETLINK_CAP_ACK =
            ChannelOption.valueOf(NetlinkChannelOption.class, "NETLINK_CAP_ACK");
    /**
     * {@code NETLINK_GET_STRICT_CHK}: the kernel validates dump requests strictly and honours their filters.
     * On by default.
     */
    public static final ChannelOption<Boolean> NETLINK_GET_STRICT_CHK =
            ChannelOption.valueOf(NetlinkChannelOption.class, "NETLINK_GET_STRICT_CHK");
    /**
     * {@code NETLINK_NO_ENOBUFS}: the kernel no longer reports receive-queue overruns; lost notifications are
     * then silent (no {@code NetlinkOverrunEvent}).
     */
    public static final ChannelOption<Boolean> NETLINK_NO_ENOBUFS =
            ChannelOption.valueOf(NetlinkChannelOption.class, "NETLINK_NO_ENOBUFS");
    /**
     * {@code NETLINK_LISTEN_ALL_NSID}: receive multicast notifications from every peer network namespace that
     * has an id in ours. The kernel cannot report this option, so reading it returns the value last set here.
     */
    public static final ChannelOption<Boolean> NETLINK_LISTEN_ALL_NSID =
            ChannelOption.valueOf(NetlinkChannelOption.class, "NETLINK_LISTEN_ALL_NSID");
    /** {@code NETLINK_BROADCAST_ERROR}: a multicast send fails when a member could not receive it. */
    public static final ChannelOption<Boolean> NETLINK_BROADCAST_ERROR =
            ChannelOption.valueOf(NetlinkChannelOption.class, "NETLINK_BROADCAST_ERROR");
    /**
     * {@code NETLINK_PKTINFO}: each received datagram reports its multicast group ({@code struct nl_pktinfo}),
     * also for groups above 32, as {@code NetlinkDatagram.group()}.
     */
    public static final ChannelOption<Boolean> NETLINK_PKTINFO =
            ChannelOption.valueOf(NetlinkChannelOption.class, "NETLINK_PKTINFO");
    /**
     * {@code SO_RCVBUFFORCE}: the receive buffer size, past {@code net.core.rmem_max} (needs
     * {@code CAP_NET_ADMIN}). The kernel keeps double the value; reading returns the kernel's {@code SO_RCVBUF}.
     */
    public static final ChannelOption<Integer> SO_RCVBUFFORCE =
            ChannelOption.valueOf(NetlinkChannelOption.class, "SO_RCVBUFFORCE");
    /**
     * The size of the pooled direct buffer each datagram is received into, default 32768: the largest datagram
     * a kernel dump sends. Bigger datagrams are still read whole (one copy); see {@link NetlinkChannel}.
     */
    public static final ChannelOption<Integer> RECEIVE_BUFFER_SIZE =
            ChannelOption.valueOf(NetlinkChannelOption.class, "RECEIVE_BUFFER_SIZE");
    /**
     * The most datagrams one system call reads, 1 to {@value NetlinkChannelConfig#MAX_RECEIVE_BATCH}; default 1
     * ({@code recvmsg}). Above 1 the channel reads with {@code recvmmsg} into that many pooled buffers of
     * {@link #RECEIVE_BUFFER_SIZE}, each with its own overflow area, so a burst of answers or notifications costs
     * one system call; each datagram keeps its sender and {@code NETLINK_PKTINFO} group. It holds that many
     * buffers while the channel reads, so raise it where bursts are the rule (pipelined requests, batches, big
     * dumps), not on a socket that waits for one event now and then. With {@code AUTO_READ} off, one
     * {@code read()} reads what one system call returns: up to this many datagrams.
     */
    public static final ChannelOption<Integer> RECEIVE_BATCH =
            ChannelOption.valueOf(NetlinkChannelOption.class, "RECEIVE_BATCH");
    /**
     * Whether the channel talks to user-space sockets as well as to the kernel. Off (the default), the socket is
     * {@code connect()}ed to the kernel (port id 0) once bound, so the kernel refuses unicast from any other
     * socket, and the channel drops any datagram whose sender is not the kernel (forged multicast). On, it accepts
     * datagrams from any port id (e.g. {@code NETLINK_USERSOCK} peers).
     */
    public static final ChannelOption<Boolean> USER_SPACE_PEERS =
            ChannelOption.valueOf(NetlinkChannelOption.class, "USER_SPACE_PEERS");

    /**
     * Whether an event-driven conversation with the kernel reads its answers right after its sends instead of
     * waiting for epoll; on by default. The kernel answers a request inside the {@code sendto} that carries it,
     * and each datagram it queues to a socket in an epoll set also runs epoll's wake-up callback (about 95 ns).
     * When the answers' own handlers keep sending (each answer's listener sends the next request, a window of
     * pipelined requests refills, a batch follows a batch) in three reads that end with answers still queued,
     * with no read between them finding the queue empty, the channel takes its socket out of the epoll set and
     * reads from a task once each loop iteration,
     * after the loop's I/O; a read that finds the queue empty with nothing sent since the one before puts it back,
     * and epoll then reports anything queued meanwhile, notifications included. Only on an event loop that is a
     * {@code SingleThreadEventLoop} (as Netty's are). Off, the socket always stays in the epoll set.
     */
    public static final ChannelOption<Boolean> READ_AFTER_SEND =
            ChannelOption.valueOf(NetlinkChannelOption.class, "READ_AFTER_SEND");

    private NetlinkChannelOption() {
    }
}
