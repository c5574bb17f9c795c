package dev.netlink.transport;

import dev.netlink.codec.NetlinkAddress;
import io.netty.channel.unix.FileDescriptor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;

/**
 * Owns one {@code AF_NETLINK} socket file descriptor: creates it, binds, connects, reads and writes its options,
 * and closes it exactly once. Extends Netty's {@link FileDescriptor} so that the epoll event loop sees the same
 * open/closed state that we do ({@link #isOpen()}).
 *
 * <p>Control calls (everything here) use a short-lived confined arena each and may be made from any thread;
 * the kernel serialises them against the event loop's {@code recvmsg}/{@code sendto}.
 */
final class NetlinkSocketFd extends FileDescriptor {
    private final int protocol;

    private NetlinkSocketFd(int fd, int protocol) {
        super(fd);
        this.protocol = protocol;
    }

    /** Creates a non-blocking, close-on-exec netlink socket in the caller's network namespace. */
    static NetlinkSocketFd open(int protocol) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            return new NetlinkSocketFd(Native.socket(arena.allocate(Native.CAPTURE_LAYOUT), protocol), protocol);
        }
    }

    /** Creates the socket in the network namespace at {@code netnsPath} (see {@link Netns}). */
    static NetlinkSocketFd open(int protocol, String netnsPath) throws IOException {
        return new NetlinkSocketFd(Netns.socketIn(netnsPath, protocol), protocol);
    }

    /** The netlink protocol ({@code NETLINK_ROUTE}, ...) this socket was created for. */
    int protocol() {
        return protocol;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    static MemorySegment sockaddr(Arena arena, int family, int portId, int groups) {
        MemorySegment sa = arena.allocate(Native.SOCKADDR_NL_SIZE, 4);
        sa.set(ValueLayout.JAVA_SHORT, Native.NL_FAMILY, (short) family);
        sa.set(ValueLayout.JAVA_INT, Native.NL_PID, portId);
        sa.set(ValueLayout.JAVA_INT, Native.NL_GROUPS, groups);
        return sa;
    }

    /** {@code bind(2)} to {@code address}; port id 0 lets the kernel choose. */
    void bind(NetlinkAddress address) throws IOException {
        ensureOpen();
        try (Arena arena = Arena.ofConfined()) {
            Native.bind(arena.allocate(Native.CAPTURE_LAYOUT), intValue(),
                    sockaddr(arena, Native.AF_NETLINK, address.portId(), address.groups()));
        }
    }

    /** {@code connect(2)}: only {@code peer} may then send us unicast (the kernel refuses others). */
    void connect(NetlinkAddress peer) throws IOException {
        ensureOpen();
        try (Arena arena = Arena.ofConfined()) {
            Native.connect(arena.allocate(Native.CAPTURE_LAYOUT), intValue(),
                    sockaddr(arena, Native.AF_NETLINK, peer.portId(), peer.groups()));
        }
    }

    /** {@code connect(2)} with {@code AF_UNSPEC}: unicast from any socket is accepted again. */
    void disconnect() throws IOException {
        ensureOpen();
        try (Arena arena = Arena.ofConfined()) {
            Native.connect(arena.allocate(Native.CAPTURE_LAYOUT), intValue(),
                    sockaddr(arena, Native.AF_UNSPEC, 0, 0));
        }
    }

    /** {@code getsockname(2)}: the bound port id (assigned by the kernel if we bound to 0) and groups 1-32. */
    NetlinkAddress localAddress() throws IOException {
        ensureOpen();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = sockaddr(arena, 0, 0, 0);
            MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT, (int) Native.SOCKADDR_NL_SIZE);
            Native.getsockname(arena.allocate(Native.CAPTURE_LAYOUT), intValue(), sa, len);
            return new NetlinkAddress(sa.get(ValueLayout.JAVA_INT, Native.NL_PID),
                    sa.get(ValueLayout.JAVA_INT, Native.NL_GROUPS));
        }
    }

    /** {@code setsockopt(2)} of an {@code int} option. */
    void setInt(int level, int name, int value) throws IOException {
        ensureOpen();
        try (Arena arena = Arena.ofConfined()) {
            Native.setsockopt(arena.allocate(Native.CAPTURE_LAYOUT), intValue(), level, name,
                    arena.allocateFrom(ValueLayout.JAVA_INT, value));
        }
    }

    /**
     * {@code SO_ATTACH_FILTER} of a classic BPF program, each instruction packed as
     * {@link SocketFilter#instruction} makes it; replaces any filter attached before.
     */
    void attachFilter(long[] instructions) throws IOException {
        ensureOpen();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment program = arena.allocate(Native.SOCK_FILTER_SIZE * instructions.length, 8);
            for (int i = 0; i < instructions.length; i++) {
                long in = instructions[i];
                long at = i * Native.SOCK_FILTER_SIZE;
                program.set(ValueLayout.JAVA_SHORT, at, (short) (in >>> 48));
                program.set(ValueLayout.JAVA_BYTE, at + 2, (byte) (in >>> 40));
                program.set(ValueLayout.JAVA_BYTE, at + 3, (byte) (in >>> 32));
                program.set(ValueLayout.JAVA_INT, at + 4, (int) in);
            }
            MemorySegment fprog = arena.allocate(Native.SOCK_FPROG_SIZE, 8);
            fprog.set(ValueLayout.JAVA_SHORT, 0, (short) instructions.length);
            fprog.set(ValueLayout.ADDRESS, Native.SOCK_FPROG_FILTER, program);
            Native.setsockopt(arena.allocate(Native.CAPTURE_LAYOUT), intValue(), Native.SOL_SOCKET,
                    Native.SO_ATTACH_FILTER, fprog);
        } catch (NativeIoException e) {
            throw new NativeIoException("setsockopt", e.errno(), "SO_ATTACH_FILTER (" + instructions.length
                    + " instructions)");
        }
    }

    /** {@code NETLINK_ADD_MEMBERSHIP} or {@code NETLINK_DROP_MEMBERSHIP} of multicast group {@code group}. */
    void membership(boolean join, int group) throws IOException {
        try {
            setInt(Native.SOL_NETLINK, join ? Native.NETLINK_ADD_MEMBERSHIP : Native.NETLINK_DROP_MEMBERSHIP, group);
        } catch (NativeIoException e) {
            throw new NativeIoException("setsockopt", e.errno(),
                    (join ? "NETLINK_ADD_MEMBERSHIP " : "NETLINK_DROP_MEMBERSHIP ") + Integer.toUnsignedString(group));
        }
    }

    /** {@code getsockopt(2)} of an {@code int} option. */
    int getInt(int level, int name) throws IOException {
        ensureOpen();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT, 4);
            Native.getsockopt(arena.allocate(Native.CAPTURE_LAYOUT), intValue(), level, name, value, len);
            return value.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /**
     * {@code NETLINK_LIST_MEMBERSHIPS}: the joined groups in ascending order. The kernel returns a bitmap of u32
     * words and the length it needs; a bigger buffer is tried when that length is more than we offered.
     */
    int[] memberships() throws IOException {
        ensureOpen();
        int words = 8;
        while (true) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment bitmap = arena.allocate(ValueLayout.JAVA_INT, words);
                MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT, words * 4);
                Native.getsockopt(arena.allocate(Native.CAPTURE_LAYOUT), intValue(), Native.SOL_NETLINK,
                        Native.NETLINK_LIST_MEMBERSHIPS, bitmap, len);
                int needed = len.get(ValueLayout.JAVA_INT, 0) / 4;
                if (needed > words) {
                    words = needed;
                    continue;
                }
                int[] groups = new int[32];
                int n = 0;
                for (int w = 0; w < needed; w++) {
                    int bits = bitmap.getAtIndex(ValueLayout.JAVA_INT, w);
                    while (bits != 0) {
                        int bit = Integer.numberOfTrailingZeros(bits);
                        bits &= bits - 1;
                        if (n == groups.length) {
                            groups = Arrays.copyOf(groups, n * 2);
                        }
                        groups[n++] = w * 32 + bit + 1;
                    }
                }
                return Arrays.copyOf(groups, n);
            }
        }
    }

    /** {@code SO_ERROR}: returns and clears the socket's pending error (e.g. {@code ENOBUFS}), 0 if none. */
    int takeError() throws IOException {
        return getInt(Native.SOL_SOCKET, Native.SO_ERROR);
    }

    /** Closes the fd the first time it is called; later calls do nothing. */
    @Override
    public void close() throws IOException {
        if (markClosed()) {
            try (Arena arena = Arena.ofConfined()) {
                Native.close(arena.allocate(Native.CAPTURE_LAYOUT), intValue());
            }
        }
    }

    @Override
    public String toString() {
        return "NetlinkSocketFd(" + intValue() + ", protocol " + protocol + (isOpen() ? ")" : ", closed)");
    }
}
