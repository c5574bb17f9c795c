package dev.netlink.client;

import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.IntSupplier;
import io.netty.util.internal.ObjectUtil;
import io.netty.util.internal.SystemPropertyUtil;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Bounded busy polling, the user-space counterpart of the kernel's {@code SO_BUSY_POLL}: after any activity an
 * epoll event loop keeps polling ({@code epoll_wait} with a zero timeout) for a short window before it blocks,
 * and a thread waiting on a request's future spins for the same window before it parks.
 *
 * <p>The kernel answers a netlink request inside {@code sendmsg}, so a caller that waits on each reply in turn
 * pays two thread wake-ups per request when both sides sleep: the event loop's ({@code eventfd} write, return
 * from {@code epoll_wait}) and its own ({@code futex}). On a virtual machine each costs several microseconds,
 * more than the kernel's work. Within the window neither side sleeps, so neither needs waking. The price is
 * CPU: an event loop that was active in the last window burns its core until the window passes. So that the
 * price is paid only where it buys something, a spin that runs its whole window in vain makes the next waits
 * skip spinning, 1, 2, 4 … 64 of them, until a spin pays off again ({@link AdaptiveSpin}): a slow peer, a
 * sparse stream of notifications or a JVM still compiling its hot paths costs almost no spinning.
 *
 * <p>{@link NetlinkSocket#sharedGroup()} polls for {@link #DEFAULT_NANOS} (system property
 * {@value #PROPERTY}, in microseconds; 0 turns it off), and so do the futures of a {@link NetlinkSocket} unless
 * its builder says otherwise. A group of the caller's own polls only if made with {@link #ioHandlerFactory}.
 */
public final class BusyPoll {
    /** The system property that sets the default window, in microseconds. */
    public static final String PROPERTY = "dev.netlink.busyPollMicros";
    /** The default window: 50 µs unless {@value #PROPERTY} says otherwise (the kernel's suggested busy_poll). */
    public static final long DEFAULT_NANOS =
            TimeUnit.MICROSECONDS.toNanos(Math.max(0, SystemPropertyUtil.getLong(PROPERTY, 50)));

    private BusyPoll() {
    }

    /**
     * An epoll {@link IoHandlerFactory} (event array growing as needed, as Netty's default) whose loops poll for
     * {@code windowNanos} after their last I/O event or task before blocking in {@code epoll_wait}; 0 gives
     * Netty's default strategy.
     */
    public static IoHandlerFactory ioHandlerFactory(long windowNanos) {
        QuietNetty.initialize(); // before epoll's native code loads NetUtil, which warns in an empty namespace
        return EpollIoHandler.newFactory(0, selectStrategyFactory(windowNanos));
    }

    /** The {@link SelectStrategyFactory} behind {@link #ioHandlerFactory(long)}. */
    public static SelectStrategyFactory selectStrategyFactory(long windowNanos) {
        ObjectUtil.checkPositiveOrZero(windowNanos, "windowNanos");
        if (windowNanos == 0) {
            return DefaultSelectStrategyFactory.INSTANCE;
        }
        return () -> new Strategy(windowNanos, System::nanoTime);
    }

    /**
     * Polls without blocking while the loop was active within the window; blocks otherwise. One per event loop,
     * called only by its thread.
     */
    static final class Strategy implements SelectStrategy {
        private final long windowNanos;
        private final LongSupplier clock;
        private final AdaptiveSpin spin = new AdaptiveSpin();
        private long lastActive;
        /** Polling since {@link #lastActive}, within the window: the loop did not block since. */
        private boolean spinning;

        /** @param clock {@link System#nanoTime()}, or a test's clock */
        Strategy(long windowNanos, LongSupplier clock) {
            this.windowNanos = windowNanos;
            this.clock = clock;
            this.lastActive = clock.getAsLong() - windowNanos;
        }

        @Override
        public int calculateStrategy(IntSupplier selectSupplier, boolean hasTasks) throws Exception {
            int ready = selectSupplier.get(); // epoll_wait(..., 0)
            long now = clock.getAsLong();
            if (ready > 0 || hasTasks) {
                if (spinning) {
                    spinning = false;
                    spin.succeeded();
                }
                lastActive = now;
                return ready;
            }
            if (spinning) {
                if (now - lastActive < windowNanos) {
                    Thread.onSpinWait();
                    return SelectStrategy.CONTINUE; // run due tasks and poll again
                }
                spinning = false;
                spin.failed();
            } else if (now - lastActive < windowNanos && spin.shouldSpin()) {
                spinning = true;
                return SelectStrategy.CONTINUE;
            }
            return SelectStrategy.SELECT;
        }
    }
}
