package dev.netlink.client;

import java.util.function.IntPredicate;

/**
 * Hands out {@code nlmsg_seq} values for requests: counting up from 1, never 0 (the sequence number of
 * notifications), wrapping after {@code 0xffffffff}, and skipping any number still in use so that a late answer
 * can never be taken for the answer to a newer request. Confined to the event loop; not thread-safe.
 */
final class SequenceNumbers {
    private int next = 1;

    /** The next number that is not 0 and for which {@code inUse} is false. */
    int next(IntPredicate inUse) {
        int s;
        do {
            s = next++;
        } while (s == 0 || inUse.test(s));
        return s;
    }

    /** Sets the next number to try; lets tests exercise the wrap-around. */
    void reset(int sequence) {
        next = sequence;
    }
}
