package dev.netlink.watch;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a watch's dumps go out: no kernel, no clock. */
class DumpGateTest {
    private final List<Integer> sent = new ArrayList<>();
    private final List<Runnable> timers = new ArrayList<>();
    private final DumpGate gate = new DumpGate(sent::add, (task, nanos) -> timers.add(task));

    @Test
    void oneAtATimeAndTheLatestOnly() {
        gate.request(1, 0);
        assertEquals(List.of(1), sent);
        gate.request(2, 0);
        gate.request(3, 0); // replaces 2, which was never sent
        assertEquals(List.of(1), sent);
        assertTrue(gate.waiting());
        gate.ended();
        assertEquals(List.of(1, 3), sent);
        assertFalse(gate.waiting());
    }

    @Test
    void aBackOffIsScheduledAndALaterRequestOvertakesIt() {
        gate.request(1, 0);
        gate.ended();
        gate.request(2, 4_000_000);
        assertEquals(List.of(1), sent, "scheduled, not sent");
        timers.remove(0).run();
        assertEquals(List.of(1, 2), sent);
        gate.ended();
        gate.request(3, 8_000_000);
        gate.request(4, 0); // an overrun: at once
        assertEquals(List.of(1, 2, 4), sent);
        gate.ended();
        timers.remove(0).run(); // 3's timer: stale
        assertEquals(List.of(1, 2, 4), sent);
    }

}
