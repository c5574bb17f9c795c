package dev.netlink.client;

import dev.netlink.codec.NetlinkMessageType;
import dev.netlink.codec.NetlinkOverrunEvent;

import java.io.IOException;

/**
 * Messages were lost ({@link NetlinkOverrunEvent}). Fails a request that was in flight when the kernel reported
 * {@code ENOBUFS}, since its reply may have been dropped (the request may be sent again), and the next wait for a
 * notification after notifications were dropped, by the kernel or because the socket's own notification queue
 * was full: whoever mirrors kernel state must resynchronise (dump again). Immutable.
 */
public class NetlinkOverrunException extends IOException {
    private static final long serialVersionUID = 1L;

    /** For a request in flight during a kernel overrun. */
    public NetlinkOverrunException(int requestType, int sequence) {
        this("ENOBUFS (No buffer space available): the socket's receive queue overflowed while request "
                + NetlinkMessageType.toString(requestType) + " seq " + Integer.toUnsignedString(sequence)
                + " was in flight; its reply may have been lost");
    }

    /** For a wait on notifications after {@code event}. */
    public NetlinkOverrunException(NetlinkOverrunEvent event) {
        this(event.description() + "; resynchronise (dump the state again)");
    }

    /** With a message of the caller's; it should say what was lost. */
    public NetlinkOverrunException(String message) {
        super(message);
    }
}
