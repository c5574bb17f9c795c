package dev.netlink.client;

import dev.netlink.codec.DefaultNetlinkMessage;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one timer: asked for again only for an earlier time, and after a sweep for the earliest still due. */
class WakeUpTest {
    private final List<Long> asked = new ArrayList<>();
    private final WakeUp wakeUp = new WakeUp(asked::add);

    private static Exchange exchange(long deadline, Exchange.State state, long retryAt) {
        NetlinkRequest r = new NetlinkRequest(new DefaultNetlinkMessage(0x10, 0, 0, 0, Unpooled.EMPTY_BUFFER),
                ImmediateEventExecutor.INSTANCE.newPromise());
        Exchange e = new Exchange(null, r, ImmediateEventExecutor.INSTANCE.newPromise(), 0, deadline);
        e.state = state;
        e.retryAt = retryAt;
        return e;
    }

    @Test
    void aLaterDeadlineAsksNothingNewAndAnEarlierOneDoes() {
        wakeUp.by(100);
        wakeUp.by(200);
        wakeUp.by(50);
        assertEquals(List.of(100L, 50L), asked);
        wakeUp.fired();
        wakeUp.by(300);
        assertEquals(List.of(100L, 50L, 300L), asked, "once fired, any time is asked for");
    }

    @Test
    void timesCompareByDifferenceSoTheyMayWrap() {
        wakeUp.by(Long.MAX_VALUE);
        wakeUp.by(Long.MAX_VALUE + 10); // wrapped: later, not earlier
        assertEquals(List.of(Long.MAX_VALUE), asked);
    }

    @Test
    void afterASweepItWakesByTheEarliestDeadlineRetryOrAbandonedAnswer() {
        AbandonedAnswers abandoned = new AbandonedAnswers();
        List<Exchange> exchanges = List.of(exchange(500, Exchange.State.SENT, 0),
                exchange(0, Exchange.State.RETRY_WAIT, 300), exchange(100, Exchange.State.ENDED, 0));
        wakeUp.byNextOf(exchanges, abandoned);
        assertEquals(List.of(300L), asked, "the retry; the ended request counts for nothing");
        wakeUp.fired();
        abandoned.add(9, 200);
        wakeUp.byNextOf(exchanges, abandoned);
        assertEquals(List.of(300L, 200L), asked);
        wakeUp.fired();
        wakeUp.byNextOf(List.of(), new AbandonedAnswers());
        assertEquals(List.of(300L, 200L), asked, "nothing due: no wake-up");
    }
}
