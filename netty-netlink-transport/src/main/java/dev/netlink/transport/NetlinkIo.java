package dev.netlink.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The hot path of a netlink channel: {@code recvmsg} straight into a pooled direct {@link ByteBuf} and
 * {@code sendto} straight from one, with no allocation per call. Owns the native memory it reuses: the
 * {@code struct msghdr}, two {@code struct iovec}s, the peer {@code struct sockaddr_nl}s, the control
 * (cmsg) buffer for {@code NETLINK_PKTINFO}, the {@code errno} capture, and an overflow area.
 *
 * <p><b>Sizing and truncation.</b> Every {@code recvmsg} scatters into {@code iov[0]} = the pooled buffer's
 * writable bytes and {@code iov[1]} = an overflow area of {@link #OVERFLOW_SIZE} bytes reserved with
 * {@code mmap(MAP_NORESERVE)} (it costs no memory until a datagram is big enough to reach it). A datagram that
 * fits the buffer — every one in the normal case — costs one syscall and no copy. A bigger one is still read
 * whole by that same syscall; {@link #whole} then copies it into a buffer of its exact size. Only a datagram
 * larger than both ({@code MSG_TRUNC} says how large) is lost, and that is reported with its size
 * ({@link DatagramTruncatedException}), never silent. Because the kernel sizes dump datagrams by the largest
 * {@code recvmsg} length it has seen (capped near 32 KiB), the total iovec length also makes every dump use
 * full-size datagrams from the first read on.
 *
 * <p>Confined to the event loop thread that created it (its arena is confined); {@link #close()} there.
 */
final class NetlinkIo implements AutoCloseable {
    /** Room beyond the receive buffer for a rare datagram that exceeds it; address space only until touched. */
    static final long OVERFLOW_SIZE = 8L << 20;
    private static final long CONTROL_SIZE = 64;

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment capture = arena.allocate(Native.CAPTURE_LAYOUT);
    private final MemorySegment msghdr = arena.allocate(Native.MSGHDR_SIZE, 8);
    private final MemorySegment iov = arena.allocate(Native.IOVEC_SIZE * 2, 8);
    private final MemorySegment sender = arena.allocate(Native.SOCKADDR_NL_SIZE, 4);
    private final MemorySegment recipient = arena.allocate(Native.SOCKADDR_NL_SIZE, 4);
    private final MemorySegment control = arena.allocate(CONTROL_SIZE, 8);
    private final MemorySegment overflow;
    private ReceiveSlots slots;
    private boolean closed;

    /** Sender of the last datagram received: {@code nl_pid}. */
    int senderPortId;
    /** Sender of the last datagram received: {@code nl_groups} (the group's bit for a multicast below 33). */
    int senderGroups;
    /** {@code struct nl_pktinfo.group} of the last datagram, 0 when not reported. */
    int pktinfoGroup;

    NetlinkIo() throws IOException {
        try {
            overflow = Native.mmapReserve(capture, OVERFLOW_SIZE);
        } catch (IOException e) {
            arena.close();
            throw e;
        }
        msghdr.set(ValueLayout.ADDRESS, Native.MSG_NAME, sender);
        msghdr.set(ValueLayout.ADDRESS, Native.MSG_IOV, iov);
        msghdr.set(ValueLayout.JAVA_LONG, Native.MSG_IOVLEN, 2);
        msghdr.set(ValueLayout.ADDRESS, Native.MSG_CONTROL, control);
        iov.set(ValueLayout.JAVA_LONG, Native.IOVEC_SIZE, overflow.address());
        iov.set(ValueLayout.JAVA_LONG, Native.IOVEC_SIZE + 8, OVERFLOW_SIZE);
        recipient.set(ValueLayout.JAVA_SHORT, Native.NL_FAMILY, (short) Native.AF_NETLINK);
    }

    static long address(ByteBuf buf, int index, int length) {
        if (buf.hasMemoryAddress()) {
            return buf.memoryAddress() + index;
        }
        return MemorySegment.ofBuffer(buf.internalNioBuffer(index, length)).address();
    }

    /**
     * Receives one datagram ({@code MSG_DONTWAIT | MSG_TRUNC}) into {@code dst}'s writable bytes, the rest into
     * the overflow area, and records its sender. Returns the datagram's whole length, which exceeds
     * {@code dst.writableBytes()} when part of it is in the overflow area (then call {@link #whole}); or
     * {@code -errno}, e.g. {@code -EAGAIN} when nothing is queued, {@code -ENOBUFS} after an overrun.
     * Does not move {@code dst}'s writer index.
     *
     * @param pktinfo whether to ask for the control messages, which only {@code NETLINK_PKTINFO} puts there: without
     *                a control buffer the kernel skips {@code scm_recv}'s work
     */
    long receive(int fd, ByteBuf dst, boolean pktinfo) {
        int writable = dst.writableBytes();
        iov.set(ValueLayout.JAVA_LONG, 0, address(dst, dst.writerIndex(), writable));
        iov.set(ValueLayout.JAVA_LONG, 8, writable);
        msghdr.set(ValueLayout.JAVA_INT, Native.MSG_NAMELEN, (int) Native.SOCKADDR_NL_SIZE);
        msghdr.set(ValueLayout.JAVA_LONG, Native.MSG_CONTROL, pktinfo ? control.address() : 0);
        msghdr.set(ValueLayout.JAVA_LONG, Native.MSG_CONTROLLEN, pktinfo ? CONTROL_SIZE : 0);
        msghdr.set(ValueLayout.JAVA_INT, Native.MSG_FLAGS, 0);
        long n;
        do {
            n = Native.recvmsg(capture, fd, msghdr, Native.MSG_DONTWAIT | Native.MSG_TRUNC);
        } while (n == -Native.EINTR);
        if (n >= 0) {
            senderPortId = sender.get(ValueLayout.JAVA_INT, Native.NL_PID);
            senderGroups = sender.get(ValueLayout.JAVA_INT, Native.NL_GROUPS);
            pktinfoGroup = pktinfo ? pktinfo() : 0;
        }
        return n;
    }

    private int pktinfo() {
        return pktinfo(control, 0, msghdr.get(ValueLayout.JAVA_LONG, Native.MSG_CONTROLLEN));
    }

    /**
     * Walks the {@code len} bytes of control messages at {@code base} of {@code control} for
     * {@code SOL_NETLINK/NETLINK_PKTINFO} ({@code struct nl_pktinfo}); returns its group, or 0.
     */
    static int pktinfo(MemorySegment control, long base, long len) {
        long off = base;
        len += base;
        while (off + Native.CMSG_DATA <= len) {
            long cmsgLen = control.get(ValueLayout.JAVA_LONG, off + Native.CMSG_LEN);
            if (cmsgLen < Native.CMSG_DATA || off + cmsgLen > len) {
                break;
            }
            if (control.get(ValueLayout.JAVA_INT, off + Native.CMSG_LEVEL) == Native.SOL_NETLINK
                    && control.get(ValueLayout.JAVA_INT, off + Native.CMSG_TYPE) == Native.NETLINK_PKTINFO
                    && cmsgLen >= Native.CMSG_DATA + 4) {
                return control.get(ValueLayout.JAVA_INT, off + Native.CMSG_DATA);
            }
            off += (cmsgLen + 7) & ~7L;
        }
        return 0;
    }

    /**
     * Completes a datagram of {@code length} bytes that {@link #receive} spread over {@code dst} and the overflow
     * area: returns a new buffer holding all of it and releases {@code dst}. Throws
     * {@link DatagramTruncatedException} (after releasing {@code dst}) when even the overflow area was too small.
     */
    ByteBuf whole(ByteBuf dst, long length, ByteBufAllocator alloc) throws DatagramTruncatedException {
        return whole(dst, length, overflow, alloc);
    }

    /** {@link #whole(ByteBuf, long, ByteBufAllocator)} of a datagram whose tail is in {@code overflow}. */
    static ByteBuf whole(ByteBuf dst, long length, MemorySegment overflow, ByteBufAllocator alloc)
            throws DatagramTruncatedException {
        int head = dst.writableBytes();
        long capacity = head + overflow.byteSize();
        if (length > capacity) {
            dst.release();
            throw new DatagramTruncatedException(length, capacity);
        }
        ByteBuf big = null;
        try {
            big = alloc.directBuffer((int) length);
            big.writeBytes(dst, dst.writerIndex(), head);
            big.writeBytes(overflow.asSlice(0, length - head).asByteBuffer());
            return big;
        } catch (Throwable t) {
            if (big != null) {
                big.release();
            }
            throw t;
        } finally {
            dst.release();
        }
    }

    /**
     * Sends {@code buf}'s readable bytes as one datagram to {@code portId}/{@code groups} (0/0: the kernel).
     * Returns the bytes sent or {@code -errno} ({@code -EAGAIN}: the receiving socket's queue is full).
     * Does not move {@code buf}'s reader index.
     */
    long send(int fd, ByteBuf buf, int portId, int groups) {
        int len = buf.readableBytes();
        recipient.set(ValueLayout.JAVA_INT, Native.NL_PID, portId);
        recipient.set(ValueLayout.JAVA_INT, Native.NL_GROUPS, groups);
        long data = address(buf, buf.readerIndex(), len);
        long n;
        do {
            n = Native.sendto(capture, fd, data, len, Native.MSG_DONTWAIT, recipient);
        } while (n == -Native.EINTR);
        return n;
    }

    /** The memory of a {@code recvmmsg} of {@code count} datagrams, made on first use or when the count changes. */
    ReceiveSlots slots(int count) throws IOException {
        if (slots == null || slots.count() != count) {
            if (slots != null) {
                slots.close();
                slots = null;
            }
            slots = new ReceiveSlots(count);
        }
        return slots;
    }

    /** Frees the native memory; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (slots != null) {
            slots.close();
        }
        try {
            Native.munmap(capture, overflow);
        } catch (IOException ignored) {
            // munmap of our own mapping cannot fail; nothing useful to do if it did
        } finally {
            arena.close();
        }
    }
}
