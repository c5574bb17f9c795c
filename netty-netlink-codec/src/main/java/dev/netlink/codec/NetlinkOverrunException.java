package dev.netlink.codec;

import java.io.IOException;

/**
 * Fails a request that was in flight when the socket's receive queue overflowed ({@code ENOBUFS}, see
 * {@link NetlinkOverrunEvent}): its reply may have been dropped by the kernel, so it cannot be waited for.
 * The request may be sent again.
 */
public class NetlinkOverrunException extends IOException {
    private static final long serialVersionUID = 1L;

    public NetlinkOverrunException(int requestType, int sequence) {
        super("ENOBUFS (No buffer space available): the socket's receive queue overflowed while request "
                + NetlinkMessageType.toString(requestType) + " seq " + Integer.toUnsignedString(sequence)
                + " was in flight; its reply may have been lost");
    }
}
