package dev.netlink.client;

/**
 * The kernel's one dump per socket ({@code netlink_dump_start} answers a second one with {@code EBUSY} while
 * {@code cb_running} is set), as the {@link Correlator} keeps it: the dump being answered or waiting to be sent
 * again, and the sequence number of a dump that ended on our side while the kernel still sends it. The next dump
 * goes only when the slot is {@link #free()}.
 *
 * <p>A dump ended on our side (cancelled, timed out, failed by an overrun, refused with {@code ENOBUFS}) is
 * <em>drained</em>: the kernel runs it on to its {@code NLMSG_DONE}, and a dump sent before that would meet
 * {@code EBUSY}, an answer a congested socket may drop (the request would then wait out its timeout). An
 * {@code NLMSG_ERROR} carrying {@code ENOBUFS} does not end a drained dump: it is the kernel's refusal of a dump
 * it could not start for the full queue, and the kernel runs that one on as the queue is read
 * ({@code netlink_dump_start} leaves {@code cb_running} set), the refusal arriving after the overrun that ended it
 * on our side. No I/O; confined to the event loop.
 */
final class DumpSlot {
    /** The dump answered, or waiting to be sent again ({@code RETRY_WAIT}); {@code null} for none. */
    private Exchange current;
    /** The sequence number of the dump drained; 0 for none. */
    private int draining;

    /** Whether a dump may be sent now: none answered, none waiting to be sent again, none drained. */
    boolean free() {
        return current == null && draining == 0;
    }

    /** Dump {@code e} was sent (again). */
    void taken(Exchange e) {
        current = e;
    }

    /** The dump waiting for its back-off to pass before it is sent again, or {@code null}. */
    Exchange retryWaiting() {
        return current != null && current.state == Exchange.State.RETRY_WAIT ? current : null;
    }

    /**
     * Request {@code e} ended; {@code answerComing} when the kernel may still be sending its answer. Returns whether
     * {@code e} was this slot's dump, which is then drained if its answer is still coming.
     */
    boolean ended(Exchange e, boolean answerComing) {
        if (current != e) {
            return false;
        }
        current = null;
        if (answerComing) {
            draining = e.sequence;
        }
        return true;
    }

    /** Whether {@code sequence} is the drained dump's, and so still in use. */
    boolean draining(int sequence) {
        return draining != 0 && sequence == draining;
    }

    /**
     * An {@code NLMSG_DONE} or {@code NLMSG_ERROR} with {@code sequence} arrived for a request that had ended;
     * {@code refusedForRoom} when it is an {@code NLMSG_ERROR} carrying {@code ENOBUFS}. Returns whether it ended
     * the drained dump, so that the slot is free again.
     */
    boolean lateEnd(int sequence, boolean refusedForRoom) {
        if (!draining(sequence) || refusedForRoom) {
            return false;
        }
        draining = 0;
        return true;
    }

    /** Stops waiting for the drained dump's end: a dump waiting behind it timed out, so that end never came. */
    void giveUpDraining() {
        draining = 0;
    }

    @Override
    public String toString() {
        String slot = current == null ? "free" : Integer.toUnsignedString(current.sequence) + " " + current.state;
        return draining == 0 ? slot : slot + ", draining dump " + Integer.toUnsignedString(draining);
    }
}
