package dev.netlink.transport;

/**
 * When a {@link NetlinkChannel} talking to the kernel stops being woken by epoll and reads its answers right after
 * its own sends instead; the state machine alone, without I/O.
 *
 * <p>The kernel answers a request inside the {@code sendto} that carries it: by the time the call returns, the
 * reply and the ACK (or a dump's first part) are queued on the socket. Each datagram queued to a socket that is in
 * an epoll set also runs epoll's wake-up callback ({@code sock_def_readable} into {@code ep_poll_callback}: two
 * locks with interrupts off), about 95 ns a datagram on this project's test machine, which a blocking {@code recv}
 * with no one waiting does not pay: the C peer put in an epoll set it never waits on loses 3 % of its round trips
 * and 6 % of its batches. An event-driven conversation — each answer's listener sends the next request, as a
 * daemon programming routes does — so reads its answers while it lasts with the socket out of the epoll set
 * ({@code EPOLL_CTL_DEL}), a read task after each read, and puts it back ({@code EPOLL_CTL_ADD}, which reports
 * whatever is queued by then) when a read finds the queue empty and nothing was sent since the last one.
 *
 * <p>The rules:
 * <ul>
 * <li><b>Enter</b> (unwatch, then read in the loop's next iteration) after {@value #ENTER_AFTER} reads that sent
 *     new requests while they handled answers and ended on their budget of {@code maxMessagesPerRead} with answers
 *     still queued: a conversation that outpaces the reads, not a few requests whose answers one read takes in. A
 *     read that finds the queue empty starts the count again. A caller thread's requests, sent from tasks between
 *     reads, never start one: they come when the caller wakes, not while the loop reads.</li>
 * <li><b>Stay</b> (read again, from a task): while each read sends, or leaves datagrams queued (its budget of
 *     {@code maxMessagesPerRead} ran out), or anything was sent since it.</li>
 * <li><b>Leave</b> (watch again): a read that found the queue empty with nothing sent since the one before. So
 *     the loop never blocks while the socket is out of its epoll set: a read task is always queued then, and the
 *     loop polls instead of waiting while it has tasks.</li>
 * </ul>
 * Entering and leaving cost two {@code epoll_ctl} calls ({@code DEL}, {@code ADD}), a registration object and one
 * empty read, about as much as the callbacks of a dozen datagrams; a conversation of a few requests stays under
 * epoll.
 *
 * <p>Confined to the channel's event loop; not thread-safe.
 */
final class Conversation {
    /** Reads that sent and left answers queued, none finding the queue empty between them, before it leaves. */
    static final int ENTER_AFTER = 3;

    /** What the channel does after a read. */
    enum Next {
        /** Nothing: epoll wakes the channel when more is queued. */
        WAIT,
        /** Take the socket out of the epoll set and queue a read task for the next iteration. */
        UNWATCH_AND_READ,
        /** Queue a read task: the socket is out of the epoll set and answers are due. */
        READ,
        /** Put the socket back into the epoll set: the conversation is over. */
        WATCH
    }

    private boolean quiet;
    private boolean sentInRead;
    private boolean sentSinceRead;
    private int readsThatSent;

    /** Whether the socket is out of the epoll set, read by tasks. */
    boolean quiet() {
        return quiet;
    }

    /**
     * Datagrams went to the kernel.
     *
     * @param inRead whether they were sent while a read handled answers (by the answers' listeners)
     */
    void sent(boolean inRead) {
        sentSinceRead = true;
        if (inRead) {
            sentInRead = true;
        }
    }

    /**
     * A read ended.
     *
     * @param drained whether it found the queue empty ({@code EAGAIN})
     */
    Next readEnded(boolean drained) {
        boolean inRead = sentInRead;
        boolean since = sentSinceRead;
        sentInRead = false;
        sentSinceRead = false;
        if (quiet) {
            if (since || !drained) {
                return Next.READ;
            }
            quiet = false;
            return Next.WATCH;
        }
        if (inRead && !drained) {
            if (++readsThatSent >= ENTER_AFTER) {
                readsThatSent = 0;
                quiet = true;
                return Next.UNWATCH_AND_READ;
            }
        } else if (drained) {
            readsThatSent = 0;
        }
        return Next.WAIT;
    }

    /** Back under epoll with nothing counted: the channel re-registered, or reading paused, or an epoll call failed. */
    void reset() {
        quiet = false;
        sentInRead = false;
        sentSinceRead = false;
        readsThatSent = 0;
    }

    @Override
    public String toString() {
        return quiet ? "reading after its sends, out of epoll" : "under epoll, " + readsThatSent + " reads that sent";
    }
}
