package dev.netlink.transport;

import dev.netlink.codec.Errno;

import java.io.IOException;

/**
 * A libc call on a netlink socket failed: names the call and its {@code errno}, e.g.
 * {@code "recvmsg: ENOBUFS (No buffer space available)"}. Immutable.
 */
public final class NativeIoException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    /**
     * @param call  the libc function that failed, e.g. {@code "setsockopt"}
     * @param errno the positive {@code errno} it set
     */
    public NativeIoException(String call, int errno) {
        this(call, errno, null);
    }

    /** As {@link #NativeIoException(String, int)}, with what was being done, e.g. {@code "NETLINK_EXT_ACK"}. */
    public NativeIoException(String call, int errno, String detail) {
        super(call + (detail == null ? "" : " " + detail) + ": " + Errno.toString(errno));
        this.call = call;
        this.errno = errno;
    }

    /** The libc function that failed. */
    public String call() {
        return call;
    }

    /** The positive {@code errno} value, e.g. 105 for {@code ENOBUFS}. */
    public int errno() {
        return errno;
    }
}
