package dev.netlink.client;

import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkOverrunEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Promise;

import java.util.function.Consumer;

/**
 * The last handler of a {@link NetlinkSocket}'s pipeline: every {@link NetlinkMessage} that reaches it (the ones
 * that answer no request) goes to the socket's notification listener if it has one, else into a
 * {@link NotificationQueue} for {@link NetlinkSocket#receive()}. Confined to the event loop.
 */
final class NetlinkNotificationHandler extends ChannelInboundHandlerAdapter {
    private final int capacity;
    private NotificationQueue<NetlinkMessage> queue;

    NetlinkNotificationHandler(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        queue = new NotificationQueue<>(ctx.channel(), "receive()", capacity);
    }

    /** Completes {@code promise} with the next notification; call on the event loop. */
    void receive(Promise<NetlinkMessage> promise) {
        queue.receive(promise);
    }

    /** Pushes every notification to {@code listener}, or queues them again when it is {@code null}. Event loop only. */
    void listen(Consumer<? super NetlinkMessage> listener) {
        queue.listen(listener);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof NetlinkMessage m) {
            queue.offer(m);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof NetlinkOverrunEvent overrun && overrun.repliesLost()) {
            queue.overrun(overrun);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        queue.close();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        queue.releaseAll();
    }
}
