package dev.netlink.client;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counter written by one thread (the event loop) and read by any: an increment is a plain add and an opaque
 * store, with no fence on the hot path, and a read from another thread sees a recent value, never a torn one.
 */
final class LoopCounter {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(LoopCounter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through VALUE
    private long value;

    /** Adds one; only from the owning thread. */
    void increment() {
        VALUE.setOpaque(this, (long) VALUE.getOpaque(this) + 1);
    }

    /** The count, from any thread. */
    long get() {
        return (long) VALUE.getOpaque(this);
    }
}
