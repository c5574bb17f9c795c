package dev.netlink.client;

/**
 * What the request handler does when a dump's part carries {@code NLM_F_DUMP_INTR} (the kernel's data changed
 * while it dumped, so the parts may be inconsistent). A closed set we own, so an enum.
 */
public enum DumpInterruptPolicy {
    /** Fail with {@link NetlinkDumpInterruptedException}, which still carries the parts received. The default. */
    FAIL,
    /** Complete normally with the parts and {@link NetlinkReplies#dumpInterrupted()} set. */
    RETURN,
    /**
     * Send the dump again, up to the request's retry bound with doubling back-off, then fail as {@link #FAIL}
     * does. Not available to streamed dumps, whose parts were already handed over.
     */
    RETRY
}
