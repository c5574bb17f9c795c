package dev.netlink.client;

import io.netty.util.collection.IntObjectHashMap;

/**
 * The answers still due for requests that ended on our side (timed out, cancelled): sequence number to the time
 * we stop waiting for them. Such an answer still takes room in the socket's receive buffer, and its sequence
 * number must not be handed out again while it may arrive, so each keeps its place in the window until its
 * {@code NLMSG_ERROR}/{@code NLMSG_DONE} comes or its time is up. Part of the {@link Correlator}; confined to the
 * event loop.
 */
final class AbandonedAnswers {
    private final IntObjectHashMap<Long> until = new IntObjectHashMap<>();

    /** Waits for the answer to {@code sequence} until {@code deadline} (clock nanoseconds). */
    void add(int sequence, long deadline) {
        until.put(sequence, Long.valueOf(deadline));
    }

    /** The answer to {@code sequence} has ended; returns whether it was awaited. */
    boolean ended(int sequence) {
        return until.remove(sequence) != null;
    }

    boolean contains(int sequence) {
        return until.containsKey(sequence);
    }

    int size() {
        return until.size();
    }

    /** Stops waiting for the answers whose time is up at {@code now}; returns whether any place was freed. */
    boolean expire(long now) {
        return until.values().removeIf(deadline -> deadline - now <= 0);
    }

    /** The earliest time still waited for, or {@code fallback} if that is earlier or nothing is awaited. */
    long earliest(long fallback, boolean hasFallback) {
        long next = fallback;
        boolean any = hasFallback;
        for (Long deadline : until.values()) {
            if (!any || deadline - next < 0) {
                next = deadline;
                any = true;
            }
        }
        return next;
    }

    boolean isEmpty() {
        return until.isEmpty();
    }

    /** Forgets every awaited answer: the socket overflowed (they may be lost) or closed. */
    void clear() {
        until.clear();
    }
}
