package dev.netlink.codec;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clean-up of a loop that terminates first: run then, forgotten when the channel closes or asks to. */
class LoopTerminationTest {
    /**
     * Terminates {@code loop} and waits until its termination future's listeners have run: they are told in the
     * order they were added, so once one added last has run, every earlier one has.
     */
    private static void terminate(DefaultEventLoop loop) throws InterruptedException {
        CountDownLatch told = new CountDownLatch(1);
        loop.terminationFuture().addListener(f -> told.countDown());
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        assertTrue(told.await(10, TimeUnit.SECONDS), "the loop terminated");
    }

    @Test
    void aLoopThatTerminatesBeforeTheChannelClosesRunsTheCleanUpOnce() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        EmbeddedChannel ch = new EmbeddedChannel();
        AtomicInteger runs = new AtomicInteger();
        LoopTermination.whenTerminatedFirst(ch, loop, runs::incrementAndGet);
        terminate(loop);
        assertEquals(1, runs.get());
        assertFalse(ch.finish());
    }

    @Test
    void aChannelClosedFirstIsForgottenSoTheLoopKeepsNothingOfIt() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        AtomicInteger runs = new AtomicInteger();
        for (int i = 0; i < 1000; i++) { // a daemon's sockets, opened and closed on one long-lived loop
            EmbeddedChannel ch = new EmbeddedChannel();
            LoopTermination.whenTerminatedFirst(ch, loop, runs::incrementAndGet);
            ch.close().sync();
        }
        terminate(loop);
        assertEquals(0, runs.get(), "every listener was removed from the termination future when its channel closed");
    }

    @Test
    void forgettingTheCleanUpKeepsItFromRunning() throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        EmbeddedChannel ch = new EmbeddedChannel();
        AtomicInteger runs = new AtomicInteger();
        LoopTermination.whenTerminatedFirst(ch, loop, runs::incrementAndGet).run(); // the channel moved elsewhere
        terminate(loop);
        assertEquals(0, runs.get());
        assertFalse(ch.finish());
    }

    @Test
    void anExecutorThatNeverTerminatesGetsNothingRegistered() {
        EmbeddedChannel ch = new EmbeddedChannel();
        AtomicInteger runs = new AtomicInteger();
        LoopTermination.whenTerminatedFirst(ch, ch.eventLoop(), runs::incrementAndGet).run();
        assertFalse(ch.finish());
        assertEquals(0, runs.get());
    }
}
