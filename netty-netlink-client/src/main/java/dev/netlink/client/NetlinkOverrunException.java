package dev.netlink.client;

import dev.netlink.codec.NetlinkMessageType;
import java.io.IOException;

/**
 * Fails a request that was in flight when the socket's receive queue overflowed ({@code ENOBUFS}, see
 * {@link NetlinkOverrunEvent}): its reply may have been dropped by the kernel, so it cannot be waited for.
 * The request may be sent again. Also fails a wait for notifications that may have been among the lost.
 */
public class NetlinkOverrunException extends IOException {
    private static final long serialVersionUID = 1L;

    /** For a request in flight during the overrun. */
    public NetlinkOverrunException(int requestType, int sequence) {
        this("ENOBUFS (No buffer space available): the socket's receive queue overflowed while request "
                + NetlinkMessageType.toString(requestType) + " seq " + Integer.toUnsignedString(sequence)
                + " was in flight; its reply may have been lost");
    }

    /** With a message of the caller's; it should name {@code ENOBUFS}. */
    public NetlinkOverrunException(String message) {
        super(message);
    }
}
