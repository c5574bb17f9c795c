package dev.netlink.watch;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A listener that keeps the running view a user would keep from the events alone, and lets a test wait (on a
 * queue, with a timeout) until a condition holds.
 */
final class Recorder<K, V> implements WatchListener<V> {
    final Map<K, V> running = new ConcurrentHashMap<>();
    final BlockingQueue<Resync> resyncs = new LinkedBlockingQueue<>();
    final AtomicLong events = new AtomicLong();
    final List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Function<? super V, ? extends K> key;
    private final BlockingQueue<Object> ticks = new LinkedBlockingQueue<>();

    Recorder(Function<? super V, ? extends K> key) {
        this.key = key;
    }

    private void tick() {
        events.incrementAndGet();
        ticks.offer(Boolean.TRUE);
    }

    @Override
    public void added(V object) {
        if (running.put(key.apply(object), object) != null) {
            throw new AssertionError("added twice: " + object);
        }
        tick();
    }

    @Override
    public void changed(V before, V after) {
        if (!before.equals(running.put(key.apply(after), after))) {
            throw new AssertionError("changed from what was not told: " + before);
        }
        tick();
    }

    @Override
    public void removed(V object) {
        if (running.remove(key.apply(object)) == null) {
            throw new AssertionError("removed what was not told: " + object);
        }
        tick();
    }

    @Override
    public void failed(Throwable cause) {
        failures.add(cause);
        tick();
    }

    @Override
    public void resynced(Resync resync) {
        resyncs.add(resync);
        tick();
    }

    /** Fails unless the running view is exactly {@code snapshot}, object for object. */
    void assertRunningViewIs(Map<K, V> snapshot) {
        Map<K, V> view = Map.copyOf(running);
        if (!view.equals(snapshot)) {
            throw new AssertionError("the running view is not the snapshot: " + difference(snapshot, view));
        }
    }

    /** The entries of two maps (or the elements of two sets) that differ, at most 20 of each side. */
    static String difference(Object expected, Object actual) {
        java.util.Collection<?> e = expected instanceof Map<?, ?> m ? m.entrySet() : (java.util.Collection<?>) expected;
        java.util.Collection<?> a = actual instanceof Map<?, ?> m ? m.entrySet() : (java.util.Collection<?>) actual;
        java.util.Set<Object> missing = new java.util.LinkedHashSet<>(e);
        missing.removeAll(new java.util.HashSet<>(a));
        java.util.Set<Object> extra = new java.util.LinkedHashSet<>(a);
        extra.removeAll(new java.util.HashSet<>(e));
        return missing.size() + " missing " + missing.stream().limit(20).toList() + ", " + extra.size() + " extra "
                + extra.stream().limit(20).toList();
    }

    /**
     * Waits until {@code expected} and {@code actual} give equal values, re-checking after every event and at
     * least every 200 ms, for at most {@code seconds}; returns the last value of {@code actual}.
     */
    <T> T awaitEqual(Supplier<T> expected, Supplier<T> actual, int seconds) throws InterruptedException {
        return awaitEqual(expected, actual, seconds, () -> "");
    }

    /** {@link #awaitEqual}, the failure saying also what {@code state} tells (a watch's {@code describe()}). */
    <T> T awaitEqual(Supplier<T> expected, Supplier<T> actual, int seconds, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        T e = expected.get();
        T a = actual.get();
        while (!e.equals(a) && System.nanoTime() < deadline) {
            ticks.poll(200, TimeUnit.MILLISECONDS);
            ticks.clear();
            e = expected.get();
            a = actual.get();
        }
        if (!e.equals(a)) {
            throw new AssertionError("after " + seconds + " s, not equal: " + difference(e, a)
                    + (failures.isEmpty() ? "" : "; the watch failed: " + failures) + "; " + state.get()
                    + "; resyncs told: " + resyncs);
        }
        return a;
    }
}
