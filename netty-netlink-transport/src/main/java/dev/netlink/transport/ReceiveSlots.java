package dev.netlink.transport;

import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The native memory of a {@code recvmmsg}: {@code count} {@code struct mmsghdr}, each with its own sender
 * ({@code sockaddr_nl}), control buffer (for {@code NETLINK_PKTINFO}) and {@code iovec} pair — a receive buffer,
 * then an overflow area of {@link NetlinkIo#OVERFLOW_SIZE} of its own, reserved address space that costs nothing
 * until a datagram bigger than its buffer spills into it. So a datagram is never cut, however many arrive in one
 * call. Used by {@link NetlinkReader} when {@link NetlinkChannelOption#RECEIVE_BATCH} is above 1.
 *
 * <p>Confined to the event loop thread that made it; {@link #close} frees everything.
 */
final class ReceiveSlots implements AutoCloseable {
    private static final long CONTROL_SIZE = 64;
    private static final long SLOT_IOV = 2 * Native.IOVEC_SIZE;

    private final int count;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment capture = arena.allocate(Native.CAPTURE_LAYOUT);
    private final MemorySegment msgvec;
    private final MemorySegment iovs;
    private final MemorySegment senders;
    private final MemorySegment controls;
    private final MemorySegment overflow;
    private boolean closed;
    /** Whether the last {@link #receive} asked for the control messages. */
    private boolean wantedPktinfo;

    ReceiveSlots(int count) throws IOException {
        this.count = count;
        msgvec = arena.allocate(Native.MMSGHDR_SIZE * count, 8);
        iovs = arena.allocate(SLOT_IOV * count, 8);
        senders = arena.allocate(Native.SOCKADDR_NL_SIZE * count, 4);
        controls = arena.allocate(CONTROL_SIZE * count, 8);
        try {
            overflow = Native.mmapReserve(capture, NetlinkIo.OVERFLOW_SIZE * count);
        } catch (IOException e) {
            arena.close();
            throw e;
        }
        for (int k = 0; k < count; k++) {
            long m = Native.MMSGHDR_SIZE * k;
            msgvec.set(ValueLayout.ADDRESS, m + Native.MSG_NAME, senders.asSlice(Native.SOCKADDR_NL_SIZE * k));
            msgvec.set(ValueLayout.ADDRESS, m + Native.MSG_IOV, iovs.asSlice(SLOT_IOV * k));
            msgvec.set(ValueLayout.JAVA_LONG, m + Native.MSG_IOVLEN, 2);
            iovs.set(ValueLayout.JAVA_LONG, SLOT_IOV * k + Native.IOVEC_SIZE, overflow(k).address());
            iovs.set(ValueLayout.JAVA_LONG, SLOT_IOV * k + Native.IOVEC_SIZE + 8, NetlinkIo.OVERFLOW_SIZE);
        }
    }

    /** How many datagrams one call can receive. */
    int count() {
        return count;
    }

    /**
     * Receives up to {@link #count} datagrams ({@code MSG_DONTWAIT | MSG_TRUNC}), datagram {@code k} into
     * {@code dst[k]}'s writable bytes and the rest into slot {@code k}'s overflow area. Returns how many arrived,
     * or {@code -errno} ({@code -EAGAIN} when none is queued, {@code -ENOBUFS} after an overrun; an error after
     * some datagrams is reported by the next call, as {@code recvmmsg} does). Moves no writer index.
     *
     * @param pktinfo whether to ask for the control messages, which only {@code NETLINK_PKTINFO} puts there:
     *                without a control buffer the kernel skips {@code scm_recv}'s work
     */
    int receive(int fd, ByteBuf[] dst, boolean pktinfo) {
        wantedPktinfo = pktinfo;
        long controlsAt = controls.address();
        for (int k = 0; k < count; k++) {
            ByteBuf b = dst[k];
            long m = Native.MMSGHDR_SIZE * k;
            iovs.set(ValueLayout.JAVA_LONG, SLOT_IOV * k, NetlinkIo.address(b, b.writerIndex(), b.writableBytes()));
            iovs.set(ValueLayout.JAVA_LONG, SLOT_IOV * k + 8, b.writableBytes());
            msgvec.set(ValueLayout.JAVA_INT, m + Native.MSG_NAMELEN, (int) Native.SOCKADDR_NL_SIZE);
            msgvec.set(ValueLayout.JAVA_LONG, m + Native.MSG_CONTROL, pktinfo ? controlsAt + CONTROL_SIZE * k : 0);
            msgvec.set(ValueLayout.JAVA_LONG, m + Native.MSG_CONTROLLEN, pktinfo ? CONTROL_SIZE : 0);
            msgvec.set(ValueLayout.JAVA_INT, m + Native.MSG_FLAGS, 0);
        }
        int n;
        do {
            n = Native.recvmmsg(capture, fd, msgvec, count, Native.MSG_DONTWAIT | Native.MSG_TRUNC);
        } while (n == -Native.EINTR);
        return n;
    }

    /** The whole length of datagram {@code k} of the last {@link #receive}. */
    long length(int k) {
        return msgvec.get(ValueLayout.JAVA_INT, Native.MMSGHDR_SIZE * k + Native.MMSG_LEN) & 0xffffffffL;
    }

    /** The sender's {@code nl_pid} of datagram {@code k}. */
    int senderPortId(int k) {
        return senders.get(ValueLayout.JAVA_INT, Native.SOCKADDR_NL_SIZE * k + Native.NL_PID);
    }

    /** The sender's {@code nl_groups} of datagram {@code k}. */
    int senderGroups(int k) {
        return senders.get(ValueLayout.JAVA_INT, Native.SOCKADDR_NL_SIZE * k + Native.NL_GROUPS);
    }

    /** The {@code NETLINK_PKTINFO} group of datagram {@code k}, 0 when not reported or not asked for. */
    int pktinfoGroup(int k) {
        if (!wantedPktinfo) {
            return 0;
        }
        long len = msgvec.get(ValueLayout.JAVA_LONG, Native.MMSGHDR_SIZE * k + Native.MSG_CONTROLLEN);
        return NetlinkIo.pktinfo(controls, CONTROL_SIZE * k, len);
    }

    /** Slot {@code k}'s overflow area. */
    MemorySegment overflow(int k) {
        return overflow.asSlice(NetlinkIo.OVERFLOW_SIZE * k, NetlinkIo.OVERFLOW_SIZE);
    }

    /** Frees the native memory; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Native.munmap(capture, overflow);
        } catch (IOException ignored) {
            // munmap of our own mapping cannot fail; nothing useful to do if it did
        } finally {
            arena.close();
        }
    }
}
