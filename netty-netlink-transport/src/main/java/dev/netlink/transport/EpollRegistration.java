package dev.netlink.transport;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.concurrent.Future;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A {@link NetlinkChannel}'s place in its event loop's epoll set: Netty's {@link IoRegistration} of the socket and
 * the interest the channel asks for — {@code EPOLLERR} always (never none, which would drop the fd from epoll),
 * {@code EPOLLIN} while it reads. While a {@link Conversation} reads without epoll the socket is out of the set
 * ({@link #leave}, {@code EPOLL_CTL_DEL}) and the interest is kept, to come back with it ({@link #rejoin},
 * {@code EPOLL_CTL_ADD}); {@link #cancel} ends the registration when the channel leaves its loop.
 *
 * <p>Confined to the channel's event loop; not thread-safe.
 */
final class EpollRegistration {
    private final EpollIoHandle handle;
    private IoRegistration registration;
    private EpollIoOps ops = EpollIoOps.EPOLLERR;
    /** Out of the epoll set for a conversation, still registered with the loop as far as the channel goes. */
    private boolean out;

    /** @param handle what the loop notifies of readiness: the channel's unsafe */
    EpollRegistration(EpollIoHandle handle) {
        this.handle = handle;
    }

    /** The loop registered the socket: it joins the set with the interest asked for so far. */
    void registered(IoRegistration r) {
        registration = r;
        out = false;
        r.submit(ops);
    }

    /** Whether the socket is registered with a loop, in the epoll set or out of it for a conversation. */
    boolean isRegistered() {
        return registration != null;
    }

    /** Whether the channel asks to read ({@code EPOLLIN}). */
    boolean reading() {
        return ops.contains(EpollIoOps.EPOLLIN);
    }

    /** Whether the socket is out of the epoll set for a conversation. */
    boolean isOut() {
        return out;
    }

    /**
     * Asks for {@code EPOLLIN} or not; in the set at once ({@code EPOLL_CTL_MOD}), out of it when it comes back.
     *
     * @throws UncheckedIOException when {@code epoll_ctl} fails
     */
    void reading(boolean on) {
        EpollIoOps newOps = on ? ops.with(EpollIoOps.EPOLLIN) : ops.without(EpollIoOps.EPOLLIN);
        if (newOps.equals(ops)) {
            return;
        }
        ops = newOps;
        if (registration != null && !out) {
            registration.submit(newOps);
        }
    }

    /**
     * Takes the socket out of the epoll set ({@code EPOLL_CTL_DEL}) for a conversation; returns whether it is out
     * now. A failed {@code epoll_ctl} after which the registration is gone counts as out: the conversation's reads
     * then bring it back like any other.
     */
    boolean leave() {
        IoRegistration r = registration;
        if (r == null || out || !r.isValid()) {
            return false;
        }
        try {
            r.cancel();
            out = true;
        } catch (RuntimeException e) {
            out = !r.isValid();
        }
        return out;
    }

    /**
     * Puts the socket back into the epoll set with the interest asked for ({@code EPOLL_CTL_ADD}): epoll then
     * reports at once whatever was queued meanwhile. Done at once, on {@code loop}'s thread.
     *
     * @throws IOException when the loop refuses the registration or {@code epoll_ctl} fails
     */
    void rejoin(IoEventLoop loop) throws IOException {
        if (!out) {
            return;
        }
        Future<IoRegistration> f = loop.register(handle);
        if (!f.isSuccess()) {
            throw new IOException("epoll registration: " + f.cause(), f.cause());
        }
        registered(f.getNow());
    }

    /** Ends the registration: the channel leaves its loop. The interest starts again from {@code EPOLLERR}. */
    void cancel() {
        IoRegistration r = registration;
        registration = null;
        out = false;
        ops = EpollIoOps.EPOLLERR;
        if (r != null) {
            r.cancel();
        }
    }

    @Override
    public String toString() {
        return registration == null ? "not registered" : (out ? "out of the epoll set, " : "in the epoll set, ") + ops;
    }
}
