package dev.netlink.client;

import dev.netlink.transport.NetlinkAssumptions;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.util.concurrent.BlockingOperationException;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link BusyPoll}'s select strategy and {@link SpinAwaitPromise}: polling windows, waking, timeouts. */
class BusyPollTest {
    private static EventLoopGroup group;

    @BeforeAll
    static void startLoop() {
        NetlinkAssumptions.assumeNetlink();
        group = new MultiThreadIoEventLoopGroup(1, BusyPoll.ioHandlerFactory(TimeUnit.MICROSECONDS.toNanos(200)));
    }

    @AfterAll
    static void stopLoop() {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void strategyPollsWithinTheWindowAndBlocksAfterIt() throws Exception {
        AtomicLong clock = new AtomicLong(1_000_000);
        BusyPoll.Strategy s = new BusyPoll.Strategy(TimeUnit.MILLISECONDS.toNanos(20), clock::get);
        AtomicInteger polls = new AtomicInteger();
        assertEquals(SelectStrategy.SELECT, s.calculateStrategy(() -> {
            polls.incrementAndGet();
            return 0;
        }, false), "idle since creation: block");
        assertEquals(1, polls.get(), "every decision starts with one non-blocking poll");
        assertEquals(3, s.calculateStrategy(() -> 3, false), "ready fds are handled at once");
        assertEquals(SelectStrategy.CONTINUE, s.calculateStrategy(() -> 0, false), "just active: poll again");
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(19));
        assertEquals(SelectStrategy.CONTINUE, s.calculateStrategy(() -> 0, false), "still within the window");
        assertEquals(0, s.calculateStrategy(() -> 0, true), "tasks waiting: run them after a non-blocking poll");
        assertEquals(SelectStrategy.CONTINUE, s.calculateStrategy(() -> 0, false), "the spin paid off: spin again");
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(20));
        assertEquals(SelectStrategy.SELECT, s.calculateStrategy(() -> 0, false), "window passed: block");
    }

    @Test
    void strategyStopsSpinningWhileSpinsDoNotPayOff() throws Exception {
        long window = TimeUnit.MILLISECONDS.toNanos(2);
        AtomicLong clock = new AtomicLong();
        BusyPoll.Strategy s = new BusyPoll.Strategy(window, clock::get);
        int[] spinsPerIdlePeriod = new int[12];
        for (int period = 0; period < spinsPerIdlePeriod.length; period++) {
            clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
            assertEquals(1, s.calculateStrategy(() -> 1, false)); // activity, then none for the whole window
            int decision;
            while ((decision = s.calculateStrategy(() -> 0, false)) == SelectStrategy.CONTINUE) {
                spinsPerIdlePeriod[period]++;
                clock.addAndGet(window / 4);
                assertTrue(spinsPerIdlePeriod[period] < 100, "the 2 ms window never ended");
            }
            assertEquals(SelectStrategy.SELECT, decision, "a window without activity ends in a blocking wait");
        }
        // failed spins are followed by 1, 2, 4 skipped ones: periods 0 (spin), 1 (skip), 2 (spin), 3-4 (skip), 5
        // (spin), 6-9 (skip), 10 (spin), 11 (skip)
        for (int period : new int[] {0, 2, 5, 10}) {
            assertTrue(spinsPerIdlePeriod[period] > 0, "period " + period + " spins");
        }
        for (int period : new int[] {1, 3, 4, 6, 7, 8, 9, 11}) {
            assertEquals(0, spinsPerIdlePeriod[period], "period " + period + " blocks at once");
        }
    }

    @Test
    void adaptiveSpinBacksOffToItsLimitAndRecoversOnSuccess() {
        AdaptiveSpin spin = new AdaptiveSpin();
        assertTrue(spin.shouldSpin());
        for (int expected : new int[] {1, 2, 4, 8, 16, 32, 64, 64}) {
            spin.failed(); // the last spin went in vain
            int skipped = 0;
            while (!spin.shouldSpin()) {
                skipped++;
            }
            assertEquals(expected, skipped);
        }
        spin.succeeded();
        for (int i = 0; i < 3; i++) {
            assertTrue(spin.shouldSpin(), "after a spin that paid off every wait spins");
        }
    }

    @Test
    void zeroWindowIsNettysDefault() {
        assertSame(DefaultSelectStrategyFactory.INSTANCE, BusyPoll.selectStrategyFactory(0));
        assertThrows(IllegalArgumentException.class, () -> BusyPoll.selectStrategyFactory(-1));
    }

    @Test
    void pollingLoopRunsTasksFromOtherThreadsAndTimers() throws Exception {
        EventLoop loop = group.next();
        // A window of 1 ns has always passed: that loop blocks in epoll_wait and each task must wake it.
        EventLoopGroup blocking = new MultiThreadIoEventLoopGroup(1, BusyPoll.ioHandlerFactory(1));
        try {
            for (EventLoop l : new EventLoop[] {loop, blocking.next()}) {
                for (int i = 0; i < 1000; i++) {
                    int expected = i;
                    Future<Integer> f = l.submit(() -> expected);
                    assertEquals(expected, f.get(5, TimeUnit.SECONDS));
                }
            }
        } finally {
            blocking.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        long start = System.nanoTime();
        loop.schedule(() -> null, 30, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30), "a timer fires on time, not early");
    }

    @Test
    void waiterSeesCompletionFromTheLoop() throws Exception {
        EventLoop loop = group.next();
        for (long spin : new long[] {0, TimeUnit.MICROSECONDS.toNanos(50), TimeUnit.SECONDS.toNanos(1)}) {
            for (int i = 0; i < 200; i++) {
                Promise<Integer> p = SpinAwaitPromise.of(loop, spin, new AdaptiveSpin());
                int value = i;
                loop.execute(() -> p.setSuccess(value));
                assertEquals(value, p.get());
                assertTrue(p.isSuccess());
            }
        }
        Promise<Integer> delayed = SpinAwaitPromise.of(loop, TimeUnit.MICROSECONDS.toNanos(10), new AdaptiveSpin());
        loop.schedule(() -> delayed.setSuccess(7), 20, TimeUnit.MILLISECONDS);
        assertEquals(7, delayed.sync().getNow(), "past the spin the waiter parks and is woken");
    }

    @Test
    void timedWaitsHonourTheirTimeout() throws Exception {
        EventLoop loop = group.next();
        Promise<Void> never = SpinAwaitPromise.of(loop, TimeUnit.MILLISECONDS.toNanos(50), new AdaptiveSpin());
        long start = System.nanoTime();
        assertFalse(never.await(5, TimeUnit.MILLISECONDS), "a timeout shorter than the spin ends the wait");
        long waited = System.nanoTime() - start;
        assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(5) && waited < TimeUnit.MILLISECONDS.toNanos(45),
                "waited " + waited + " ns");
        assertFalse(never.awaitUninterruptibly(60), "the spin then the park, within the timeout");
        assertTrue(never.cancel(false));
        assertTrue(never.await(1, TimeUnit.SECONDS));
    }

    @Test
    void failureIsRethrownAndTheLoopMayNotWaitOnItself() throws Exception {
        EventLoop loop = group.next();
        Promise<Void> failing = SpinAwaitPromise.of(loop, TimeUnit.MICROSECONDS.toNanos(50), new AdaptiveSpin());
        loop.execute(() -> failing.setFailure(new IOException("boom")));
        ExecutionException e = assertThrows(ExecutionException.class, failing::get);
        assertInstanceOf(IOException.class, e.getCause());

        Promise<Void> pending = SpinAwaitPromise.of(loop, TimeUnit.SECONDS.toNanos(1), new AdaptiveSpin());
        Throwable onLoop = loop.submit(() -> {
            try {
                pending.await();
                return null;
            } catch (Throwable t) {
                return t;
            }
        }).get(5, TimeUnit.SECONDS);
        assertInstanceOf(BlockingOperationException.class, onLoop, "no spinning on the loop that must complete it");
        pending.cancel(false);
    }

    @Test
    void withoutWindowAWaiterParksAtOnce() throws Exception {
        AdaptiveSpin policy = new AdaptiveSpin();
        Promise<Void> p = SpinAwaitPromise.of(group.next(), 0, policy);
        assertFalse(p.await(1, TimeUnit.MILLISECONDS), "not done, and no spinning first");
        assertTrue(policy.shouldSpin(), "a wait that never spun does not count as a failed spin");
    }
}
