package dev.netlink.client;

import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
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
    private final List<M> messages;
    private boolean dumpInterrupted;

    /** An empty container, to be filled by the request handler or by {@link #map}. */
    NetlinkReplies() {
        this.messages = new ArrayList<>(4);
    }

    private NetlinkReplies(List<M> messages, boolean dumpInterrupted) {
        this.messages = messages;
        this.dumpInterrupted = dumpInterrupted;
    }

    /** The number of replies. */
    public int size() {
        return messages.size();
    }

    /** Whether there are none (an acknowledged change, an empty dump). */
    public boolean isEmpty() {
        return messages.isEmpty();
    }

    /** Reply {@code index}; valid while this container is not released. */
    public M get(int index) {
        return messages.get(index);
    }

    /** The replies as an unmodifiable list; valid while this container is not released. */
    public List<M> asList() {
        return Collections.unmodifiableList(messages);
    }

    /** The replies in order; valid while this container is not released. */
    public Stream<M> stream() {
        return messages.stream();
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
        List<N> out = new ArrayList<>(messages.size());
        int i = 0;
        try {
            for (; i < messages.size(); i++) {
                out.add(convert.apply(messages.get(i)));
            }
        } catch (RuntimeException | Error e) {
            out.forEach(ReferenceCountUtil::release);
            for (; i < messages.size(); i++) {
                ReferenceCountUtil.release(messages.get(i));
            }
            messages.clear();
            release();
            throw e;
        }
        messages.clear();
        release();
        return new NetlinkReplies<>(out, dumpInterrupted);
    }

    void add(M message) {
        messages.add(message);
    }

    void markDumpInterrupted() {
        dumpInterrupted = true;
    }

    /** Releases every reply now and empties the container; it stays usable (a dump retried from scratch). */
    void clear() {
        messages.forEach(ReferenceCountUtil::release);
        messages.clear();
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
        for (M m : messages) {
            m.touch(hint);
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
        return "NetlinkReplies(" + (refCnt() > 0 ? messages.size() + " messages" : "released")
                + (dumpInterrupted ? ", NLM_F_DUMP_INTR" : "") + ')';
    }
}
