package dev.netlink.watch;

import dev.netlink.codec.HostOrder;
import dev.netlink.codec.NetlinkDatagram;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessageType;
import dev.netlink.codec.NetlinkOverrunEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * A test's record of a socket's conversation at the head of its pipeline, for a failure message: each request
 * written (sequence, type, flags), the first part of each answer, every {@code NLMSG_ERROR} and {@code NLMSG_DONE}
 * (with its error and {@code NLM_F_DUMP_INTR}), every overrun; the last {@value #KEEP} lines, with milliseconds.
 * Notifications are counted, not recorded. Confined to the event loop but {@link #toString()}, which copies.
 */
final class WireTrace extends ChannelDuplexHandler {
    private static final int KEEP = 200;
    private final long start = System.nanoTime();
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final Set<Integer> answered = new HashSet<>();
    private long notifications;

    private void add(String line) {
        synchronized (lines) {
            if (lines.size() == KEEP) {
                lines.removeFirst();
            }
            lines.addLast((System.nanoTime() - start) / 1_000_000 + " ms " + line);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ByteBuf b = msg instanceof ByteBuf buf ? buf : msg instanceof ByteBufHolder h ? h.content() : null;
        if (b != null) {
            walk(b, "sent");
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof NetlinkDatagram d) {
            if (d.group() != 0) {
                notifications++;
            } else {
                walk(d.content(), "read");
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof NetlinkOverrunEvent o) {
            add("overrun " + o + " after " + notifications + " notifications");
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void walk(ByteBuf b, String what) {
        int i = b.readerIndex();
        int end = b.writerIndex();
        while (end - i >= 16) {
            int len = HostOrder.getI32(b, i);
            int type = HostOrder.getU16(b, i + 4);
            int flags = HostOrder.getU16(b, i + 6);
            int seq = HostOrder.getI32(b, i + 8);
            if (len < 16) {
                break;
            }
            boolean ends = type == NetlinkMessageType.NLMSG_ERROR || type == NetlinkMessageType.NLMSG_DONE;
            String intr = (flags & NetlinkFlags.NLM_F_DUMP_INTR) != 0 ? " DUMP_INTR" : "";
            if (what.equals("sent")) {
                add("sent seq " + seq + " " + NetlinkMessageType.toString(type) + " flags 0x"
                        + Integer.toHexString(flags));
            } else if (ends) {
                int error = len >= 20 ? HostOrder.getI32(b, i + 16) : 0;
                add("read seq " + seq + " " + NetlinkMessageType.toString(type) + " error " + error + intr);
                answered.remove(seq);
            } else if (answered.add(seq)) {
                add("read seq " + seq + " first part" + intr);
            }
            i += (len + 3) & ~3;
        }
    }

    @Override
    public String toString() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }
}
