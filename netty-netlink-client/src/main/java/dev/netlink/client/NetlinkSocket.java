package dev.netlink.client;

import dev.netlink.transport.NetlinkChannel;
import dev.netlink.transport.NetlinkChannelOption;
import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageDecoder;
import dev.netlink.codec.NetlinkMessageEncoder;
import dev.netlink.codec.NetlinkMessageType;
import dev.netlink.client.NetlinkReplies;
import dev.netlink.client.NetlinkRequest;
import dev.netlink.client.NetlinkRequestCorrelator;
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

/**
 * A netlink socket as a client object: {@code connect(protocol)}, then {@link #request}, {@link #receive},
 * {@link #noop}, {@link #addMembership} — each returning a future. It is a {@link NetlinkChannel} with the
 * pipeline {@link NetlinkMessageDecoder}, {@link NetlinkMessageEncoder}, {@link NetlinkRequestCorrelator} and a
 * bounded queue of notifications for {@link #receive()}.
 *
 * <p>By default the channel runs on a shared, lazily created epoll event loop of daemon threads; a
 * {@link Builder} takes the caller's group (which may also carry the caller's own epoll channels), a network
 * namespace and channel options. Every method is safe from any thread and none blocks an event loop; futures
 * complete on the channel's event loop, so a listener must not block either. Closing fails every request
 * in flight.
 */
public final class NetlinkSocket implements AutoCloseable {
    /** The receive buffer a socket asks for unless {@code SO_RCVBUF} is given: 1 MiB, as far as the kernel allows. */
    public static final int DEFAULT_RCVBUF = 1 << 20;

    /** The default capacity of the notification queue behind {@link #receive()}. */
    public static final int DEFAULT_RECEIVE_QUEUE_CAPACITY = 1024;

    private static final Object SHARED_GROUP_LOCK = new Object();
    private static volatile EventLoopGroup sharedGroup;

    private final Channel channel;
    private final NetlinkRequestCorrelator correlator;
    private final NetlinkReceiveQueue receiveQueue;
    private final long busyPollNanos;
    private final AdaptiveSpin spinPolicy = new AdaptiveSpin();

    private NetlinkSocket(Channel channel, long busyPollNanos) {
        this.channel = channel;
        this.busyPollNanos = busyPollNanos;
        this.correlator = channel.pipeline().get(NetlinkRequestCorrelator.class);
        this.receiveQueue = channel.pipeline().get(NetlinkReceiveQueue.class);
    }

    /**
     * Makes a socket of any channel that carries netlink datagrams, an {@code EmbeddedChannel} in a test for
     * instance: adds the decoder, encoder, correlator, {@code handlers} and the notification queue to its
     * pipeline. Membership calls need a {@link NetlinkChannel}.
     */
    public static NetlinkSocket on(Channel channel, long timeoutMillis, ChannelHandler... handlers) {
        install(channel.pipeline(), new NetlinkRequestCorrelator(timeoutMillis, false), List.of(handlers),
                DEFAULT_RECEIVE_QUEUE_CAPACITY);
        return new NetlinkSocket(channel, 0);
    }

    private static void install(ChannelPipeline p, NetlinkRequestCorrelator correlator, List<ChannelHandler> extra,
                                int queueCapacity) {
        p.addLast(DECODER, new NetlinkMessageEncoder(), correlator);
        p.addLast(extra.toArray(new ChannelHandler[0]));
        p.addLast(new NetlinkReceiveQueue(queueCapacity));
    }

    /** Opens a socket of {@code protocol} ({@code NetlinkProtocol.NETLINK_*}) on the shared event loop. */
    public static Future<NetlinkSocket> connect(int protocol) {
        return builder(protocol).connect();
    }

    /**
     * Opens a socket of {@code protocol} on {@code group}, in the network namespace at {@code netnsPath}
     * (or the caller's when {@code null}), with the given channel options.
     */
    public static Future<NetlinkSocket> connect(int protocol, EventLoopGroup group, String netnsPath,
                                                Map<ChannelOption<?>, Object> options) {
        Builder b = builder(protocol).group(group).netns(netnsPath);
        options.forEach(b::rawOption);
        return b.connect();
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
     * {@link dev.netlink.codec.NetlinkException} when the kernel refuses. The caller releases the replies.
     */
    public Future<NetlinkReplies> request(int type, ByteBuf payload, int flags) {
        return request(newRequest(type, payload, flags));
    }

    /** Sends a request configured by the caller (timeout, dump policy, streaming consumer, schema). */
    public Future<NetlinkReplies> request(NetlinkRequest request) {
        return NetlinkRequestCorrelator.send(channel, request);
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
     * sequence 0. The caller releases it. Fails with {@link dev.netlink.client.NetlinkOverrunException} once
     * after the kernel reported lost messages.
     */
    public Future<NetlinkMessage> receive() {
        Promise<NetlinkMessage> promise = newPromise();
        if (channel.eventLoop().inEventLoop()) {
            receiveQueue.receive(promise);
        } else {
            channel.eventLoop().execute(() -> receiveQueue.receive(promise));
        }
        return promise;
    }

    /**
     * Sends a request whose replies are not wanted (an acknowledged change, or a dump streamed to its consumer)
     * and completes when it ends; any replies are released.
     */
    public Future<Void> execute(NetlinkRequest request) {
        Promise<Void> done = newPromise();
        request(request).addListener((Future<NetlinkReplies> f) -> {
            if (f.isSuccess()) {
                f.getNow().release();
                done.trySuccess(null);
            } else {
                done.tryFailure(f.cause());
            }
        });
        return done;
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

    /** The request correlator, for its counters of forged and late messages. */
    public NetlinkRequestCorrelator correlator() {
        return correlator;
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
        private long timeoutMillis = NetlinkRequestCorrelator.DEFAULT_TIMEOUT_MILLIS;
        private boolean acceptUserSpacePeers;
        private int receiveQueueCapacity = DEFAULT_RECEIVE_QUEUE_CAPACITY;
        private int maxRequestsInFlight = NetlinkRequestCorrelator.DEFAULT_MAX_IN_FLIGHT;
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

        private void rawOption(ChannelOption<?> option, Object value) {
            options.put(option, value);
        }

        /** The default request timeout in milliseconds, 0 for none. */
        public Builder timeoutMillis(long timeoutMillis) {
            this.timeoutMillis = ObjectUtil.checkPositiveOrZero(timeoutMillis, "timeoutMillis");
            return this;
        }

        /**
         * Whether messages from other sockets (port id not 0) are delivered to {@link #receive()} instead of
         * being dropped; they never answer a request. Also stops the channel connecting to the kernel.
         */
        public Builder acceptUserSpacePeers(boolean accept) {
            this.acceptUserSpacePeers = accept;
            return this;
        }

        /**
         * The most requests sent and not yet answered (default
         * {@value NetlinkRequestCorrelator#DEFAULT_MAX_IN_FLIGHT}); more wait their turn. The kernel drops
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

        /** The capacity of the notification queue; reading pauses when it is full. */
        public Builder receiveQueueCapacity(int capacity) {
            this.receiveQueueCapacity = ObjectUtil.checkPositive(capacity, "capacity");
            return this;
        }

        /**
         * Handlers to put after the request correlator and before the notification queue, for example a
         * protocol's codec. Each must be a new instance unless it is {@code @Sharable}.
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
            NetlinkRequestCorrelator correlator = new NetlinkRequestCorrelator(timeoutMillis, acceptUserSpacePeers,
                    maxRequestsInFlight);
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
                            install(ch.pipeline(), correlator, handlers, receiveQueueCapacity);
                        }
                    });
            b.option(NetlinkChannelOption.USER_SPACE_PEERS, acceptUserSpacePeers);
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

    private static final NetlinkMessageDecoder DECODER = new NetlinkMessageDecoder();
}
