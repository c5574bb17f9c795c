package dev.netlink.transport;

import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.SingleThreadEventLoop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.RejectedExecutionException;

/**
 * Carries out what a {@link Conversation} decides for a {@link NetlinkChannel}
 * ({@link NetlinkChannelOption#READ_AFTER_SEND}): takes the socket out of the epoll set and puts it back
 * ({@link EpollRegistration}), and reads while it is out, from a task queued once per loop iteration with
 * {@code executeAfterEventLoopIteration}, so that it runs after the loop's I/O — a task queued by a task would run
 * in the same pass, for up to Netty's task quantum (1 s), and keep the loop from its other channels.
 *
 * <p>The socket goes back into the epoll set when the conversation says so, when reading pauses ({@code autoRead}
 * off), when a read throws and when a cancel fails. A read task left on a loop the channel has since left does
 * nothing. On a loop shutting down the channel closes, as the loop closes every channel registered with it, which
 * this one is not while out of the set.
 *
 * <p>Confined to the channel's event loop, but for {@link #conversations()}.
 */
final class ConversationReads {
    /** What this needs of its channel. */
    interface Socket {
        /** The channel's event loop. */
        EventLoop eventLoop();

        /** Whether the socket is open and registered: there is something to read and put back into epoll. */
        boolean canRead();

        /** Runs the channel's read loop, then {@link #readEnded}. */
        void read();

        /** Closes the channel. */
        void close();

        /** {@code epoll_ctl} failed: report it and close. */
        void epollFailed(Exception e);
    }

    private final Conversation conversation = new Conversation();
    private final EpollRegistration epoll;
    private final Socket socket;
    private final Runnable read = this::read;
    private final Runnable queueRead;
    private volatile long conversations;

    ConversationReads(EpollRegistration epoll, Socket socket) {
        this.epoll = epoll;
        this.socket = socket;
        this.queueRead = () -> socket.eventLoop().execute(read);
    }

    /** Conversations read out of the epoll set so far. Readable from any thread. */
    long conversations() {
        return conversations;
    }

    /** Whether a conversation reads without epoll now. */
    boolean quiet() {
        return conversation.quiet();
    }

    /** Datagrams went to the kernel; {@code inRead}: while a read handled answers. */
    void sent(boolean inRead) {
        conversation.sent(inRead);
    }

    /** The channel left its loop: nothing counted, and a read task still queued finds nothing to do. */
    void reset() {
        conversation.reset();
    }

    /**
     * A read ended ({@code drained}: on an empty queue): wait for epoll, read on without it, or go back.
     *
     * @param enabled whether {@link NetlinkChannelOption#READ_AFTER_SEND} is on
     */
    void readEnded(boolean drained, boolean enabled) {
        if (!enabled) {
            if (conversation.quiet()) {
                conversation.reset();
                rejoin();
            }
            return;
        }
        switch (conversation.readEnded(drained)) {
            case WAIT -> { }
            case UNWATCH_AND_READ -> {
                if (leave()) {
                    conversations++;
                    readNextIteration();
                }
            }
            case READ -> readNextIteration();
            case WATCH -> rejoin();
        }
    }

    private void readNextIteration() {
        try {
            ((SingleThreadEventLoop) socket.eventLoop()).executeAfterEventLoopIteration(queueRead);
        } catch (RejectedExecutionException e) {
            conversation.reset(); // the loop is shut down: close, as it would have closed a registered channel
            socket.close();
        }
    }

    /** A read task: the socket is out of the epoll set, so nothing else would read it. */
    private void read() {
        EventLoop loop = socket.eventLoop();
        if (!loop.inEventLoop() || !conversation.quiet() || !socket.canRead()) {
            return; // back under epoll meanwhile, deregistered (perhaps onto another loop), or closed
        }
        if (loop.isShuttingDown()) {
            conversation.reset();
            socket.close();
            return;
        }
        if (!epoll.reading()) {
            conversation.reset(); // reading paused (autoRead off): epoll tells when it may go on
            rejoin();
            return;
        }
        try {
            socket.read();
        } catch (Throwable t) {
            if (conversation.quiet()) {
                conversation.reset(); // no read task follows a read that threw: back under epoll
                rejoin();
            }
            throw t;
        }
    }

    /** Takes the socket out of the epoll set; false, and the conversation over, if it cannot. */
    private boolean leave() {
        if (!epoll.reading() || !(socket.eventLoop() instanceof SingleThreadEventLoop) || !epoll.leave()) {
            conversation.reset();
            return false;
        }
        return true;
    }

    /** Puts the socket back into the epoll set, where epoll reports at once what was queued meanwhile. */
    private void rejoin() {
        if (!socket.canRead()) {
            return;
        }
        try {
            epoll.rejoin((IoEventLoop) socket.eventLoop());
        } catch (IOException | UncheckedIOException e) {
            socket.epollFailed(e);
        }
    }

    @Override
    public String toString() {
        return conversation + ", " + epoll;
    }
}
