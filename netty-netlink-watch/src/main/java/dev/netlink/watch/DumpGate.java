package dev.netlink.watch;

import java.util.function.IntConsumer;

/**
 * When a watch sends the dump its engine asks for: one at a time, the latest asked for only, after the delay the
 * engine gave (its back-off after {@code NLM_F_DUMP_INTR}). A generation asked for while another is out replaces
 * any still waiting: the engine ignores the answers of older generations, so sending them would only fill the
 * receive queue. (A dump the kernel still runs after our side ended it — refused with {@code ENOBUFS}, cancelled,
 * timed out — holds the next one back in the request handler itself, until its {@code NLMSG_DONE}.) No I/O;
 * confined to the event loop.
 */
final class DumpGate {
    /** Runs a task after a delay, on the event loop. */
    @FunctionalInterface
    interface Scheduler {
        void schedule(Runnable task, long delayNanos);
    }

    private final IntConsumer sender;
    private final Scheduler scheduler;
    /** The latest generation asked for. */
    private int latest;
    /** A generation due and not yet sent; 0 for none (generations count from 1). */
    private int due;
    private boolean out;

    /**
     * @param sender    sends the dump of a generation; its end must be reported with {@link #ended()}
     * @param scheduler runs the delayed requests
     */
    DumpGate(IntConsumer sender, Scheduler scheduler) {
        this.sender = sender;
        this.scheduler = scheduler;
    }

    /** The engine asks for the dump of {@code generation} in {@code delayNanos} (0: now). */
    void request(int generation, long delayNanos) {
        latest = generation;
        due = 0;
        if (delayNanos <= 0) {
            due = generation;
            open();
        } else {
            scheduler.schedule(() -> {
                if (latest == generation) {
                    due = generation;
                    open();
                }
            }, delayNanos);
        }
    }

    /** The dump sent last was answered, failed or given up on by the request handler. */
    void ended() {
        out = false;
        open();
    }

    /** Sends what is due, if nothing of ours is out. */
    private void open() {
        if (due != 0 && !out) {
            int g = due;
            due = 0;
            out = true;
            sender.accept(g);
        }
    }

    /** Whether a generation waits to be sent. */
    boolean waiting() {
        return due != 0;
    }

    @Override
    public String toString() {
        return "DumpGate(latest " + latest + (due == 0 ? "" : ", due " + due) + (out ? ", one out" : "") + ')';
    }
}
