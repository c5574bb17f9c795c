package dev.netlink.watch;

import dev.netlink.client.NetlinkDumpInterruptedException;
import dev.netlink.client.NetlinkOverrunException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The watch's state machine alone: objects are {@code key=value} pairs, dumps are answered by hand. */
class WatchEngineTest {
    /** An object: its key and its state. */
    record Obj(int key, String state) {
    }

    /** Records what the engine tells and applies it, as a user's running view would. */
    static final class Recorder implements WatchListener<Obj> {
        final List<String> events = new ArrayList<>();
        final Map<Integer, Obj> running = new HashMap<>();
        final List<Resync> resyncs = new ArrayList<>();
        final List<Throwable> failures = new ArrayList<>();

        @Override
        public void added(Obj o) {
            events.add("+" + o.key() + "=" + o.state());
            assertEquals(null, running.put(o.key(), o));
        }

        @Override
        public void changed(Obj before, Obj after) {
            events.add("~" + after.key() + "=" + after.state());
            assertEquals(before, running.put(after.key(), after));
        }

        @Override
        public void removed(Obj o) {
            events.add("-" + o.key());
            assertEquals(o, running.remove(o.key()));
        }

        @Override
        public void resynced(Resync r) {
            resyncs.add(r);
        }

        @Override
        public void failed(Throwable cause) {
            failures.add(cause);
        }
    }

    private final Recorder told = new Recorder();
    private final List<Integer> dumps = new ArrayList<>();
    /** The back-off each dump was asked with, in milliseconds. */
    private final List<Long> delays = new ArrayList<>();
    private final WatchEngine.Requests requests = (g, nanos) -> {
        dumps.add(g);
        delays.add(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(nanos));
    };
    private final WatchEngine<Integer, Obj> engine = new WatchEngine<>(Obj::key, Obj::equals, told, requests);

    private static Obj o(int key, String state) {
        return new Obj(key, state);
    }

    private static dev.netlink.codec.NetlinkException refusal(int errno) {
        return new dev.netlink.codec.NetlinkException(errno, null, 18, 9, null);
    }

    private int lastDump() {
        return dumps.get(dumps.size() - 1);
    }

    private void dump(Obj... objects) {
        dump(engine, objects);
    }

    private void dump(WatchEngine<Integer, Obj> e, Obj... objects) {
        int g = lastDump();
        for (Obj x : objects) {
            e.dumpPart(g, x);
        }
        e.dumpDone(g);
    }

    @Test
    void theFirstDumpMergesWithNotificationsInSocketOrder() {
        engine.notification(o(9, "before start"), false); // before the dump was asked for: ignored
        engine.start();
        assertEquals(1, dumps.size());
        int g = lastDump();
        engine.dumpPart(g, o(1, "a"));
        engine.notification(o(1, "b"), false); // after its part: newer
        engine.notification(o(2, "x"), false); // before its part
        engine.dumpPart(g, o(2, "y"));          // the part is newer
        engine.notification(o(3, "new"), false); // created behind the dump's position
        engine.dumpPart(g, o(4, "d"));
        engine.notification(o(4, "d"), true);   // deleted after its part
        assertTrue(told.events.isEmpty(), "nothing is told before the dump ends");
        engine.dumpDone(g);
        assertEquals(Map.of(1, o(1, "b"), 2, o(2, "y"), 3, o(3, "new")), engine.view());
        assertEquals(engine.view(), told.running);
        assertTrue(engine.synced());
        assertEquals(0, engine.resyncs());
        engine.notification(o(2, "z"), false);
        engine.notification(o(3, "new"), false); // the same again: nothing to tell
        engine.notification(o(1, "b"), true);
        engine.notification(o(7, "gone"), true); // never told: nothing to tell
        assertEquals(java.util.Set.of("+1=b", "+2=y", "+3=new"), java.util.Set.copyOf(told.events.subList(0, 3)));
        assertEquals(List.of("~2=z", "-1"), told.events.subList(3, told.events.size()));
        assertEquals(engine.view(), told.running);
    }

    @Test
    void anOverrunDrainsTheBacklogThenDeliversExactlyTheDifference() {
        engine.start();
        dump(o(1, "a"), o(2, "b"), o(3, "c"));
        told.events.clear();
        engine.overrun(ResyncCause.KERNEL_OVERRUN);
        assertEquals(2, dumps.size(), "a drain dump");
        int drain = lastDump();
        // The backlog, older than the loss, and the drain dump's parts: none of it is proof of anything.
        engine.notification(o(4, "created then deleted later"), false);
        engine.notification(o(1, "a"), true);
        engine.dumpPart(drain, o(5, "seen while congested"));
        assertTrue(told.events.isEmpty());
        engine.overrun(ResyncCause.KERNEL_OVERRUN); // counted, and the drain starts over
        assertEquals(3, dumps.size());
        engine.dumpDone(drain); // the old drain: stale
        assertEquals(3, dumps.size());
        engine.dumpDone(lastDump());
        assertEquals(4, dumps.size(), "the dump after the drain is the one merged");
        int truth = lastDump();
        engine.dumpPart(truth, o(1, "a"));
        engine.notification(o(2, "b2"), false);
        engine.dumpPart(truth, o(6, "f"));
        engine.dumpDone(truth);
        assertEquals(Map.of(1, o(1, "a"), 2, o(2, "b2"), 6, o(6, "f")), engine.view());
        assertEquals(engine.view(), told.running);
        assertEquals(List.of("-3", "+6=f", "~2=b2"), sortedRemovalsFirst(told.events));
        assertEquals(1, told.resyncs.size());
        Resync r = told.resyncs.get(0);
        assertEquals(ResyncCause.KERNEL_OVERRUN, r.cause());
        assertEquals(1, r.number());
        assertEquals(1, r.added());
        assertEquals(1, r.changed());
        assertEquals(1, r.removed());
        assertEquals(3, r.dumps());
        assertEquals(2, engine.overruns());
        assertEquals(1, engine.resyncs());
    }

    private static List<String> sortedRemovalsFirst(List<String> events) {
        List<String> removed = new ArrayList<>(events.stream().filter(e -> e.startsWith("-")).toList());
        List<String> rest = new ArrayList<>(events.stream().filter(e -> !e.startsWith("-")).sorted().toList());
        removed.addAll(rest);
        return removed;
    }

    @Test
    void anInterruptedDumpIsSentAgainAndItsPartsForgotten() {
        engine.start();
        dump(o(1, "a"));
        engine.overrun(ResyncCause.QUEUE_FULL);
        dump(); // the drain
        int first = lastDump();
        engine.dumpPart(first, o(2, "inconsistent"));
        engine.dumpFailed(first, new NetlinkDumpInterruptedException(18, 7, 1, 1));
        assertEquals(4, dumps.size());
        dump(o(1, "a"), o(3, "c"));
        assertEquals(Map.of(1, o(1, "a"), 3, o(3, "c")), engine.view());
        assertEquals(1, told.resyncs.size());
        assertEquals(ResyncCause.QUEUE_FULL, told.resyncs.get(0).cause(), "the first cause is kept");
        assertEquals(3, told.resyncs.get(0).dumps());
    }

    @Test
    void theFirstDumpInterruptedIsAResyncOfItsOwn() {
        engine.start();
        engine.dumpPart(lastDump(), o(1, "a"));
        engine.dumpFailed(lastDump(), new NetlinkDumpInterruptedException(18, 7, 1, 1));
        assertFalse(engine.synced());
        dump(o(2, "b"));
        assertEquals(Map.of(2, o(2, "b")), engine.view());
        assertEquals(List.of("+2=b"), told.events);
        assertEquals(ResyncCause.DUMP_INTERRUPTED, told.resyncs.get(0).cause());
    }

    @Test
    void aDumpFailedByTheOverrunWaitsForTheOverrunAndOtherFailuresAskAgain() {
        engine.start();
        engine.dumpFailed(lastDump(), new NetlinkOverrunException(18, 1));
        assertEquals(1, dumps.size(), "the overrun event that follows starts the drain");
        engine.overrun(ResyncCause.KERNEL_OVERRUN);
        assertEquals(2, dumps.size());
        engine.dumpFailed(lastDump(), new IllegalStateException("failed"));
        assertEquals(3, dumps.size());
        assertEquals(0, engine.timedOutDumps());
        engine.dumpFailed(lastDump(), new java.util.concurrent.TimeoutException("RTM_GETLINK request timed out"));
        assertEquals(4, dumps.size(), "a timed-out dump is asked again");
        assertEquals(1, engine.timedOutDumps(), "and counted: the watch was stuck that long");
        dump();
        dump(o(1, "a"));
        assertEquals(Map.of(1, o(1, "a")), engine.view());
        assertTrue(engine.synced());
        assertEquals(5, dumps.size());
        engine.dumpFailed(lastDump(), new java.nio.channels.ClosedChannelException());
        assertEquals(5, dumps.size(), "a closed socket is asked nothing");
        engine.close();
        engine.notification(o(2, "b"), false);
        engine.overrun(ResyncCause.KERNEL_OVERRUN);
        assertEquals(Map.of(1, o(1, "a")), engine.view());
        assertEquals(5, dumps.size());
    }

    @Test
    void aReplaceTakesThePlaceOfItsGroupsOtherObjectOrAsksForADumpWhenThatIsAmbiguous() {
        // Keys 11, 12 are group 1; 21, 22, 23 group 2 (a route's next hops under one destination and metric).
        WatchEngine<Integer, Obj> grouped = new WatchEngine<>(Obj::key, x -> x.key() / 10, Obj::equals, told,
                requests);
        grouped.start();
        dump(grouped, o(11, "via a"), o(21, "dev x"), o(22, "dev y"));
        told.events.clear();
        grouped.notification(o(12, "via b"), false, true);
        assertEquals(List.of("-11", "+12=via b"), told.events);
        grouped.notification(o(12, "via b, mtu"), false, true); // replaced by itself: a change
        assertEquals("~12=via b, mtu", told.events.get(2));
        grouped.notification(o(23, "dev z"), false, true);
        assertEquals(2, dumps.size(), "which of 21 and 22 was replaced, only a dump tells");
        dump(grouped, o(12, "via b, mtu"), o(21, "dev x"), o(23, "dev z"));
        assertEquals(Map.of(12, o(12, "via b, mtu"), 21, o(21, "dev x"), 23, o(23, "dev z")), grouped.view());
        assertEquals(grouped.view(), told.running);
        assertEquals(ResyncCause.AMBIGUOUS_REPLACE, told.resyncs.get(0).cause());
        // A replace by an object the watch leaves out (a filter, a state): the one it replaced goes all the same.
        told.events.clear();
        grouped.notification(o(13, "via c, filtered out"), true, true);
        assertEquals(List.of("-12"), told.events);
        assertEquals(grouped.view(), told.running);
    }

    @Test
    void anInterruptedDrainHasDrainedAndAKernelRefusalStopsTheWatch() {
        engine.start();
        dump(o(1, "a"));
        engine.overrun(ResyncCause.KERNEL_OVERRUN);
        engine.dumpFailed(lastDump(), new NetlinkDumpInterruptedException(18, 7, 1, 1)); // at the drain's DONE
        assertEquals(3, dumps.size(), "straight to the dump merged");
        dump(o(2, "b"));
        assertEquals(Map.of(2, o(2, "b")), engine.view());
        assertEquals(ResyncCause.KERNEL_OVERRUN, told.resyncs.get(0).cause());
        assertEquals(2, told.resyncs.get(0).dumps());
        engine.overrun(ResyncCause.KERNEL_OVERRUN);
        dump();
        engine.dumpFailed(lastDump(), refusal(dev.netlink.codec.Errno.EBUSY)); // a dump given up on still runs
        assertEquals(6, dumps.size(), "asked again");
        assertTrue(told.failures.isEmpty());
        // The first dump refused: the watch stops.
        WatchEngine<Integer, Obj> refused = new WatchEngine<>(Obj::key, Obj::equals, told, requests);
        refused.start();
        dev.netlink.codec.NetlinkException e = refusal(dev.netlink.codec.Errno.EOPNOTSUPP);
        refused.dumpFailed(lastDump(), e);
        assertEquals(List.of(e), told.failures);
        assertEquals(7, dumps.size(), "a refusal is not asked again");
        refused.overrun(ResyncCause.KERNEL_OVERRUN);
        assertEquals(7, dumps.size());
    }

    @Test
    void interruptedDumpsBackOffDoublingToACapAndACleanDumpStartsAgainFromNothing() {
        engine.start();
        assertEquals(List.of(0L), delays, "the first dump goes at once");
        for (int i = 0; i < 9; i++) {
            engine.dumpPart(lastDump(), o(1, "changing"));
            engine.dumpFailed(lastDump(), new NetlinkDumpInterruptedException(18, 7, 1, 1));
        }
        assertEquals(List.of(0L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 256L, 256L), delays);
        assertEquals(9, engine.interruptedDumps());
        assertEquals(4 + 8 + 16 + 32 + 64 + 128 + 256 * 3,
                java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(engine.backoffNanos()));
        assertFalse(engine.synced(), "nothing is told from an interrupted dump");
        dump(o(1, "still"));
        assertEquals(Map.of(1, o(1, "still")), engine.view());
        // After a clean dump the next interruption waits the first back-off again; a loss goes at once.
        engine.overrun(ResyncCause.KERNEL_OVERRUN);
        assertEquals(0L, delays.get(delays.size() - 1));
        engine.dumpFailed(lastDump(), new NetlinkDumpInterruptedException(18, 7, 1, 1)); // the drain's
        assertEquals(4L, delays.get(delays.size() - 1));
        engine.dumpFailed(lastDump(), refusal(dev.netlink.codec.Errno.EBUSY));
        assertEquals(8L, delays.get(delays.size() - 1), "EBUSY backs off as well");
        engine.dumpFailed(lastDump(), refusal(dev.netlink.codec.Errno.ENOBUFS));
        assertEquals(0L, delays.get(delays.size() - 1), "ENOBUFS: the requests wait for the kernel's own dump");
        dump(o(1, "still"));
        assertEquals(10, engine.interruptedDumps());
        assertEquals(2, engine.resyncs(), "the first dump's, and one for the episode");
        assertEquals(ResyncCause.KERNEL_OVERRUN, told.resyncs.get(1).cause());
        assertEquals(4, told.resyncs.get(1).dumps(), "drain, interrupted, EBUSY, ENOBUFS: then merged");
    }
}
