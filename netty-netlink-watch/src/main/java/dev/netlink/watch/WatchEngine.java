package dev.netlink.watch;

import dev.netlink.client.NetlinkDumpInterruptedException;
import dev.netlink.client.NetlinkOverrunException;
import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkException;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The state machine of a watch, with no I/O: it is told what the socket read (notifications, dump parts, the end
 * or failure of a dump, overruns) in socket order, asks for dumps through {@link Requests}, and tells its
 * {@link WatchListener} what changed. The rules it keeps, measured on the kernel:
 * <ul>
 * <li>The groups are joined before the first dump, and while a dump runs its parts and the notifications are
 *     merged in socket order into the dump's result: the later message about a key wins. The difference between
 *     that result and what the listener was told is delivered when the dump ends.</li>
 * <li>After an overrun the kernel still holds a backlog of older notifications, which arrive after the
 *     {@code ENOBUFS}, and the socket stays congested (every further notification dropped, unreported) until its
 *     queue is empty. So an overrun starts a <em>drain</em> dump, whose parts and the notifications read with it
 *     are ignored: its {@code NLMSG_DONE} is queued behind the backlog, and reading it empties the queue and ends
 *     the congestion. Then a second dump is merged as above; only that one is the truth.</li>
 * <li>A dump whose parts carry {@code NLM_F_DUMP_INTR} is thrown away and sent again after a back-off that
 *     doubles from {@value #FIRST_RETRY_MILLIS} ms to {@value #MAX_RETRY_MILLIS} ms while the dumps stay
 *     interrupted (a table changing faster than it can be dumped), and starts again from nothing after a clean
 *     one. The requests say how long to wait; the engine has no clock.</li>
 * </ul>
 * Each resynchronisation is told once, with its first cause, after its difference.
 *
 * <p>Confined to one thread (the watch's event loop), except {@link #view()} and the counters ({@link #overruns()},
 * {@link #resyncs()}, {@link #dumps()}, {@link #interruptedDumps()}, {@link #timedOutDumps()},
 * {@link #backoffNanos()}), which may be read
 * from any thread.
 *
 * @param <K> the key type
 * @param <V> the object type
 */
public final class WatchEngine<K, V> {
    /** How the engine asks for a dump; the answer comes back through the engine's methods with the generation. */
    @FunctionalInterface
    public interface Requests {
        /**
         * Sends a dump in {@code delayNanos} (0: now, else a back-off to be scheduled, never slept); its parts, end
         * or failure are reported with {@code generation}. A later generation asked for before this one is sent
         * replaces it: the engine ignores the answers of every generation but the last.
         */
        void dump(int generation, long delayNanos);
    }

    /** The first back-off after an interrupted dump, in milliseconds. */
    public static final int FIRST_RETRY_MILLIS = 4;
    /** The longest back-off between interrupted dumps, in milliseconds. */
    public static final int MAX_RETRY_MILLIS = 256;

    private enum Phase { IDLE, SYNC, DRAIN, LIVE, CLOSED }

    private final Function<? super V, ? extends K> key;
    private final Function<? super V, ?> group;
    private final BiPredicate<? super V, ? super V> same;
    private final WatchListener<? super V> listener;
    private final Requests requests;
    /** What the listener was told; written here only, its map readable anywhere. */
    private final KeyedTable<K, V> told;
    private KeyedTable<K, V> fresh;
    private Phase phase = Phase.IDLE;
    private int generation;
    private boolean synced;
    private ResyncCause cause;
    private long lossNanos;
    private int resyncDumps;
    /** The back-off before the next dump if this one is interrupted too; 0 after a clean dump. */
    private long retryNanos;
    private volatile long overruns;
    private volatile long interruptedDumps;
    private volatile long timedOutDumps;
    private volatile long backoffNanos;
    private volatile long resyncs;
    private volatile long dumps;

    /**
     * @param key      an object's identity (a link's index, a route's table, family, destination, ...)
     * @param same     whether two objects of one key are the same as far as the listener cares (a link's counters
     *                 change all the time: leave them out)
     * @param listener told of every change
     * @param requests sends the dumps
     */
    public WatchEngine(Function<? super V, ? extends K> key, BiPredicate<? super V, ? super V> same,
                       WatchListener<? super V> listener, Requests requests) {
        this(key, v -> null, same, listener, requests);
    }

    /**
     * @param group the replace group of an object ({@code null}: none), when a notification flagged
     *              {@code NLM_F_REPLACE} replaces another object of its group without a removal of its own, as a
     *              route replaced by one with another next hop does
     */
    public WatchEngine(Function<? super V, ? extends K> key, Function<? super V, ?> group,
                       BiPredicate<? super V, ? super V> same, WatchListener<? super V> listener, Requests requests) {
        this.key = Objects.requireNonNull(key, "key");
        this.group = Objects.requireNonNull(group, "group");
        this.same = Objects.requireNonNull(same, "same");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.told = new KeyedTable<>(new ConcurrentHashMap<>(), group);
    }

    /** Starts the first dump; call once the groups are joined. */
    public void start() {
        if (phase == Phase.IDLE) {
            dump(Phase.SYNC);
        }
    }

    /** A notification read from the socket: {@code object} exists now, or is gone when {@code removed}. */
    public void notification(V object, boolean removed) {
        notification(object, removed, false);
    }

    /**
     * A notification read from the socket; {@code replace} when it carries {@code NLM_F_REPLACE}: {@code object}
     * took the place of the other object of its replace group, which goes even when {@code object} is told
     * {@code removed} (a state or a filter the watch leaves out). When the group has several others, only a dump can
     * tell which one the kernel replaced, so one is sent ({@link ResyncCause#AMBIGUOUS_REPLACE}).
     */
    public void notification(V object, boolean removed, boolean replace) {
        KeyedTable<K, V> t = phase == Phase.LIVE ? told : phase == Phase.SYNC ? fresh : null;
        if (t == null) {
            return; // before the first dump, or the stale backlog of an overrun
        }
        K k = key.apply(object);
        if (replace) { // removed too when the new object is one the watch leaves out: the one it replaced goes
            Set<K> others = t.others(k, object);
            if (others.size() > 1) {
                lost(ResyncCause.AMBIGUOUS_REPLACE);
                dump(Phase.SYNC);
                return;
            }
            for (K other : others) {
                set(t, other, null);
            }
        }
        set(t, k, removed ? null : object);
    }

    /** A part of dump {@code generation}. */
    public void dumpPart(int generation, V object) {
        if (generation == this.generation && phase == Phase.SYNC) {
            set(fresh, key.apply(object), object);
        }
    }

    /** Dump {@code generation} ended with {@code NLMSG_DONE}. */
    public void dumpDone(int generation) {
        if (generation != this.generation) {
            return;
        }
        retryNanos = 0; // a clean dump: the table held still long enough
        if (phase == Phase.DRAIN) {
            dump(Phase.SYNC); // the backlog is read and the congestion over: this dump merges with what follows
        } else if (phase == Phase.SYNC) {
            merge();
        }
    }

    /** Dump {@code generation} failed with {@code cause}. */
    public void dumpFailed(int generation, Throwable cause) {
        if (generation != this.generation || phase == Phase.CLOSED || phase == Phase.IDLE) {
            return;
        }
        if (cause instanceof NetlinkOverrunException) {
            return; // the overrun itself follows and starts the resynchronisation
        } else if (cause instanceof NetlinkDumpInterruptedException) {
            lost(ResyncCause.DUMP_INTERRUPTED);
            interruptedDumps++;
            dump(Phase.SYNC, backoff()); // raised at NLMSG_DONE: a drain dump did its work all the same
        } else if (cause instanceof ClosedChannelException || cause instanceof NetlinkException e
                && e.errno() != Errno.EBUSY && e.errno() != Errno.ENOBUFS && !synced) {
            close(); // closed, or the first dump refused by the kernel: asking again would not help
            listener.failed(cause);
        } else if (cause instanceof NetlinkException e && e.errno() == Errno.EBUSY) {
            dump(phase, backoff()); // the kernel still runs a dump we gave up on: again, later
        } else {
            if (cause instanceof TimeoutException) {
                timedOutDumps++; // an answer lost without a report: the watch was stuck that long
            }
            // A timeout; ENOBUFS (no room to start it; the kernel runs it all the same, and the requests wait for
            // its end): again.
            dump(phase);
        }
    }

    /** Notifications were lost ({@code ENOBUFS}, or the socket's own queue overflowed). */
    public void overrun(ResyncCause cause) {
        overruns++;
        if (phase == Phase.IDLE || phase == Phase.CLOSED) {
            return;
        }
        lost(cause);
        dump(Phase.DRAIN);
    }

    /** Stops: nothing more is told or asked. */
    public void close() {
        phase = Phase.CLOSED;
        fresh = null;
    }

    private void lost(ResyncCause c) {
        if (cause == null) {
            cause = c;
            lossNanos = System.nanoTime();
            resyncDumps = 0;
        }
    }

    /** The next back-off: doubled, from the first to the longest. */
    private long backoff() {
        retryNanos = retryNanos == 0 ? TimeUnit.MILLISECONDS.toNanos(FIRST_RETRY_MILLIS)
                : Math.min(retryNanos * 2, TimeUnit.MILLISECONDS.toNanos(MAX_RETRY_MILLIS));
        backoffNanos += retryNanos;
        return retryNanos;
    }

    private void dump(Phase next) {
        dump(next, 0);
    }

    private void dump(Phase next, long delayNanos) {
        phase = next;
        fresh = next == Phase.SYNC ? new KeyedTable<>(new HashMap<>(), group) : null;
        int g = ++generation;
        dumps++;
        if (cause != null) {
            resyncDumps++;
        }
        requests.dump(g, delayNanos);
    }

    private void merge() {
        Map<K, V> result = fresh.map();
        fresh = null;
        phase = Phase.LIVE;
        int added = 0;
        int changed = 0;
        List<K> gone = new ArrayList<>();
        for (K k : told.map().keySet()) {
            if (!result.containsKey(k)) {
                gone.add(k);
            }
        }
        for (K k : gone) {
            tell(k, told.get(k), null);
        }
        for (Map.Entry<K, V> e : result.entrySet()) {
            V before = told.get(e.getKey());
            if (before == null) {
                added++;
            } else if (same.test(before, e.getValue())) {
                continue;
            } else {
                changed++;
            }
            tell(e.getKey(), before, e.getValue());
        }
        if (!synced) {
            synced = true;
            listener.synced();
        }
        if (cause != null) {
            Resync r = new Resync(cause, ++resyncs, added, changed, gone.size(), resyncDumps,
                    System.nanoTime() - lossNanos);
            cause = null;
            listener.resynced(r);
        }
    }

    /** Sets {@code k} to {@code now} ({@code null}: absent) in {@code t}; in what was told, telling the change. */
    private void set(KeyedTable<K, V> t, K k, V now) {
        if (t != told) {
            if (now == null) {
                t.remove(k);
            } else {
                t.put(k, now);
            }
            return;
        }
        V before = told.get(k);
        if (now == null ? before != null : before == null || !same.test(before, now)) {
            tell(k, before, now);
        }
    }

    /**
     * Tells the change of {@code k} from {@code before} to {@code now} ({@code null}: absent). An object the same
     * as the one told ({@code same}) is neither told nor kept: the view holds exactly what the listener was told.
     */
    private void tell(K k, V before, V now) {
        if (now == null) {
            told.remove(k);
            listener.removed(before);
        } else {
            told.put(k, now);
            if (before == null) {
                listener.added(now);
            } else {
                listener.changed(before, now);
            }
        }
    }

    /** Whether the first dump has been merged. Event loop only. */
    public boolean synced() {
        return synced;
    }

    /** Whether a resynchronisation is under way. Event loop only. */
    public boolean resyncing() {
        return cause != null;
    }

    /**
     * What the listener has been told, by key: a live view, readable from any thread, exact between events (a
     * reader on another thread may see a difference half delivered).
     */
    public Map<K, V> view() {
        return java.util.Collections.unmodifiableMap(told.map());
    }

    /** Losses reported: {@code ENOBUFS} and full queues. */
    public long overruns() {
        return overruns;
    }

    /** Resynchronisations completed. */
    public long resyncs() {
        return resyncs;
    }

    /** Dumps asked for, the first included. */
    public long dumps() {
        return dumps;
    }

    /** Dumps thrown away because they carried {@code NLM_F_DUMP_INTR}. */
    public long interruptedDumps() {
        return interruptedDumps;
    }

    /**
     * Dumps that waited out their request timeout: their answer was lost without an overrun report (it should
     * never happen; each one is as long a stall of the watch).
     */
    public long timedOutDumps() {
        return timedOutDumps;
    }

    /** The back-off asked for before dumps sent again, in all, in nanoseconds. */
    public long backoffNanos() {
        return backoffNanos;
    }

    /** The phase, the generation of the dump asked for last, a resynchronisation's cause. Event loop only. */
    @Override
    public String toString() {
        return "WatchEngine(" + phase + ", generation " + generation + (cause == null ? "" : ", resyncing: " + cause)
                + (fresh == null ? "" : ", " + fresh.map().size() + " in the dump") + ", " + told.map().size()
                + " told)";
    }
}
