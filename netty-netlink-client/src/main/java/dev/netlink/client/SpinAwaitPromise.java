package dev.netlink.client;

import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;

import java.util.concurrent.TimeUnit;

/**
 * A promise whose waiters spin for a bounded window (none when it is 0) before they park: {@link #await()}, {@link #sync()} and
 * {@link #get()} on a netlink request usually return within a few microseconds of being called, sooner than a
 * {@code futex} wake-up would arrive. See {@link BusyPoll}. Listeners and completion are as for
 * {@link DefaultPromise}; waiting on the event loop itself is refused as there. A virtual thread never spins: it
 * would keep its carrier thread from the others.
 */
final class SpinAwaitPromise<V> extends DefaultPromise<V> {
    private final long spinNanos;
    private final AdaptiveSpin policy;
    /** The request this promise is the replies of, told of a cancellation; or null. */
    private volatile Exchange exchange;

    SpinAwaitPromise(EventExecutor executor, long spinNanos, AdaptiveSpin policy) {
        super(executor);
        this.spinNanos = spinNanos;
        this.policy = policy;
    }

    /**
     * A {@link SpinAwaitPromise} when {@code spinNanos > 0}, else the executor's plain promise. The promises of one
     * source (a socket) share {@code policy}, which stops their spinning while spins do not pay off.
     */
    static <V> Promise<V> of(EventExecutor executor, long spinNanos, AdaptiveSpin policy) {
        return new SpinAwaitPromise<>(executor, spinNanos, policy);
    }

    /**
     * Tells {@code e}'s correlator when this promise is cancelled, as a listener would but with none to notify on
     * every completion; at once if it already was.
     */
    void cancelTells(Exchange e) {
        exchange = e;
        if (isCancelled()) { // cancelled before the hook was set: cancel() may not have seen it
            e.owner.cancelledFromAnyThread(e);
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (!super.cancel(mayInterruptIfRunning)) {
            return false;
        }
        Exchange e = exchange;
        if (e != null) {
            e.owner.cancelledFromAnyThread(e);
        }
        return true;
    }

    /** Spins until done or {@code limitNanos} passed; returns whether it is done. */
    private boolean spin(long limitNanos) {
        if (isDone()) {
            return true;
        }
        if (spinNanos == 0) {
            return false;
        }
        if (executor().inEventLoop()) {
            return false; // the waiter would hold up the very loop that completes it: let super refuse
        }
        if (Thread.currentThread().isVirtual()) {
            return false; // a spinning virtual thread would hold its carrier: park at once
        }
        if (!policy.shouldSpin()) {
            return false;
        }
        long start = System.nanoTime();
        long limit = Math.min(limitNanos, spinNanos);
        do {
            Thread.onSpinWait();
            if (isDone()) {
                policy.succeeded();
                return true;
            }
        } while (System.nanoTime() - start < limit);
        if (limit == spinNanos) {
            policy.failed(); // not when the caller's own shorter timeout ended it
        }
        return false;
    }

    @Override
    public Promise<V> await() throws InterruptedException {
        return spin(spinNanos) ? this : super.await();
    }

    @Override
    public Promise<V> awaitUninterruptibly() {
        return spin(spinNanos) ? this : super.awaitUninterruptibly();
    }

    @Override
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        long start = System.nanoTime();
        return spin(nanos) || super.await(Math.max(0, nanos - (System.nanoTime() - start)), TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean await(long timeoutMillis) throws InterruptedException {
        return await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean awaitUninterruptibly(long timeout, TimeUnit unit) {
        long nanos = unit.toNanos(timeout);
        long start = System.nanoTime();
        return spin(nanos) || super.awaitUninterruptibly(Math.max(0, nanos - (System.nanoTime() - start)),
                TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean awaitUninterruptibly(long timeoutMillis) {
        return awaitUninterruptibly(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
