package dev.netlink.client;

import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The answer to one request, in the order the kernel sent it: every message with the request's sequence number
 * except the terminating acknowledgement ({@code NLMSG_ERROR} with error 0) or {@code NLMSG_DONE}. Every request
 * result is one of these, raw ({@code NetlinkReplies<NetlinkMessage>}) or decoded by a family
 * ({@code NetlinkReplies<GenericNetlinkMessage>}).
 *
 * <p>It is {@link ReferenceCounted}: the messages share pooled memory, and the last {@link #release()} (or
 * {@link #close()}, so that try-with-resources works) releases them all; {@code ReferenceCountUtil.release} works
 * on it like on any message. {@link #dumpInterrupted()} says that a part carried {@code NLM_F_DUMP_INTR} and the
 * request asked for {@link DumpInterruptPolicy#RETURN} rather than a failure. Not thread-safe: read it on one
 * thread at a time.
 *
 * @param <M> the message type
 */
public final class NetlinkReplies<M extends ReferenceCounted> extends AbstractReferenceCounted
        implements Iterable<M>, AutoCloseable {
    private static final Object[] NONE = {};

    /** The replies in order, {@code size} of them; an array of our own, so a reply costs no list node. */
    private Object[] messages;
    private int size;
    private boolean dumpInterrupted;

    /** An empty container, to be filled by the request handler or by {@link #map}. */
    NetlinkReplies() {
        this.messages = NONE;
    }

    private NetlinkReplies(Object[] messages, int size, boolean dumpInterrupted) {
        this.messages = messages;
        this.size = size;
        this.dumpInterrupted = dumpInterrupted;
    }

    /** The number of replies. */
    public int size() {
        return size;
    }

    /** Whether there are none (an acknowledged change, an empty dump). */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Reply {@code index}; valid while this container is not released. */
    @SuppressWarnings("unchecked")
    public M get(int index) {
        Objects.checkIndex(index, size);
        return (M) messages[index];
    }

    /** The replies as an unmodifiable list; valid while this container is not released. */
    public List<M> asList() {
        return new AbstractList<>() {
            @Override
            public M get(int index) {
                return NetlinkReplies.this.get(index);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** The replies in order; valid while this container is not released. */
    public Stream<M> stream() {
        return asList().stream();
    }

    @Override
    public Iterator<M> iterator() {
        return asList().iterator();
    }

    /** Whether the kernel flagged this dump as inconsistent ({@code NLM_F_DUMP_INTR}). */
    public boolean dumpInterrupted() {
        return dumpInterrupted;
    }

    /**
     * The same replies converted by {@code convert}, which takes ownership of each message it returns a result
     * for (the result holds the same memory, or {@code convert} released the message). This container is emptied
     * and released, so the caller owns only the result. If {@code convert} throws, the message it was given stays
     * this container's: every message and every result so far is released and the exception passes on.
     */
    public <N extends ReferenceCounted> NetlinkReplies<N> map(Function<? super M, ? extends N> convert) {
        Object[] out = new Object[size];
        int i = 0;
        try {
            for (; i < size; i++) {
                out[i] = convert.apply(get(i));
            }
        } catch (RuntimeException | Error e) {
            for (int j = 0; j < i; j++) {
                ReferenceCountUtil.release(out[j]);
            }
            for (; i < size; i++) {
                ReferenceCountUtil.release(messages[i]);
            }
            forget();
            release();
            throw e;
        }
        NetlinkReplies<N> result = new NetlinkReplies<>(out, size, dumpInterrupted);
        forget();
        release();
        return result;
    }

    void add(M message) {
        if (size == messages.length) {
            messages = Arrays.copyOf(messages, Math.max(4, size * 2));
        }
        messages[size++] = message;
    }

    void markDumpInterrupted() {
        dumpInterrupted = true;
    }

    /** Releases every reply now and empties the container; it stays usable (a dump retried from scratch). */
    void clear() {
        for (int i = 0; i < size; i++) {
            ReferenceCountUtil.release(messages[i]);
        }
        forget();
    }

    /** Empties the container without releasing: its replies have been handed on. */
    private void forget() {
        Arrays.fill(messages, 0, size, null);
        size = 0;
    }

    /** Releases this container (and so its replies) unless it is released already. */
    @Override
    public void close() {
        if (refCnt() > 0) {
            release();
        }
    }

    @Override
    protected void deallocate() {
        clear();
    }

    @Override
    public NetlinkReplies<M> touch(Object hint) {
        for (int i = 0; i < size; i++) {
            ReferenceCountUtil.touch(messages[i], hint);
        }
        return this;
    }

    @Override
    public NetlinkReplies<M> retain() {
        super.retain();
        return this;
    }

    @Override
    public NetlinkReplies<M> retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public NetlinkReplies<M> touch() {
        super.touch();
        return this;
    }

    @Override
    public String toString() {
        return "NetlinkReplies(" + (refCnt() > 0 ? size + " messages" : "released")
                + (dumpInterrupted ? ", NLM_F_DUMP_INTR" : "") + ')';
    }
}
