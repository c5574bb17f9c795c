package dev.netlink.client;

import java.util.List;
import java.util.function.LongConsumer;

/**
 * The correlator's one timer per socket (rather than one scheduled task per request): it asks its driver to wake
 * it at the earliest moment anything is due — a request's deadline, a dump's retry after its back-off, the end of
 * the wait for an abandoned answer — and asks again only for an earlier moment than the one already asked for.
 * Times are clock nanoseconds, compared by difference so that they may wrap. No I/O; confined to the event loop.
 */
final class WakeUp {
    private final LongConsumer wakeAt;
    private long at;
    private boolean scheduled;

    /** @param wakeAt asks the driver to call back at that time, instead of any earlier request */
    WakeUp(LongConsumer wakeAt) {
        this.wakeAt = wakeAt;
    }

    /** Something is due at {@code deadline}: wakes by then. */
    void by(long deadline) {
        if (!scheduled || deadline - at < 0) {
            scheduled = true;
            at = deadline;
            wakeAt.accept(deadline);
        }
    }

    /** The timer fired: nothing is asked for any more. */
    void fired() {
        scheduled = false;
    }

    /**
     * After a sweep: wakes by the earliest of what is still due — the deadlines and retries of {@code exchanges}
     * (those not ended) and the abandoned answers awaited; nothing when none is.
     */
    void byNextOf(List<Exchange> exchanges, AbandonedAnswers abandoned) {
        long next = 0;
        boolean any = false;
        for (Exchange e : exchanges) {
            if (e.state == Exchange.State.ENDED) {
                continue;
            }
            if (e.deadline != 0) {
                next = earliest(any, next, e.deadline);
                any = true;
            }
            if (e.state == Exchange.State.RETRY_WAIT) {
                next = earliest(any, next, e.retryAt);
                any = true;
            }
        }
        if (!abandoned.isEmpty()) {
            next = abandoned.earliest(next, any);
            any = true;
        }
        if (any) {
            by(next);
        }
    }

    private static long earliest(boolean any, long current, long candidate) {
        return !any || candidate - current < 0 ? candidate : current;
    }
}
