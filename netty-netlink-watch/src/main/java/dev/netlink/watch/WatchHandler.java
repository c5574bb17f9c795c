package dev.netlink.watch;

import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkOverrunEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The watch's place in its socket's pipeline, after the request handler: the notifications its source reads
 * become {@link WatchEngine#notification}s (and are released here), every {@link NetlinkOverrunEvent} an
 * {@link WatchEngine#overrun}, in the order the socket read them; the rest passes on. Confined to the event loop.
 */
final class WatchHandler<K, V> extends ChannelInboundHandlerAdapter {
    private final WatchSource<K, V> source;
    private WatchEngine<K, V> engine;
    private Runnable poke;
    /** Written on the event loop only. */
    private volatile long notifications;

    WatchHandler(WatchSource<K, V> source) {
        this.source = source;
    }

    /**
     * Starts feeding {@code engine}; before that every notification is dropped. {@code poke} is run after each
     * kernel overrun. Event loop only.
     */
    void engine(WatchEngine<K, V> engine, Runnable poke) {
        this.engine = engine;
        this.poke = poke;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof NetlinkMessage m)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            notifications++;
            WatchSource.Change<V> change = engine == null ? null : source.notification(m);
            if (change != null) {
                engine.notification(change.object(), change.removed(), change.replace());
            }
        } finally {
            m.release();
        }
    }

    /** The messages read that answer no request; readable from any thread. */
    long notifications() {
        return notifications;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof NetlinkOverrunEvent overrun && engine != null) {
            engine.overrun(overrun.repliesLost() ? ResyncCause.KERNEL_OVERRUN : ResyncCause.QUEUE_FULL);
            if (overrun.repliesLost()) {
                poke.run();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (engine != null) {
            engine.close();
        }
        ctx.fireChannelInactive();
    }
}
