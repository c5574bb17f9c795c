package dev.netlink.genl;

import dev.netlink.codec.MalformedNetlinkException;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageType;
import dev.netlink.codec.NetlinkOverrunEvent;
import dev.netlink.client.NotificationQueue;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.Promise;

import java.util.function.Consumer;

/**
 * Sorts the notifications of a generic netlink socket by family, so that several family sockets can share one
 * channel: a message of a family that has a {@link GenericNetlinkSocket} is decoded (with that family's header
 * size) and queued for its {@code receive()}, or handed to the family's watcher; anything else goes on down the
 * pipeline untouched. Confined to the event loop.
 */
final class GenlNotificationRouter extends ChannelInboundHandlerAdapter {
    private final int capacity;
    private final IntObjectHashMap<Route> routes = new IntObjectHashMap<>();
    private ChannelHandlerContext ctx;

    GenlNotificationRouter(int capacity) {
        this.capacity = capacity;
    }

    private static final class Route {
        final int hdrsize;
        final NotificationQueue<GenericNetlinkMessage> queue;

        Route(int hdrsize, NotificationQueue<GenericNetlinkMessage> queue) {
            this.hdrsize = hdrsize;
            this.queue = queue;
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Routes family {@code id}'s notifications to a queue of their own. Event loop only. */
    void register(int id, String name, int hdrsize) {
        if (!routes.containsKey(id)) {
            routes.put(id, new Route(hdrsize, new NotificationQueue<>(ctx.channel(), name + " receive()", capacity)));
        }
    }

    /** Stops routing family {@code id}'s notifications: they go on down the pipeline; queued ones are released. */
    void unregister(int id) {
        Route r = routes.remove(id);
        if (r != null) {
            r.queue.close();
            r.queue.releaseAll();
        }
    }

    /** Completes {@code promise} with the family's next notification. Event loop only. */
    void receive(int id, Promise<GenericNetlinkMessage> promise) {
        Route r = routes.get(id);
        if (r == null) {
            promise.tryFailure(new IllegalStateException("family 0x" + Integer.toHexString(id) + " not registered"));
        } else {
            r.queue.receive(promise);
        }
    }

    /**
     * Hands the family's notifications to {@code watcher} (on the event loop; released after it returns) instead
     * of queueing them, the queued ones first; {@code null} queues them again. Event loop only.
     */
    void watch(int id, Consumer<? super GenericNetlinkMessage> watcher) {
        Route r = routes.get(id);
        if (r != null) {
            r.queue.listen(watcher);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Route r;
        if (!(msg instanceof NetlinkMessage m) || NetlinkMessageType.isControl(m.type())
                || (r = routes.get(m.type())) == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        GenericNetlinkMessage g;
        try {
            g = GenericNetlinkMessage.of(m, r.hdrsize);
        } catch (MalformedNetlinkException e) {
            m.release();
            ctx.fireExceptionCaught(e);
            return;
        }
        r.queue.offer(g);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof NetlinkOverrunEvent overrun && overrun.repliesLost()) {
            routes.forEach((id, r) -> r.queue.overrun(overrun)); // the kernel's loss: every family may have lost
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        routes.forEach((id, r) -> r.queue.close());
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        routes.forEach((id, r) -> r.queue.releaseAll());
    }
}
