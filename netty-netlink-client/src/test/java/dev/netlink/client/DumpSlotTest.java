package dev.netlink.client;

import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.NetlinkFlags;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one-dump rule on its own: taken, ended, drained to its end, a late refusal that is no end. */
class DumpSlotTest {
    private final DumpSlot slot = new DumpSlot();
    private final List<NetlinkRequest> requests = new ArrayList<>();

    private Exchange dump(int sequence) {
        NetlinkRequest r = new NetlinkRequest(new DefaultNetlinkMessage(0x12, NetlinkFlags.NLM_F_DUMP, 0, 0,
                Unpooled.buffer(0)), ImmediateEventExecutor.INSTANCE.newPromise());
        requests.add(r);
        Exchange e = new Exchange(null, r, ImmediateEventExecutor.INSTANCE.newPromise(), 0, 0);
        e.sequence = sequence;
        e.state = Exchange.State.SENT;
        return e;
    }

    @AfterEach
    void release() {
        requests.forEach(r -> r.message().release());
    }

    @Test
    void aDumpAnsweredToItsEndFreesTheSlot() {
        Exchange d = dump(7);
        assertTrue(slot.free());
        slot.taken(d);
        assertFalse(slot.free());
        assertTrue(slot.ended(d, false));
        assertTrue(slot.free());
        assertFalse(slot.draining(7));
    }

    @Test
    void aDumpEndedOnOurSideIsDrainedUntilItsDoneAndALateEnobufsIsNoEnd() {
        Exchange d = dump(7);
        slot.taken(d);
        assertTrue(slot.ended(d, true)); // an overrun, a cancellation: the kernel still sends it
        assertFalse(slot.free());
        assertTrue(slot.draining(7), "its sequence stays in use");
        assertFalse(slot.lateEnd(7, true), "the refusal of a dump the kernel runs on");
        assertFalse(slot.lateEnd(8, false), "another sequence's end");
        assertFalse(slot.free());
        assertEquals("free, draining dump 7", slot.toString());
        assertTrue(slot.lateEnd(7, false));
        assertTrue(slot.free());
    }

    @Test
    void anotherRequestsEndLeavesTheSlotAlone() {
        Exchange d = dump(7);
        slot.taken(d);
        assertFalse(slot.ended(dump(8), true));
        assertFalse(slot.free());
        assertEquals("7 SENT", slot.toString());
    }

    @Test
    void aDumpWaitingToBeSentAgainHoldsTheSlot() {
        Exchange d = dump(7);
        slot.taken(d);
        assertNull(slot.retryWaiting());
        d.state = Exchange.State.RETRY_WAIT;
        assertSame(d, slot.retryWaiting());
        assertFalse(slot.free());
    }

    @Test
    void givingUpOnTheDrainedDumpFreesTheSlot() {
        Exchange d = dump(7);
        slot.taken(d);
        slot.ended(d, true);
        slot.giveUpDraining();
        assertTrue(slot.free());
        assertFalse(slot.draining(7));
    }
}
