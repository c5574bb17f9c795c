package dev.netlink.transport;

import java.io.IOException;

/**
 * A received datagram was larger than the channel could hold ({@code recvmsg} reported {@code MSG_TRUNC}):
 * names the datagram's real size and the room there was. The datagram is dropped; the channel keeps reading.
 * Fired with {@code fireExceptionCaught}, never swallowed. Immutable.
 */
public final class DatagramTruncatedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long size;
    private final long capacity;

    /**
     * @param size     the datagram's length as the kernel reported it
     * @param capacity the bytes the read could hold
     */
    public DatagramTruncatedException(long size, long capacity) {
        super("recvmsg: a datagram of " + size + " bytes was truncated to " + capacity
                + " bytes and dropped (MSG_TRUNC)");
        this.size = size;
        this.capacity = capacity;
    }

    /** The datagram's real length in bytes. */
    public long size() {
        return size;
    }

    /** How many bytes the read could hold. */
    public long capacity() {
        return capacity;
    }
}
