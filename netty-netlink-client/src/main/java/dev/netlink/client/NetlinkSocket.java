package dev.netlink.client;

import dev.netlink.transport.NetlinkChannel;
import dev.netlink.transport.NetlinkChannelOption;
import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageDecoder;
import dev.netlink.codec.NetlinkMessageEncoder;
import dev.netlink.codec.NetlinkMessageType;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.internal.ObjectUtil;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A netlink socket as a client object: {@code connect(protocol)}, then {@link #request}, {@link #execute},
 * {@link #dump}, {@link #receive}, {@link #noop}, {@link #addMembership} — each returning a future. It is a
 * {@link NetlinkChannel} with the pipeline {@link NetlinkMessageEncoder}, {@link NetlinkRequestHandler} (which
 * splits datagrams as {@link NetlinkMessageDecoder} does), the caller's own handlers, and the delivery of notifications: a bounded queue for
 * {@link #receive()}, or a listener set with {@link #onNotification}.
 *
 * <p>Notifications never hold up replies: when {@link #receive()} falls behind and the queue is full, the newest
 * notifications are dropped and counted ({@link #stats()}), as the kernel does when the socket's receive queue is
 * full, and the next {@code receive()} fails once with {@link NetlinkOverrunException}. A handler added with
 * {@link Builder#addLast} that passes notifications on passes them into the same queue.
 *
 * <p>By default the channel runs on a shared, lazily created epoll event loop of daemon threads; a
 * {@link Builder} takes the caller's group (which may also carry the caller's own epoll channels), a network
 * namespace and channel options. Every method is safe from any thread and none blocks an event loop; futures
 * complete on the channel's event loop, so a listener must not block either; {@link NetlinkFutures#get} waits
 * for one from any other thread and throws a refusal as the {@code NetlinkException} itself. Closing fails every
 * request in flight.
 */
public final class NetlinkSocket implements AutoCloseable {
    /** The receive buffer a socket asks for unless {@code SO_RCVBUF} is given: 1 MiB, as far as the kernel allows. */
    public static final int DEFAULT_RCVBUF = 1 << 20;

    /** The default capacity of the notification queue behind {@link #receive()}. */
    public static final int DEFAULT_RECEIVE_QUEUE_CAPACITY = 1024;

    private static final Object SHARED_GROUP_LOCK = new Object();
    private static volatile EventLoopGroup sharedGroup;

    private final Channel channel;
    private final NetlinkRequestHandler requests;
    private final NetlinkNotificationHandler notifications;
    private final long busyPollNanos;
    private final AdaptiveSpin spinPolicy = new AdaptiveSpin();

    private NetlinkSocket(Channel channel, long busyPollNanos) {
        this.channel = channel;
        this.busyPollNanos = busyPollNanos;
        this.requests = channel.pipeline().get(NetlinkRequestHandler.class);
        this.notifications = channel.pipeline().get(NetlinkNotificationHandler.class);
    }

    /**
     * Makes a socket of any channel that carries netlink datagrams, an {@code EmbeddedChannel} in a test for
     * instance: adds the encoder, request handler, {@code handlers} and the notification queue to its
     * pipeline. Membership calls need a {@link NetlinkChannel}.
     */
    public static NetlinkSocket on(Channel channel, long timeoutMillis, ChannelHandler... handlers) {
        NetlinkRequestHandler requests = new NetlinkRequestHandler(timeoutMillis,
                NetlinkRequestHandler.DEFAULT_MAX_IN_FLIGHT);
        install(channel.pipeline(), requests, List.of(handlers), DEFAULT_RECEIVE_QUEUE_CAPACITY);
        return new NetlinkSocket(channel, 0);
    }

    private static void install(ChannelPipeline p, NetlinkRequestHandler requests, List<ChannelHandler> extra,
                                int queueCapacity) {
        p.addLast(new NetlinkMessageEncoder(), requests); // the request handler splits the datagrams itself
        p.addLast(extra.toArray(new ChannelHandler[0]));
        p.addLast(new NetlinkNotificationHandler(queueCapacity));
    }

    /** Opens a socket of {@code protocol} ({@code NetlinkProtocol.NETLINK_*}) on the shared event loop. */
    public static Future<NetlinkSocket> connect(int protocol) {
        return builder(protocol).connect();
    }

    /** A builder for a socket of {@code protocol}. */
    public static Builder builder(int protocol) {
        return new Builder(protocol);
    }

    /**
     * The shared event loop group: one epoll thread, a daemon, made on first use and kept for the life of the
     * process. It polls for {@link BusyPoll#DEFAULT_NANOS} after activity before it blocks (see {@link BusyPoll}).
     */
    public static EventLoopGroup sharedGroup() {
        EventLoopGroup g = sharedGroup;
        if (g == null) {
            synchronized (SHARED_GROUP_LOCK) {
                g = sharedGroup;
                if (g == null) {
                    g = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("netlink", true),
                            BusyPoll.ioHandlerFactory(BusyPoll.DEFAULT_NANOS));
                    sharedGroup = g;
                }
            }
        }
        return g;
    }

    /**
     * Sends a request of {@code type} with {@code payload} (released once sent) and {@code flags};
     * {@code NLM_F_REQUEST} and {@code NLM_F_ACK} are always added ({@code NLM_F_ACK} not to dumps, which the
     * kernel ends with {@code NLMSG_DONE} instead). Completes with every reply carrying the
     * request's sequence number but the final ACK or {@code NLMSG_DONE}, or fails with
     * {@link dev.netlink.codec.NetlinkException} when the kernel refuses. The caller releases the replies
     * ({@code try (NetlinkReplies<NetlinkMessage> r = ...)}).
     *
     * <p>The encoder copies the payload into the datagram it sends, so any buffer will do; the cheapest is an
     * unpooled heap buffer ({@code Unpooled.buffer(64)}), as the library's own requests use: a pooled direct one
     * costs its allocator and, one time in 128 by default, the leak detector's stack trace (about 140 ns a request
     * in {@code RoundTripBenchmark}).
     */
    public Future<NetlinkReplies<NetlinkMessage>> request(int type, ByteBuf payload, int flags) {
        return request(newRequest(type, payload, flags));
    }

    /** Sends a request configured by the caller (timeout, dump policy, streaming consumer, schema). */
    public Future<NetlinkReplies<NetlinkMessage>> request(NetlinkRequest request) {
        return request.send(channel);
    }

    /**
     * Sends a change the kernel acknowledges ({@code RTM_NEWLINK}, {@code RTM_DELROUTE}, ...) and completes when
     * it does; any replies (an {@code NLM_F_ECHO}) are released. Fails with
     * {@link dev.netlink.codec.NetlinkException} when the kernel refuses.
     *
     * @param payload the family header and attributes; released once sent
     * @param flags   extra {@code nlmsg_flags}, e.g. {@code NLM_F_CREATE | NLM_F_EXCL}
     */
    public Future<Void> execute(int type, ByteBuf payload, int flags) {
        return execute(newRequest(type, payload, flags));
    }

    /**
     * Sends a request whose replies are not wanted (an acknowledged change, or a dump streamed to its consumer)
     * and completes when it ends; any replies are released.
     */
    public Future<Void> execute(NetlinkRequest request) {
        Promise<Void> done = newPromise();
        request(request).addListener((Future<NetlinkReplies<NetlinkMessage>> f) -> {
            if (f.isSuccess()) {
                f.getNow().release();
                done.trySuccess(null);
            } else {
                done.tryFailure(f.cause());
            }
        });
        return done;
    }

    /**
     * Dumps {@code type} ({@code NLM_F_DUMP}) and hands each part to {@code consumer} on the event loop as it
     * arrives, released when the consumer returns (retain it to keep it): memory does not grow with the dump, and
     * turning {@code autoRead} off pauses it in the kernel. Completes when the dump ends.
     *
     * @param payload the family header and filter attributes; released once sent
     */
    public Future<Void> dump(int type, ByteBuf payload, Consumer<? super NetlinkMessage> consumer) {
        return execute(newRequest(type, payload, NetlinkFlags.NLM_F_DUMP).consumer(consumer));
    }

    /**
     * A batch: several requests sent in one datagram, each with its own future ({@link NetlinkBatch}); the
     * cheapest way to ask the kernel many questions.
     */
    public NetlinkBatch batch() {
        return new NetlinkBatch(this);
    }

    /** A new request of {@code type}, {@code flags} and {@code payload} whose promise is of this socket. */
    public NetlinkRequest newRequest(int type, ByteBuf payload, int flags) {
        return new NetlinkRequest(new DefaultNetlinkMessage(type, flags, 0, 0, payload), newPromise());
    }

    /**
     * A promise completed on this socket's event loop, whose waiters spin for the socket's busy-poll window
     * before they park (see {@link BusyPoll}).
     */
    public <V> Promise<V> newPromise() {
        return SpinAwaitPromise.of(channel.eventLoop(), busyPollNanos, spinPolicy);
    }

    /**
     * The next message that is not a reply to a request: a multicast notification, or anything sent with
     * sequence 0. The caller releases it. Fails with {@link NetlinkOverrunException} once after notifications were
     * lost, by the kernel ({@code ENOBUFS}) or because the queue was full.
     */
    public Future<NetlinkMessage> receive() {
        Promise<NetlinkMessage> promise = newPromise();
        onEventLoop(() -> notifications.receive(promise));
        return promise;
    }

    /**
     * Pushes notifications to {@code listener} instead of queueing them for {@link #receive()}: every message
     * that answers no request, the ones already queued first, on the event loop (it must not block), released
     * when it returns. A listener that throws has its exception fired down the pipeline. {@code null} goes back
     * to queueing. Losses are seen as {@link dev.netlink.codec.NetlinkOverrunEvent}s by a handler of the pipeline.
     */
    public void onNotification(Consumer<? super NetlinkMessage> listener) {
        onEventLoop(() -> notifications.listen(listener));
    }

    private void onEventLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }

    /** Sends {@code NLMSG_NOOP} and completes when the kernel acknowledges it: a round trip that proves life. */
    public Future<Void> noop() {
        return execute(newRequest(NetlinkMessageType.NLMSG_NOOP, Unpooled.EMPTY_BUFFER, 0));
    }

    /** Joins multicast {@code group} ({@code NETLINK_ADD_MEMBERSHIP}); notifications then reach {@link #receive()}. */
    public Future<Void> addMembership(int group) {
        return netlinkChannel().joinGroup(group);
    }

    /** Leaves multicast {@code group} ({@code NETLINK_DROP_MEMBERSHIP}). */
    public Future<Void> dropMembership(int group) {
        return netlinkChannel().leaveGroup(group);
    }

    /** The port id the kernel gave this socket ({@code nl_pid} of {@code getsockname}); 0 if not bound. */
    public int portId() {
        return channel.localAddress() instanceof NetlinkAddress a ? a.portId() : 0;
    }

    /** The groups this socket is a member of ({@code NETLINK_LIST_MEMBERSHIPS}), in ascending order. */
    public int[] groups() {
        return netlinkChannel().groups();
    }

    /** The underlying channel, to add handlers or read options. */
    public Channel channel() {
        return channel;
    }

    private NetlinkChannel netlinkChannel() {
        if (channel instanceof NetlinkChannel nc) {
            return nc;
        }
        throw new IllegalStateException("multicast membership needs a NetlinkChannel, not " + channel);
    }

    /** The netlink protocol of the socket ({@code NetlinkProtocol.NETLINK_*}), or -1 if it is not a netlink channel. */
    public int protocol() {
        return channel instanceof NetlinkChannel nc ? nc.protocol() : -1;
    }

    /** The network namespace file the socket was made in, or {@code null} for the caller's own (or unknown). */
    public String netns() {
        return channel instanceof NetlinkChannel nc ? nc.netns() : null;
    }

    /** What happened on this socket so far: requests, timeouts, late replies, overruns, drops. Any thread. */
    public NetlinkSocketStats stats() {
        long overruns = channel instanceof NetlinkChannel nc ? nc.overruns() : 0;
        long foreign = channel instanceof NetlinkChannel nc ? nc.foreignDatagrams() : 0;
        return new NetlinkSocketStats(requests.requests(), requests.timeouts(), requests.lateReplies(), overruns,
                foreign, NotificationQueue.droppedCounter(channel).sum());
    }

    /** Closes the socket; requests in flight fail with {@code ClosedChannelException}. */
    public Future<Void> closeAsync() {
        return channel.close();
    }

    /** Closes the socket, waiting for it unless called on its event loop. */
    @Override
    public void close() {
        ChannelFuture f = channel.close();
        if (!channel.eventLoop().inEventLoop()) {
            f.syncUninterruptibly();
        }
    }

    @Override
    public String toString() {
        return "NetlinkSocket(" + channel + ')';
    }

    /** Configures and opens a {@link NetlinkSocket}. Not thread-safe; use once. */
    public static final class Builder {
        private final int protocol;
        private EventLoopGroup group;
        private String netnsPath;
        private final Map<ChannelOption<?>, Object> options = new LinkedHashMap<>();
        private long timeoutMillis = NetlinkRequestHandler.DEFAULT_TIMEOUT_MILLIS;
        private int receiveQueueCapacity = DEFAULT_RECEIVE_QUEUE_CAPACITY;
        private int maxRequestsInFlight = NetlinkRequestHandler.DEFAULT_MAX_IN_FLIGHT;
        private long busyPollNanos = BusyPoll.DEFAULT_NANOS;
        private final List<ChannelHandler> handlers = new ArrayList<>();
        private final List<ChannelHandler> first = new ArrayList<>();

        private Builder(int protocol) {
            this.protocol = protocol;
        }

        /** The event loop group; must be an epoll {@code IoEventLoopGroup}. Default: {@link #sharedGroup()}. */
        public Builder group(EventLoopGroup group) {
            this.group = group;
            return this;
        }

        /** A network namespace file ({@code /var/run/netns/NAME}, {@code /proc/PID/ns/net}), or null. */
        public Builder netns(String netnsPath) {
            this.netnsPath = netnsPath;
            return this;
        }

        /** A channel option ({@link NetlinkChannelOption} or Netty's). */
        public <T> Builder option(ChannelOption<T> option, T value) {
            options.put(option, value);
            return this;
        }

        /** The default request timeout in milliseconds, 0 for none. */
        public Builder timeoutMillis(long timeoutMillis) {
            this.timeoutMillis = ObjectUtil.checkPositiveOrZero(timeoutMillis, "timeoutMillis");
            return this;
        }

        /**
         * Sets {@link NetlinkChannelOption#USER_SPACE_PEERS}: whether messages from other sockets (port id not 0)
         * are delivered to {@link #receive()} instead of being dropped by the channel; they never answer a
         * request. The one sender policy, set here or as the option.
         */
        public Builder acceptUserSpacePeers(boolean accept) {
            options.put(NetlinkChannelOption.USER_SPACE_PEERS, accept);
            return this;
        }

        /**
         * The most requests sent and not yet answered (default
         * {@value NetlinkRequestHandler#DEFAULT_MAX_IN_FLIGHT}); more wait their turn. The kernel drops
         * replies that do not fit the receive buffer, so raise {@code SO_RCVBUF} with it.
         */
        public Builder maxRequestsInFlight(int max) {
            this.maxRequestsInFlight = ObjectUtil.checkPositive(max, "max");
            return this;
        }

        /**
         * How long a thread waiting on one of this socket's futures spins before it parks (default
         * {@link BusyPoll#DEFAULT_NANOS}); 0 parks at once. See {@link BusyPoll}.
         */
        public Builder busyPoll(long duration, TimeUnit unit) {
            this.busyPollNanos = unit.toNanos(ObjectUtil.checkPositiveOrZero(duration, "duration"));
            return this;
        }

        /**
         * The capacity of the notification queue behind {@link #receive()} (default
         * {@value #DEFAULT_RECEIVE_QUEUE_CAPACITY}); when it is full, newer notifications are dropped and counted.
         */
        public Builder receiveQueueCapacity(int capacity) {
            this.receiveQueueCapacity = ObjectUtil.checkPositive(capacity, "capacity");
            return this;
        }

        /**
         * Handlers to put after the request handler and before the notification queue, for example a
         * protocol's codec or a watch. Each sees the messages that answer no request; what it passes on with
         * {@code fireChannelRead} reaches {@link #receive()} (or the {@link #onNotification} listener), so a
         * handler that passes everything on and a caller that never reads cost dropped notifications, never
         * stalled replies. Each must be a new instance unless it is {@code @Sharable}.
         */
        public Builder addLast(ChannelHandler... handlers) {
            this.handlers.addAll(List.of(handlers));
            return this;
        }

        /**
         * Handlers to put at the socket end of the pipeline, before the decoder: they see the raw datagrams, as a
         * recorder of the conversation does.
         */
        public Builder addFirst(ChannelHandler... handlers) {
            this.first.addAll(List.of(handlers));
            return this;
        }

        /** Opens, binds and registers the socket. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Future<NetlinkSocket> connect() {
            EventLoopGroup g = group != null ? group : sharedGroup();
            NetlinkRequestHandler requests = new NetlinkRequestHandler(timeoutMillis, maxRequestsInFlight);
            Promise<NetlinkSocket> result = g.next().newPromise();
            // The socket first, so that a failed socket() (EMFILE, EPERM in the namespace) fails the future with
            // its own message; Bootstrap would wrap it in a FailedChannel, whose id needs a machine id and files.
            NetlinkChannel channel;
            try {
                channel = netnsPath == null ? new NetlinkChannel(protocol) : new NetlinkChannel(protocol, netnsPath);
            } catch (RuntimeException e) {
                return result.setFailure(e);
            }
            Bootstrap b = new Bootstrap().group(g)
                    .channelFactory(() -> channel)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(first.toArray(new ChannelHandler[0]));
                            install(ch.pipeline(), requests, handlers, receiveQueueCapacity);
                        }
                    });
            // Room for the answers of the requests in flight: the kernel grants up to twice net.core.rmem_max
            // (416 KiB by default) and drops replies that do not fit. An explicit SO_RCVBUF option wins.
            b.option(io.netty.channel.ChannelOption.SO_RCVBUF, DEFAULT_RCVBUF);
            options.forEach((k, v) -> b.option((ChannelOption) k, v));
            ChannelFuture bind;
            try {
                bind = b.bind(NetlinkAddress.ANY);
            } catch (RuntimeException e) {
                channel.unsafe().closeForcibly();
                return result.setFailure(e);
            }
            bind.addListener((ChannelFuture f) -> {
                if (f.isSuccess()) {
                    result.trySuccess(new NetlinkSocket(f.channel(), busyPollNanos));
                } else {
                    result.tryFailure(f.cause());
                }
            });
            return result;
        }
    }

}
