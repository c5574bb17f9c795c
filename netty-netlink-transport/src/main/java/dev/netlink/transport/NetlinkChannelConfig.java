package dev.netlink.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.MessageSizeEstimator;
import io.netty.util.internal.ObjectUtil;

import java.io.IOException;
import java.util.Map;

/**
 * The configuration of a {@link NetlinkChannel}: Netty's channel settings plus the netlink socket options of
 * {@link NetlinkChannelOption} and {@link ChannelOption#SO_RCVBUF}/{@link ChannelOption#SO_SNDBUF}. Socket
 * options are read from and written to the live socket ({@code getsockopt}/{@code setsockopt}); a failing call
 * is a {@link ChannelException} naming the option and {@code errno}. Thread-safe.
 *
 * <p>{@code maxMessagesPerRead} (default 16) bounds the datagrams read per wake-up; the buffer each is read into
 * is {@link NetlinkChannelOption#RECEIVE_BUFFER_SIZE} bytes, whatever the {@code RecvByteBufAllocator} guesses.
 * Pending outbound bytes count a {@code NetlinkDatagram}'s content, so write-buffer water marks work for both
 * message types.
 */
public final class NetlinkChannelConfig extends DefaultChannelConfig {
    /** Default {@link NetlinkChannelOption#RECEIVE_BUFFER_SIZE}: the kernel's dump datagram size cap. */
    public static final int DEFAULT_RECEIVE_BUFFER_SIZE = 32768;
    /** The largest {@link NetlinkChannelOption#RECEIVE_BATCH}. */
    public static final int MAX_RECEIVE_BATCH = 256;

    private static final MessageSizeEstimator SIZE_ESTIMATOR = () -> msg -> {
        if (msg instanceof ByteBuf buf) {
            return buf.readableBytes();
        }
        if (msg instanceof AddressedEnvelope<?, ?> envelope && envelope.content() instanceof ByteBuf buf) {
            return buf.readableBytes();
        }
        return 0;
    };

    private final NetlinkChannel channel;
    private final NetlinkSocketFd fd;
    private volatile int receiveBufferSize = DEFAULT_RECEIVE_BUFFER_SIZE;
    private volatile int receiveBatch = 1;
    private volatile boolean userSpacePeers;
    private volatile boolean readAfterSend = true;
    private volatile boolean pktinfo;
    private volatile boolean listenAllNsid;

    NetlinkChannelConfig(NetlinkChannel channel, NetlinkSocketFd fd) {
        super(channel);
        this.channel = channel;
        this.fd = fd;
        setMessageSizeEstimator(SIZE_ESTIMATOR);
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(),
                NetlinkChannelOption.NETLINK_EXT_ACK, NetlinkChannelOption.NETLINK_CAP_ACK,
                NetlinkChannelOption.NETLINK_GET_STRICT_CHK, NetlinkChannelOption.NETLINK_NO_ENOBUFS,
                NetlinkChannelOption.NETLINK_LISTEN_ALL_NSID, NetlinkChannelOption.NETLINK_BROADCAST_ERROR,
                NetlinkChannelOption.NETLINK_PKTINFO, NetlinkChannelOption.SO_RCVBUFFORCE,
                NetlinkChannelOption.RECEIVE_BUFFER_SIZE, NetlinkChannelOption.RECEIVE_BATCH,
                NetlinkChannelOption.USER_SPACE_PEERS, NetlinkChannelOption.READ_AFTER_SEND, ChannelOption.SO_RCVBUF,
                ChannelOption.SO_SNDBUF);
    }

    /** Returns the {@code SOL_NETLINK} option number of a boolean netlink option, or -1. */
    private static int netlinkFlag(ChannelOption<?> option) {
        if (option == NetlinkChannelOption.NETLINK_EXT_ACK) {
            return Native.NETLINK_EXT_ACK;
        } else if (option == NetlinkChannelOption.NETLINK_CAP_ACK) {
            return Native.NETLINK_CAP_ACK;
        } else if (option == NetlinkChannelOption.NETLINK_GET_STRICT_CHK) {
            return Native.NETLINK_GET_STRICT_CHK;
        } else if (option == NetlinkChannelOption.NETLINK_NO_ENOBUFS) {
            return Native.NETLINK_NO_ENOBUFS;
        } else if (option == NetlinkChannelOption.NETLINK_LISTEN_ALL_NSID) {
            return Native.NETLINK_LISTEN_ALL_NSID;
        } else if (option == NetlinkChannelOption.NETLINK_BROADCAST_ERROR) {
            return Native.NETLINK_BROADCAST_ERROR;
        } else if (option == NetlinkChannelOption.NETLINK_PKTINFO) {
            return Native.NETLINK_PKTINFO;
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    @Override
    public <T> T getOption(ChannelOption<T> option) {
        int flag = netlinkFlag(option);
        if (flag == Native.NETLINK_LISTEN_ALL_NSID) {
            return (T) Boolean.valueOf(listenAllNsid);
        }
        if (flag >= 0) {
            return (T) Boolean.valueOf(getSocketOption(option, Native.SOL_NETLINK, flag) != 0);
        }
        if (option == ChannelOption.SO_RCVBUF || option == NetlinkChannelOption.SO_RCVBUFFORCE) {
            return (T) Integer.valueOf(getSocketOption(option, Native.SOL_SOCKET, Native.SO_RCVBUF));
        }
        if (option == ChannelOption.SO_SNDBUF) {
            return (T) Integer.valueOf(getSocketOption(option, Native.SOL_SOCKET, Native.SO_SNDBUF));
        }
        if (option == NetlinkChannelOption.RECEIVE_BUFFER_SIZE) {
            return (T) Integer.valueOf(receiveBufferSize);
        }
        if (option == NetlinkChannelOption.RECEIVE_BATCH) {
            return (T) Integer.valueOf(receiveBatch);
        }
        if (option == NetlinkChannelOption.USER_SPACE_PEERS) {
            return (T) Boolean.valueOf(userSpacePeers);
        }
        if (option == NetlinkChannelOption.READ_AFTER_SEND) {
            return (T) Boolean.valueOf(readAfterSend);
        }
        return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        validate(option, value);
        int flag = netlinkFlag(option);
        if (flag >= 0) {
            boolean on = (Boolean) value;
            setSocketOption(option, Native.SOL_NETLINK, flag, on ? 1 : 0);
            if (flag == Native.NETLINK_LISTEN_ALL_NSID) {
                listenAllNsid = on;
            } else if (flag == Native.NETLINK_PKTINFO) {
                pktinfo = on;
            }
        } else if (option == ChannelOption.SO_RCVBUF) {
            setSocketOption(option, Native.SOL_SOCKET, Native.SO_RCVBUF, (Integer) value);
        } else if (option == NetlinkChannelOption.SO_RCVBUFFORCE) {
            setSocketOption(option, Native.SOL_SOCKET, Native.SO_RCVBUFFORCE, (Integer) value);
        } else if (option == ChannelOption.SO_SNDBUF) {
            setSocketOption(option, Native.SOL_SOCKET, Native.SO_SNDBUF, (Integer) value);
        } else if (option == NetlinkChannelOption.RECEIVE_BUFFER_SIZE) {
            setReceiveBufferSize((Integer) value);
        } else if (option == NetlinkChannelOption.RECEIVE_BATCH) {
            setReceiveBatch((Integer) value);
        } else if (option == NetlinkChannelOption.USER_SPACE_PEERS) {
            setUserSpacePeers((Boolean) value);
        } else if (option == NetlinkChannelOption.READ_AFTER_SEND) {
            setReadAfterSend((Boolean) value);
        } else {
            return super.setOption(option, value);
        }
        return true;
    }

    private int getSocketOption(ChannelOption<?> option, int level, int name) {
        try {
            return fd.getInt(level, name);
        } catch (IOException e) {
            throw new ChannelException("getsockopt " + option.name() + ": " + e.getMessage(), e);
        }
    }

    private void setSocketOption(ChannelOption<?> option, int level, int name, int value) {
        try {
            fd.setInt(level, name, value);
        } catch (IOException e) {
            throw new ChannelException("setsockopt " + option.name() + "=" + value + ": " + e.getMessage(), e);
        }
    }

    /** {@link NetlinkChannelOption#RECEIVE_BUFFER_SIZE}: the bytes of the buffer each datagram is read into. */
    public int getReceiveBufferSize() {
        return receiveBufferSize;
    }

    /** Sets {@link NetlinkChannelOption#RECEIVE_BUFFER_SIZE}; at least 1024 bytes. */
    public NetlinkChannelConfig setReceiveBufferSize(int bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("RECEIVE_BUFFER_SIZE must be at least 1024 bytes: " + bytes);
        }
        this.receiveBufferSize = bytes;
        return this;
    }

    /** {@link NetlinkChannelOption#RECEIVE_BATCH}: the most datagrams one system call reads. */
    public int getReceiveBatch() {
        return receiveBatch;
    }

    /** Sets {@link NetlinkChannelOption#RECEIVE_BATCH}; 1 to {@value #MAX_RECEIVE_BATCH}. */
    public NetlinkChannelConfig setReceiveBatch(int datagrams) {
        if (datagrams < 1 || datagrams > MAX_RECEIVE_BATCH) {
            throw new IllegalArgumentException("RECEIVE_BATCH must be 1 to " + MAX_RECEIVE_BATCH + ": " + datagrams);
        }
        this.receiveBatch = datagrams;
        return this;
    }

    /** {@link NetlinkChannelOption#USER_SPACE_PEERS}: whether datagrams from user-space sockets are accepted. */
    public boolean isUserSpacePeers() {
        return userSpacePeers;
    }

    /**
     * Sets {@link NetlinkChannelOption#USER_SPACE_PEERS}. On a bound channel this takes effect at once:
     * {@code connect()} to the kernel when turned off, {@code connect(AF_UNSPEC)} when turned on.
     */
    public NetlinkChannelConfig setUserSpacePeers(boolean on) {
        this.userSpacePeers = on;
        try {
            channel.peerPolicyChanged(on);
        } catch (IOException e) {
            throw new ChannelException("USER_SPACE_PEERS=" + on + ": " + e.getMessage(), e);
        }
        return this;
    }

    /** Whether {@link NetlinkChannelOption#NETLINK_PKTINFO} was turned on through this config. */
    boolean isPktinfo() {
        return pktinfo;
    }

    /** {@link NetlinkChannelOption#READ_AFTER_SEND}: whether a conversation reads its answers without epoll. */
    public boolean isReadAfterSend() {
        return readAfterSend;
    }

    /** Sets {@link NetlinkChannelOption#READ_AFTER_SEND}; off takes effect at the channel's next read. */
    public NetlinkChannelConfig setReadAfterSend(boolean on) {
        this.readAfterSend = on;
        return this;
    }

    /** Sets a boolean {@code SOL_NETLINK} option on the socket; used for the defaults at creation. */
    void setNetlinkFlag(ChannelOption<Boolean> option, boolean on) throws IOException {
        fd.setInt(Native.SOL_NETLINK, netlinkFlag(ObjectUtil.checkNotNull(option, "option")), on ? 1 : 0);
    }

    @Override
    protected void autoReadCleared() {
        channel.clearReadInterest();
    }
}
