package dev.netlink.client;

import dev.netlink.codec.NetlinkException;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.attr.AttributeSchema;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.concurrent.Promise;

/**
 * One request's way through the {@link Correlator}: queued, sent (perhaps again, for a
 * {@link DumpInterruptPolicy#RETRY retried} dump), ended. Holds the parts gathered so far and, when the request
 * needs it later (to name an error's attribute, to send a dump again), a duplicate of the sent message. It is told
 * of a cancellation and of a failed write: by its {@link SpinAwaitPromise} and {@link RequestWritePromise} when the
 * request has them (a socket's requests do), else as the listener of its futures. Confined to the event loop, but
 * for {@link #operationComplete} on a cancellation.
 */
final class Exchange implements GenericFutureListener<Future<Object>> {
    /** Where an exchange is on its way. */
    enum State {
        /** Waiting for a place in the window, or for the dump slot. */
        QUEUED,
        /** Sent; its answer is awaited under {@link #sequence}. */
        SENT,
        /** A dump flagged {@code NLM_F_DUMP_INTR}, waiting to be sent again at {@link #retryAt}. */
        RETRY_WAIT,
        /** Completed, failed or cancelled; forgotten by the correlator. */
        ENDED
    }

    final Correlator owner;
    final NetlinkRequest request;
    /** Completed when the message has been written, failed when it never will be. */
    final Promise<Void> written;
    final long created;
    /** The time the request fails with a timeout; 0 for never. */
    final long deadline;
    final NetlinkReplies<NetlinkMessage> parts = new NetlinkReplies<>();
    State state = State.QUEUED;
    /** A retained duplicate of the sent message, kept while the request may need it again; or null. */
    NetlinkMessage copy;
    int sequence;
    int attempts;
    long retryAt;
    boolean interrupted;
    /**
     * For the first request of a batch still waiting: how many requests the batch has (they follow this one in
     * the queue, and go out together); 0 for any other.
     */
    int batchSize;
    /** Whether this request belongs to a batch; one that ends while queued stays in the queue, skipped. */
    boolean inBatch;

    Exchange(Correlator owner, NetlinkRequest request, Promise<Void> written, long now, long timeoutNanos) {
        this.owner = owner;
        this.request = request;
        this.written = written;
        this.created = now;
        // 0 means no deadline; a computed deadline that happens to be 0 is nudged by a nanosecond.
        long d = now + timeoutNanos;
        this.deadline = timeoutNanos == 0 ? 0 : d == 0 ? 1 : d;
    }

    boolean isDump() {
        return request.isDump();
    }

    /** Whether the answer must be kept after sending: to name an error's attribute, or to send it again. */
    boolean keepsCopy() {
        return request.schema() != null || request.dumpInterruptPolicy() == DumpInterruptPolicy.RETRY;
    }

    /**
     * {@code e} with the attribute at its extended-ack offset named by the request's schema, e.g.
     * {@code IFLA_LINKINFO.IFLA_INFO_KIND}; {@code e} itself when the request has no schema or the offset
     * points outside its attributes.
     */
    NetlinkException named(NetlinkException e) {
        AttributeSchema schema = request.schema();
        int offset = e.extendedAck().offset();
        if (schema == null || copy == null || offset < 0) {
            return e;
        }
        ByteBuf payload = copy.content();
        int header = NetlinkMessage.align(request.headerLength());
        int at = offset - NetlinkMessage.HEADER_LENGTH - header;
        if (at < 0 || header > payload.readableBytes()) {
            return e;
        }
        String path = schema.pathOf(payload.slice(payload.readerIndex() + header, payload.readableBytes() - header),
                at);
        return path == null ? e : e.withAttributePath(path);
    }

    /**
     * Listens to the request's replies (a cancellation by the caller, from any thread) and to each write of its
     * message (a write that failed); one listener object per request, so the hot path allocates no lambdas.
     */
    @Override
    public void operationComplete(Future<Object> future) {
        if (future == (Object) request.replies()) {
            if (future.isCancelled()) {
                owner.cancelledFromAnyThread(this);
            }
        } else if (!future.isSuccess()) {
            owner.writeFailed(this, future.cause());
        }
    }

    void releaseCopy() {
        if (copy != null) {
            copy.release();
            copy = null;
        }
    }

    @Override
    public String toString() {
        return "Exchange(" + request.message() + ", " + state + (attempts > 1 ? ", attempt " + attempts : "") + ')';
    }
}
