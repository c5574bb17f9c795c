package dev.netlink.transport;

import dev.netlink.codec.LoopTermination;
import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkDatagram;
import dev.netlink.codec.NetlinkOverrunEvent;
import dev.netlink.codec.NetlinkProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelId;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;

/**
 * A Netty {@link io.netty.channel.Channel} over an {@code AF_NETLINK} socket ({@code socket(AF_NETLINK,
 * SOCK_RAW, protocol)}), driven by Netty 4.2's epoll event loop through its public {@link EpollIoHandle} API, so
 * it shares a {@code MultiThreadIoEventLoopGroup(EpollIoHandler.newFactory())} with Netty's own epoll channels.
 * The libc calls go through {@code java.lang.foreign}: run with {@code --enable-native-access=ALL-UNNAMED}.
 *
 * <p><b>Lifecycle.</b> {@code bind(NetlinkAddress.ANY)} lets the kernel assign the port id
 * ({@link #localAddress()}, {@link #portId()}); the channel is active once bound. Unless
 * {@link NetlinkChannelOption#USER_SPACE_PEERS} is set, binding also {@code connect()}s the socket to the kernel
 * (port 0), so the kernel refuses unicast from other sockets, and the read loop drops any datagram whose sender
 * is not the kernel. {@code connect(peer)} talks to one user-space peer instead, and accepts only it.
 *
 * <p><b>Reads.</b> Up to {@code maxMessagesPerRead} datagrams per wake-up, each {@code recvmsg}'d into a pooled
 * direct buffer of {@link NetlinkChannelOption#RECEIVE_BUFFER_SIZE} bytes and fired as a {@link NetlinkDatagram}
 * (sender's address; multicast group, from {@code NETLINK_PKTINFO} when enabled); the handler that consumes it
 * releases it. A bigger datagram is read whole (see {@link NetlinkIo}); one beyond even that is reported as a
 * {@link DatagramTruncatedException}. {@code ENOBUFS} fires {@link NetlinkOverrunEvent#KERNEL} as a user event
 * and reading goes on. {@code autoRead(false)} removes read interest, so the kernel pauses a dump. While an
 * event-driven conversation with the kernel lasts, the channel reads its answers after its own sends, with the
 * socket out of the epoll set, and puts it back when the conversation ends
 * ({@link NetlinkChannelOption#READ_AFTER_SEND}, {@link #conversations()}).
 *
 * <p><b>Writes.</b> A {@link ByteBuf} is one datagram to the kernel (or to the connected peer); a
 * {@link NetlinkDatagram} goes to its recipient. A full receiving queue ({@code EAGAIN}) is retried on a timer,
 * since epoll cannot signal it (see {@link NetlinkWriter}); the messages stay queued and count against the
 * write-buffer water marks. A send failing otherwise (e.g. {@code ECONNREFUSED}: no such port id) fails that write
 * only.
 *
 * <p>Thread-safe as every Netty channel: I/O runs on its event loop; public methods may be called from any thread.
 */
public final class NetlinkChannel extends AbstractChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);

    private final NetlinkSocketFd fd;
    private final Memberships memberships;
    private final String netns;
    private final NetlinkChannelConfig config;
    private final NetlinkReader reader = new NetlinkReader(this);
    private final NetlinkWriter writer = new NetlinkWriter(() -> ((NetlinkUnsafe) unsafe()).forceFlush());
    private final EpollRegistration epoll = new EpollRegistration((NetlinkUnsafe) unsafe());
    private final ConversationReads conversation = new ConversationReads(epoll, new ConversationSocket());

    private volatile NetlinkAddress local;
    /** The connected peer: the kernel unless {@code USER_SPACE_PEERS}, or a peer given to {@code connect}. */
    private volatile NetlinkAddress remote;
    private volatile boolean active;

    // event-loop confined
    private NetlinkIo io;
    /** A {@code read()} is waiting for a datagram; set on the event loop, cleared by {@link NetlinkReader}. */
    boolean readPending;
    /** Forgets the clean-up registered with the event loop's termination (see {@link LoopTermination}). */
    private Runnable forgetLoopTermination = () -> { };

    /** A channel over a new netlink socket of {@code protocol} (e.g. {@link NetlinkProtocol#NETLINK_ROUTE}). */
    public NetlinkChannel(int protocol) {
        this(protocol, null);
    }

    /**
     * A channel over a new netlink socket of {@code protocol} created in the network namespace at
     * {@code netnsPath} ({@code /var/run/netns/NAME}, {@code /proc/PID/ns/net}), or in the caller's when
     * {@code null}. The socket stays in that namespace; the calling thread's namespace is not changed.
     *
     * @throws ChannelException when the socket cannot be created (the message names the call and errno)
     */
    public NetlinkChannel(int protocol, String netnsPath) {
        super(null);
        this.netns = netnsPath;
        try {
            fd = netnsPath == null ? NetlinkSocketFd.open(protocol) : NetlinkSocketFd.open(protocol, netnsPath);
        } catch (IOException e) {
            throw new ChannelException("cannot open a " + NetlinkProtocol.toString(protocol) + " socket"
                    + (netnsPath == null ? "" : " in " + netnsPath) + ": " + e.getMessage(), e);
        }
        memberships = new Memberships(fd);
        config = new NetlinkChannelConfig(this, fd);
        try {
            config.setNetlinkFlag(NetlinkChannelOption.NETLINK_EXT_ACK, true);
            config.setNetlinkFlag(NetlinkChannelOption.NETLINK_GET_STRICT_CHK, true);
        } catch (IOException e) {
            try {
                fd.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new ChannelException("cannot enable extended ack and strict checking: " + e.getMessage(), e);
        }
    }

    /** The netlink protocol this channel's socket speaks. */
    public int protocol() {
        return fd.protocol();
    }

    /** The network namespace file the socket was made in, or {@code null} for the creating thread's own. */
    public String netns() {
        return netns;
    }

    @Override
    public NetlinkChannelConfig config() {
        return config;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    public boolean isOpen() {
        return fd.isOpen();
    }

    @Override
    public boolean isActive() {
        return active && fd.isOpen();
    }

    /** The bound address ({@code getsockname}): the port id the kernel assigned; {@code null} before bind. */
    @Override
    public NetlinkAddress localAddress() {
        return local;
    }

    /** The connected peer: {@link NetlinkAddress#KERNEL} for a kernel-only channel; {@code null} if none. */
    @Override
    public NetlinkAddress remoteAddress() {
        return remote;
    }

    /** The socket's port id ({@code nl_pid} from {@code getsockname}), 0 before bind. */
    public int portId() {
        NetlinkAddress a = local;
        return a == null ? 0 : a.portId();
    }

    /**
     * Joins multicast group {@code group} ({@code NETLINK_ADD_MEMBERSHIP}; any group number, also above 32).
     * Runs on the event loop when registered; the future fails with a {@link NativeIoException} for an unknown
     * group or missing permission. A group joined before {@code bind} stays joined: the bind joins it again,
     * since the kernel's bind resets groups 1 to 32 to the address's {@code nl_groups}.
     */
    public ChannelFuture joinGroup(int group) {
        return membership(true, group);
    }

    /** Leaves multicast group {@code group} ({@code NETLINK_DROP_MEMBERSHIP}). */
    public ChannelFuture leaveGroup(int group) {
        return membership(false, group);
    }

    private ChannelFuture membership(boolean join, int group) {
        if (group <= 0) {
            throw new IllegalArgumentException("multicast groups are numbered from 1: " + group);
        }
        return onSocket(() -> memberships.change(join, group, local != null));
    }

    /**
     * Attaches {@code filter} to the socket ({@code SO_ATTACH_FILTER}), replacing any attached before: from now on
     * the kernel queues only the datagrams the program accepts. Fails with a {@link NativeIoException} when the
     * kernel refuses the program ({@code EINVAL}) or the filter is locked ({@code EPERM}).
     */
    public ChannelFuture attachFilter(SocketFilter filter) {
        long[] program = SocketFilter.checkNotNull(filter).instructions();
        return onSocket(() -> fd.attachFilter(program));
    }

    /** Removes the socket's filter ({@code SO_DETACH_FILTER}); fails with {@code ENOENT} when there is none. */
    public ChannelFuture detachFilter() {
        return onSocket(() -> fd.setInt(Native.SOL_SOCKET, Native.SO_DETACH_FILTER, 0));
    }

    /**
     * Locks the socket's filter ({@code SO_LOCK_FILTER}): it can no longer be detached or replaced, not even by
     * this process, for the life of the socket.
     */
    public ChannelFuture lockFilter() {
        return onSocket(() -> fd.setInt(Native.SOL_SOCKET, Native.SO_LOCK_FILTER, 1));
    }

    @FunctionalInterface
    private interface SocketCall {
        void run() throws IOException;
    }

    /** Runs {@code call} on the event loop once registered (at once before), completing the future with it. */
    private ChannelFuture onSocket(SocketCall call) {
        ChannelPromise promise = isRegistered() ? newPromise() : new DefaultChannelPromise(this,
                GlobalEventExecutor.INSTANCE);
        Runnable task = () -> {
            try {
                call.run();
                promise.setSuccess();
            } catch (IOException e) {
                promise.setFailure(e);
            }
        };
        if (isRegistered()) {
            eventLoop().execute(task);
        } else {
            task.run();
        }
        return promise;
    }

    /**
     * Datagrams this channel dropped because another socket sent them while {@code USER_SPACE_PEERS} is off:
     * multicast forged by a local process (unicast forgeries the kernel already refuses, as the channel is
     * connected to port 0). Readable from any thread.
     */
    public long foreignDatagrams() {
        return reader.foreignDropped();
    }

    /**
     * Times the kernel reported that the socket's receive queue overflowed ({@code ENOBUFS}), each fired as
     * {@link NetlinkOverrunEvent#KERNEL}. Readable from any thread.
     */
    public long overruns() {
        return reader.overruns();
    }

    /**
     * Conversations with the kernel this channel read with its socket out of the epoll set, reading its answers
     * right after its sends ({@link NetlinkChannelOption#READ_AFTER_SEND}). Readable from any thread.
     */
    public long conversations() {
        return conversation.conversations();
    }

    /** Whether a conversation reads without epoll now. Event loop only; for tests. */
    boolean readingAfterSend() {
        return conversation.quiet();
    }

    /** The joined multicast groups in ascending order ({@code NETLINK_LIST_MEMBERSHIPS}), read live. */
    public int[] groups() {
        try {
            return fd.memberships();
        } catch (IOException e) {
            throw new ChannelException("getsockopt NETLINK_LIST_MEMBERSHIPS: " + e.getMessage(), e);
        }
    }

    /**
     * A process-unique id. Netty's {@code DefaultChannelId} would first derive a machine id from the network
     * interfaces' hardware addresses: slow, and in a namespace with only {@code lo} it logs a warning.
     */
    @Override
    protected ChannelId newId() {
        return new NetlinkChannelId();
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new NetlinkUnsafe();
    }

    /**
     * Accepts any event loop so that {@link #doRegister(ChannelPromise)} can refuse an incompatible one with a
     * message that says what to use; Netty's own check would only name the loop's class.
     */
    @Override
    protected boolean isCompatible(EventLoop loop) {
        return true;
    }

    /** Whether {@code loop} can drive this channel: an {@link IoEventLoop} whose handler takes epoll handles. */
    static boolean isEpollLoop(EventLoop loop) {
        return loop instanceof IoEventLoop ioLoop && ioLoop.isCompatible(NetlinkUnsafe.class);
    }

    @Override
    protected void doRegister(ChannelPromise promise) {
        if (!isEpollLoop(eventLoop())) {
            promise.setFailure(new IllegalStateException("NetlinkChannel needs an epoll event loop, not "
                    + eventLoop().getClass().getName() + ": use new MultiThreadIoEventLoopGroup("
                    + EpollIoHandler.class.getSimpleName() + ".newFactory())"));
            return;
        }
        try {
            io = new NetlinkIo();
        } catch (IOException e) {
            promise.setFailure(e);
            return;
        }
        ((IoEventLoop) eventLoop()).register((NetlinkUnsafe) unsafe()).addListener(f -> {
            if (f.isSuccess()) {
                epoll.registered((IoRegistration) f.getNow());
                // An event loop that terminates without having closed the channel (seen with Netty 4.2.18's
                // shutdownGracefully(0, ...)) must not leak the socket: close it once the loop thread is gone.
                forgetLoopTermination = LoopTermination.whenTerminatedFirst(this, eventLoop(),
                        this::closeAfterLoopTerminated);
                promise.setSuccess();
            } else {
                releaseIo();
                promise.setFailure(f.cause());
            }
        });
    }

    /** Runs once the event loop has terminated: nothing else can touch the channel, so closing here is safe. */
    private void closeAfterLoopTerminated() {
        reader.releaseBuffer(); // the loop is gone: nothing else touches the reader now
        if (fd.isOpen()) {
            try {
                fd.close();
            } catch (IOException e) {
                // Nothing to tell: the loop that could report it is gone, and the fd is released either way.
            }
            // The native I/O memory belongs to the dead loop thread's confined arena and goes with the process.
        }
    }

    @Override
    protected void doDeregister() {
        forgetLoopTermination.run(); // a channel that moves to another loop must not be closed by this one's end
        forgetLoopTermination = () -> { };
        epoll.cancel();
        conversation.reset(); // a read task still queued finds it so and does nothing
        writer.reset();
        releaseIo();
    }

    private void releaseIo() {
        reader.releaseBuffer();
        NetlinkIo i = io;
        if (i != null) {
            io = null;
            i.close();
        }
    }

    /** Asks epoll for {@code EPOLLIN} or not. */
    private void readInterest(boolean on) {
        try {
            epoll.reading(on);
        } catch (UncheckedIOException e) {
            epollFailed(e);
        }
    }

    /** {@code epoll_ctl} failed: something is badly wrong with the fd or epoll; report it and give up. */
    private void epollFailed(Exception e) {
        pipeline().fireExceptionCaught(e);
        unsafe().close(unsafe().voidPromise());
    }

    /** Stops reading until {@code read()}: called when {@code autoRead} is turned off. */
    void clearReadInterest() {
        if (!isRegistered()) {
            return;
        }
        if (eventLoop().inEventLoop()) {
            clearReadInterest0();
        } else {
            eventLoop().execute(() -> {
                if (!readPending && !config.isAutoRead()) {
                    clearReadInterest0();
                }
            });
        }
    }

    void clearReadInterest0() {
        readPending = false;
        if (isOpen()) {
            readInterest(false);
        }
    }

    @Override
    protected void doBeginRead() {
        readPending = true;
        readInterest(true);
    }

    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        bindSocket(toNetlinkAddress(localAddress));
        if (!config.isUserSpacePeers()) {
            fd.connect(NetlinkAddress.KERNEL);
            remote = NetlinkAddress.KERNEL;
        }
        active = true;
        // The first receive buffer is taken now, so that the first answer does not wait for what an allocator
        // does once (Netty's adaptive allocator makes its first chunk and registers its JFR events: ~40 ms).
        reader.prepareBuffer(config.getAllocator(), config.getReceiveBufferSize());
    }

    /** Binds the socket to {@code address}, joins again the groups joined before, and learns its port id. */
    private void bindSocket(NetlinkAddress address) throws IOException {
        fd.bind(address);
        memberships.rejoinAfterBind();
        local = fd.localAddress();
    }

    /** Applies {@link NetlinkChannelOption#USER_SPACE_PEERS} to a bound socket. */
    void peerPolicyChanged(boolean userSpacePeers) throws IOException {
        if (local == null || !fd.isOpen()) {
            return;
        }
        if (userSpacePeers && NetlinkAddress.KERNEL.equals(remote)) {
            fd.disconnect();
            remote = null;
        } else if (!userSpacePeers && remote == null) {
            fd.connect(NetlinkAddress.KERNEL);
            remote = NetlinkAddress.KERNEL;
        }
    }

    private static NetlinkAddress toNetlinkAddress(SocketAddress address) {
        if (address instanceof NetlinkAddress a) {
            return a;
        }
        throw new IllegalArgumentException("not a NetlinkAddress: " + address);
    }

    @Override
    protected void doDisconnect() throws Exception {
        doClose();
    }

    @Override
    protected void doClose() throws Exception {
        active = false;
        try {
            if (epoll.isRegistered()) {
                EventLoop loop = eventLoop();
                if (loop.inEventLoop()) {
                    doDeregister(); // epoll_ctl(DEL) while the fd is still open
                } else {
                    loop.execute(this::doDeregister);
                }
            }
        } finally {
            fd.close();
        }
    }

    @Override
    protected SocketAddress localAddress0() {
        return local;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remote;
    }

    @Override
    protected Object filterOutboundMessage(Object msg) {
        return NetlinkWriter.filter(msg, alloc());
    }

    @Override
    protected void doWrite(ChannelOutboundBuffer in) {
        if (io == null) {
            return; // deregistered: the messages wait for the next registration
        }
        if (writer.write(in, io, fd.intValue(), remote, maxMessagesPerWrite(), eventLoop()) > 0) {
            conversation.sent(reader.reading());
        }
    }

    /** What a {@link ConversationReads} needs of this channel. */
    private final class ConversationSocket implements ConversationReads.Socket {
        @Override
        public EventLoop eventLoop() {
            return NetlinkChannel.this.eventLoop();
        }

        @Override
        public boolean canRead() {
            return isOpen() && io != null;
        }

        @Override
        public void read() {
            ((NetlinkUnsafe) unsafe()).readReady();
        }

        @Override
        public void close() {
            ((NetlinkUnsafe) unsafe()).close();
        }

        @Override
        public void epollFailed(Exception e) {
            NetlinkChannel.this.epollFailed(e);
        }
    }

    /** The channel's unsafe, also the handle that the epoll event loop notifies of readiness. */
    private final class NetlinkUnsafe extends AbstractUnsafe implements EpollIoHandle {
        @Override
        public FileDescriptor fd() {
            return fd;
        }

        @Override
        public void close() {
            close(voidPromise());
        }

        @Override
        protected void flush0() {
            if (!writer.retryPending()) {
                super.flush0();
            }
        }

        void forceFlush() {
            super.flush0();
        }

        @Override
        public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
            if (!promise.setUncancellable() || !ensureOpen(promise)) {
                return;
            }
            try {
                boolean wasActive = isActive();
                NetlinkAddress peer = toNetlinkAddress(remoteAddress);
                if (local == null) {
                    bindSocket(localAddress == null ? NetlinkAddress.ANY : toNetlinkAddress(localAddress));
                }
                fd.connect(peer);
                remote = peer;
                active = true;
                promise.setSuccess();
                if (!wasActive) {
                    pipeline().fireChannelActive();
                }
            } catch (Throwable t) {
                promise.tryFailure(annotateConnectException(t, remoteAddress));
                closeIfClosed();
            }
        }

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            int ready = ((EpollIoEvent) event).ops().value();
            if ((ready & (EpollIoOps.EPOLLIN.value() | EpollIoOps.EPOLLERR.value())) != 0 && isOpen()) {
                if (epoll.reading()) {
                    readReady();
                } else {
                    takeSocketError();
                }
            }
        }

        /** Not reading, but the socket reports an error (an overrun): consume it so epoll stops waking us. */
        private void takeSocketError() {
            try {
                int err = fd.takeError();
                if (err == Native.ENOBUFS) {
                    reader.overrun();
                } else if (err != 0) {
                    pipeline().fireExceptionCaught(new NativeIoException("getsockopt", err, "SO_ERROR"));
                }
            } catch (IOException | UncheckedIOException e) {
                pipeline().fireExceptionCaught(e);
            }
        }

        void readReady() {
            boolean drained = reader.read(io, fd.intValue(),
                    (RecvByteBufAllocator.ExtendedHandle) recvBufAllocHandle());
            if (!readPending && !config.isAutoRead()) {
                clearReadInterest0();
            }
            if (isOpen() && io != null) {
                conversation.readEnded(drained, config.isReadAfterSend());
            }
        }
    }
}
