package dev.netlink.client;

import dev.netlink.codec.NetlinkMessageType;

import java.io.IOException;

/**
 * A dump the kernel flagged as inconsistent ({@code NLM_F_DUMP_INTR}): its data changed while it was being
 * dumped, so its parts may miss or repeat objects. The parts were released; a caller that can use an inconsistent
 * dump asks for {@link DumpInterruptPolicy#RETURN}, which completes with them, and one that wants a consistent
 * dump asks for {@link DumpInterruptPolicy#RETRY}. Holds no buffers. Immutable.
 */
public class NetlinkDumpInterruptedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int requestType;
    private final int attempts;
    private final int parts;

    /**
     * @param requestType the dump's {@code nlmsg_type}
     * @param sequence    the {@code nlmsg_seq} of its last attempt
     * @param attempts    how many times it was sent
     * @param parts       how many parts the last attempt received
     */
    public NetlinkDumpInterruptedException(int requestType, int sequence, int attempts, int parts) {
        super("NLM_F_DUMP_INTR: dump " + NetlinkMessageType.toString(requestType) + " seq "
                + Integer.toUnsignedString(sequence) + " was inconsistent because the data changed while it ran"
                + (attempts > 1 ? " (" + attempts + " attempts)" : "") + "; " + parts + " parts received");
        this.requestType = requestType;
        this.attempts = attempts;
        this.parts = parts;
    }

    /** The dump's {@code nlmsg_type}. */
    public int requestType() {
        return requestType;
    }

    /** How many times the dump was sent, the first included. */
    public int attempts() {
        return attempts;
    }

    /** How many parts the last attempt received before {@code NLMSG_DONE}. */
    public int parts() {
        return parts;
    }
}
