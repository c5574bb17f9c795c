package dev.netlink.watch;

/** Why a watch dumped again. A closed set we own, so an enum. */
public enum ResyncCause {
    /** The kernel reported {@code ENOBUFS}: the socket's receive queue overflowed, notifications were lost. */
    KERNEL_OVERRUN,
    /** The socket's own notification queue was full, so it dropped notifications. */
    QUEUE_FULL,
    /** A dump part carried {@code NLM_F_DUMP_INTR}: the kernel's table changed while it was dumped. */
    DUMP_INTERRUPTED,
    /**
     * A notification flagged {@code NLM_F_REPLACE} matched several objects of its replace group (IPv6 routes of one
     * destination and metric on several devices): only a dump tells which one the kernel replaced.
     */
    AMBIGUOUS_REPLACE
}
