package dev.netlink.client;

import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.attr.AttributeSchema;
import io.netty.util.ReferenceCounted;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.internal.ObjectUtil;

import java.util.function.Consumer;

/**
 * A request for a {@link NetlinkRequestHandler}: the message to send, the promise its replies complete, and how
 * to treat them. {@link #send(ChannelOutboundInvoker)} writes it through a channel or, from inside a pipeline,
 * through a handler's {@code ChannelHandlerContext}, and returns {@link #replies()}: what the kernel answered. The
 * write's own promise only says whether it was sent.
 *
 * <p>The handler stamps the sequence number, port id 0 and {@code NLM_F_REQUEST | NLM_F_ACK} on the message.
 * Options: a timeout other than the handler's default; what to do on {@code NLM_F_DUMP_INTR}; a consumer that
 * receives a dump's parts as they arrive, or a {@link NetlinkPartReader} that reads them in place (then
 * {@link #replies()} completes with no replies); and the
 * attribute schema of the request, so that an error's {@code NLMSGERR_ATTR_OFFS} can be named.
 *
 * <p>Its reference count is its message's: a request that never reaches the handler (written to a closed
 * channel, say) is released by Netty like any message, and the handler hands the message on. Configure it
 * before writing; not thread-safe.
 */
public final class NetlinkRequest implements ReferenceCounted {
    /** The default bound on {@link DumpInterruptPolicy#RETRY} attempts. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    private final NetlinkMessage message;
    private final Promise<NetlinkReplies<NetlinkMessage>> replies;
    private long timeoutMillis = -1;
    private DumpInterruptPolicy dumpInterruptPolicy = DumpInterruptPolicy.FAIL;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Consumer<? super NetlinkMessage> consumer;
    private NetlinkPartReader partReader;
    private AttributeSchema schema;
    private int headerLength;

    /**
     * @param message the request; ownership passes to this object, then to the pipeline when written
     * @param replies completed with the replies, or failed with {@link dev.netlink.codec.NetlinkException} and the like
     */
    public NetlinkRequest(NetlinkMessage message, Promise<NetlinkReplies<NetlinkMessage>> replies) {
        this.message = ObjectUtil.checkNotNull(message, "message");
        this.replies = ObjectUtil.checkNotNull(replies, "replies");
    }

    /**
     * A request whose replies complete on {@code executor}, e.g. a handler's {@code ctx.executor()}.
     *
     * @param message the request; ownership passes to this object, then to the pipeline when written
     */
    public NetlinkRequest(NetlinkMessage message, EventExecutor executor) {
        this(message, executor.<NetlinkReplies<NetlinkMessage>>newPromise());
    }

    /**
     * Writes and flushes this request through {@code out}: a {@code Channel}, whose whole pipeline it passes, or
     * a handler's {@code ChannelHandlerContext}, from which it goes towards the socket and so must meet a
     * {@link NetlinkRequestHandler} on its way. A write that fails before the handler takes the request (a
     * closed channel) fails the replies too.
     *
     * @return {@link #replies()}
     */
    public Future<NetlinkReplies<NetlinkMessage>> send(ChannelOutboundInvoker out) {
        Channel channel = out instanceof Channel c ? c : out instanceof ChannelHandlerContext ctx ? ctx.channel()
                : out instanceof ChannelPipeline p ? p.channel() : null;
        if (channel != null) {
            out.writeAndFlush(this, new RequestWritePromise(channel, replies)); // fails the replies if it fails
            return replies;
        }
        out.writeAndFlush(this).addListener(f -> {
            if (!f.isSuccess()) {
                replies.tryFailure(f.cause());
            }
        });
        return replies;
    }

    /** The message to send. */
    public NetlinkMessage message() {
        return message;
    }

    /** The promise of the replies. */
    public Promise<NetlinkReplies<NetlinkMessage>> replies() {
        return replies;
    }

    /** Whether the message asks for a dump ({@code NLM_F_DUMP}, both bits). */
    public boolean isDump() {
        return (message.flags() & NetlinkFlags.NLM_F_DUMP) == NetlinkFlags.NLM_F_DUMP;
    }

    /** The timeout in milliseconds; negative means the handler's default, 0 means none. */
    public long timeoutMillis() {
        return timeoutMillis;
    }

    /** Sets the timeout in milliseconds (0 for none), overriding the handler's default. */
    public NetlinkRequest timeoutMillis(long timeoutMillis) {
        this.timeoutMillis = ObjectUtil.checkPositiveOrZero(timeoutMillis, "timeoutMillis");
        return this;
    }

    /** What to do when a part carries {@code NLM_F_DUMP_INTR}; {@link DumpInterruptPolicy#FAIL} by default. */
    public DumpInterruptPolicy dumpInterruptPolicy() {
        return dumpInterruptPolicy;
    }

    /** Sets the {@code NLM_F_DUMP_INTR} policy. */
    public NetlinkRequest dumpInterruptPolicy(DumpInterruptPolicy policy) {
        this.dumpInterruptPolicy = ObjectUtil.checkNotNull(policy, "policy");
        return this;
    }

    /** The most times a dump is sent under {@link DumpInterruptPolicy#RETRY}, the first included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** Sets the bound on {@link DumpInterruptPolicy#RETRY} attempts, the first included. */
    public NetlinkRequest maxAttempts(int maxAttempts) {
        this.maxAttempts = ObjectUtil.checkPositive(maxAttempts, "maxAttempts");
        return this;
    }

    /** The consumer receiving parts as they arrive, or {@code null} to gather them into the reply list. */
    public Consumer<? super NetlinkMessage> consumer() {
        return consumer;
    }

    /**
     * Streams the replies: each part is given to {@code consumer} on the event loop as it arrives and released
     * when the consumer returns (retain it to keep it). Memory then does not grow with the dump; to slow the
     * kernel down, turn the channel's {@code autoRead} off and on again, and the kernel pauses the dump.
     */
    public NetlinkRequest consumer(Consumer<? super NetlinkMessage> consumer) {
        this.consumer = consumer;
        this.partReader = null;
        return this;
    }

    /** The reader of parts in place, or {@code null}. */
    public NetlinkPartReader partReader() {
        return partReader;
    }

    /**
     * Streams the replies as {@link #consumer} does, but each part is read where it lies in the received datagram
     * and no message object is made for it; replaces a consumer. Then {@link #replies()} completes with no
     * replies.
     */
    public NetlinkRequest partReader(NetlinkPartReader reader) {
        this.partReader = reader;
        this.consumer = null;
        return this;
    }

    /** Whether parts go to a {@link #consumer} or a {@link #partReader} instead of the reply list. */
    public boolean streams() {
        return consumer != null || partReader != null;
    }

    /** The schema naming the request's attributes, or {@code null}. */
    public AttributeSchema schema() {
        return schema;
    }

    /** The length of the family header between {@code nlmsghdr} and the attributes. */
    public int headerLength() {
        return headerLength;
    }

    /**
     * Names the request's attributes, so that an error's offset becomes a path such as
     * {@code IFLA_LINKINFO.IFLA_INFO_KIND}. The handler then keeps a reference to the payload until the
     * request ends.
     *
     * @param headerLength the bytes of family header before the attributes (4 for genl, 16 for ifinfomsg);
     *                     rounded up to 4 as {@code NLMSG_ALIGN} does
     */
    public NetlinkRequest schema(AttributeSchema schema, int headerLength) {
        this.schema = schema;
        this.headerLength = ObjectUtil.checkPositiveOrZero(headerLength, "headerLength");
        return this;
    }

    @Override
    public int refCnt() {
        return message.refCnt();
    }

    @Override
    public NetlinkRequest retain() {
        message.retain();
        return this;
    }

    @Override
    public NetlinkRequest retain(int increment) {
        message.retain(increment);
        return this;
    }

    @Override
    public NetlinkRequest touch() {
        message.touch();
        return this;
    }

    @Override
    public NetlinkRequest touch(Object hint) {
        message.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return message.release();
    }

    @Override
    public boolean release(int decrement) {
        return message.release(decrement);
    }

    @Override
    public String toString() {
        return "NetlinkRequest(" + message + ')';
    }
}
