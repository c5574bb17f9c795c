package dev.netlink.client;

/**
 * When the requests the {@link Correlator} sends from its waiting line are flushed: at once, unless a batch of
 * answers is being read, whose answers freed their places in the window — then together when the read ends, so
 * that they share a datagram. {@link Correlator.Output#flushLater} covers a read whose end never comes (a handler
 * that threw). A request the caller writes goes out with the caller's own flush.
 *
 * <p>Confined to the event loop; not thread-safe.
 */
final class FlushAfterRead {
    private final Correlator.Output output;
    private boolean reading;
    private boolean pending;

    FlushAfterRead(Correlator.Output output) {
        this.output = output;
    }

    /** A message of the read in progress reached the correlator. */
    void reading() {
        reading = true;
    }

    /** Something was written: flushed now, or at the end of the read in progress. */
    void written() {
        if (!reading) {
            output.flush();
        } else if (!pending) {
            pending = true;
            output.flushLater();
        }
    }

    /** The read batch is over: what waited for it is flushed. */
    void readComplete() {
        reading = false;
        flushPending();
    }

    /** Flushes what waited for the end of a read batch, if anything did. */
    void flushPending() {
        if (pending) {
            pending = false;
            output.flush();
        }
    }
}
