package dev.netlink.client;

import dev.netlink.codec.NetlinkMessage;

import io.netty.util.ReferenceCountUtil;

import java.util.ArrayList;

/**
 * The replies to one request, in the order the kernel sent them: every message with the request's sequence
 * number except the terminating acknowledgement ({@code NLMSG_ERROR} with error 0) or {@code NLMSG_DONE}.
 *
 * <p>The caller owns the messages: {@link #release()} releases them all. {@link #dumpInterrupted()} says that a
 * part carried {@code NLM_F_DUMP_INTR} and the request asked for {@link DumpInterruptPolicy#RETURN} rather than
 * a failure. Not thread-safe.
 */
public final class NetlinkReplies extends ArrayList<NetlinkMessage> {
    private static final long serialVersionUID = 1L;

    private boolean dumpInterrupted;

    public NetlinkReplies() {
        super(4);
    }

    /** Whether the kernel flagged this dump as inconsistent ({@code NLM_F_DUMP_INTR}). */
    public boolean dumpInterrupted() {
        return dumpInterrupted;
    }

    void markDumpInterrupted() {
        dumpInterrupted = true;
    }

    /** Releases every message and empties the list. */
    public void release() {
        for (NetlinkMessage m : this) {
            ReferenceCountUtil.release(m);
        }
        clear();
    }
}
