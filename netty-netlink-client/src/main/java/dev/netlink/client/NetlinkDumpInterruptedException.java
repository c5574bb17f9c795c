package dev.netlink.client;

import dev.netlink.codec.NetlinkMessageType;
import java.io.IOException;

/**
 * A dump the kernel flagged as inconsistent ({@code NLM_F_DUMP_INTR}): its data changed while it was being
 * dumped. Carries the parts received so that a caller can still use them.
 *
 * <p>The parts are reference-counted: whoever handles this exception must call {@link #release()} (or release
 * {@link #parts()} itself).
 */
public class NetlinkDumpInterruptedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient NetlinkReplies parts;

    public NetlinkDumpInterruptedException(int requestType, int sequence, int attempts, NetlinkReplies parts) {
        super("NLM_F_DUMP_INTR: dump " + NetlinkMessageType.toString(requestType) + " seq "
                + Integer.toUnsignedString(sequence) + " was inconsistent because the data changed while it ran"
                + (attempts > 1 ? " (" + attempts + " attempts)" : "") + "; " + parts.size() + " parts received");
        this.parts = parts;
    }

    /** The parts received; release them, or call {@link #release()}. */
    public NetlinkReplies parts() {
        return parts;
    }

    /** Releases the parts. */
    public void release() {
        parts.release();
    }
}
