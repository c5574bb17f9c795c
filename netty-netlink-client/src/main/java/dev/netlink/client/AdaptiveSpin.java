package dev.netlink.client;

/**
 * Decides whether a wait starts with a spin. A spin that runs its whole window in vain burned a window of CPU for
 * nothing, so the next waits skip spinning, 1, then 2, 4 … up to {@value #MAX_SKIP} of them, until a spin pays
 * off again. While the code is still interpreted or the peer is slow (JIT warm-up, a loaded machine), waits are
 * long and spinning would only take CPU from the compiler threads; once answers come within the window, every
 * wait spins.
 *
 * <p>Not synchronized: a racy update costs at most one spin more or less.
 */
final class AdaptiveSpin {
    static final int MAX_SKIP = 64;

    private int skip;
    private int backoff;

    /** Whether this wait should spin; counts down a skip. */
    boolean shouldSpin() {
        if (skip > 0) {
            skip--;
            return false;
        }
        return true;
    }

    /** The spin ended by the awaited event. */
    void succeeded() {
        backoff = 0;
    }

    /** The spin's window passed without the event. */
    void failed() {
        backoff = backoff == 0 ? 1 : Math.min(backoff * 2, MAX_SKIP);
        skip = backoff;
    }
}
