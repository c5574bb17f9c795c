package dev.netlink.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

import java.util.List;

/**
 * Splits netlink datagrams into {@link NetlinkMessage}s, one per {@code struct nlmsghdr}, each payload a
 * retained slice of the datagram (no copy).
 *
 * <p>Input is a {@link NetlinkDatagram} (from {@code NetlinkChannel}, with the sender's address and multicast
 * group, which every message carries on) or a bare {@link ByteBuf}. Either way it must be exactly one whole
 * datagram: netlink never splits a message across datagrams, so there is no reassembly.
 *
 * <p>Every length is checked before any message is emitted: an {@code nlmsg_len} below 16, one that runs past
 * the end of the datagram, and bytes left over after the last message that cannot hold a header raise
 * {@link MalformedNetlinkException} with the offset and the fault. Such a datagram yields no message at all,
 * it is released, and the next datagram is decoded normally. A last message whose trailing padding is missing
 * is accepted, as the kernel itself does. Stateless, {@link Sharable}.
 */
@Sharable
public class NetlinkMessageDecoder extends ChannelInboundHandlerAdapter {
    /**
     * Fires one {@link NetlinkMessage} per {@code nlmsghdr} of a {@link NetlinkDatagram} or {@link ByteBuf}, as it
     * is cut, and releases the datagram; passes anything else on. A malformed datagram fires nothing: its
     * {@link MalformedNetlinkException} goes to {@code exceptionCaught}.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf datagram;
        NetlinkAddress sender = null;
        int group = 0;
        if (msg instanceof NetlinkDatagram d) {
            datagram = d.content();
            sender = d.sender();
            group = d.group();
        } else if (msg instanceof ByteBuf buf) {
            datagram = buf;
        } else {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            int start = datagram.readerIndex();
            int end = datagram.writerIndex();
            validate(datagram, start, end);
            for (int i = start; i < end; i += NetlinkMessage.align(getInt(datagram, i))) {
                ctx.fireChannelRead(message(datagram, i, sender, group));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * Decodes the readable bytes of one datagram into {@code out}, without moving its reader index. Each message
     * holds a retained slice: release the messages, and the datagram separately.
     *
     * @throws MalformedNetlinkException if any length is wrong; then nothing is added to {@code out}
     */
    public static void decode(ByteBuf datagram, NetlinkAddress sender, int group, List<Object> out) {
        int start = datagram.readerIndex();
        int end = datagram.writerIndex();
        validate(datagram, start, end);
        for (int i = start; i < end; i += NetlinkMessage.align(getInt(datagram, i))) {
            out.add(message(datagram, i, sender, group));
        }
    }

    /**
     * The message at {@code index} of a datagram that passed {@link #validate}, its payload a retained slice: for
     * a handler that reads datagrams itself and cuts messages only where it needs them.
     */
    public static NetlinkMessage message(ByteBuf datagram, int index, NetlinkAddress sender, int group) {
        int len = getInt(datagram, index);
        return new DefaultNetlinkMessage(getShort(datagram, index + 4), getShort(datagram, index + 6),
                getInt(datagram, index + 8), getInt(datagram, index + 12),
                datagram.retainedSlice(index + NetlinkMessage.HEADER_LENGTH, len - NetlinkMessage.HEADER_LENGTH),
                sender, group);
    }

    /**
     * Checks every {@code nlmsg_len} of the datagram in {@code [start, end)} of {@code buf}, as this decoder does
     * before it cuts any message; then the messages start at {@code start} and each next one
     * {@code NLMSG_ALIGN(nlmsg_len)} further on, up to {@code end}.
     *
     * @throws MalformedNetlinkException naming the offset and the fault
     */
    public static void validate(ByteBuf buf, int start, int end) {
        for (int i = start; i < end; ) {
            int remaining = end - i;
            if (remaining < NetlinkMessage.HEADER_LENGTH) {
                throw new MalformedNetlinkException(i - start, i == start
                        ? "datagram of " + remaining + " bytes is shorter than a 16-byte nlmsghdr"
                        : remaining + " trailing bytes after the last message cannot hold a 16-byte nlmsghdr");
            }
            long len = getInt(buf, i) & 0xffffffffL;
            if (len < NetlinkMessage.HEADER_LENGTH) {
                throw new MalformedNetlinkException(i - start, "nlmsg_len " + len + " is below the 16-byte header"
                        + typeOf(buf, i));
            }
            if (len > remaining) {
                throw new MalformedNetlinkException(i - start, "nlmsg_len " + len + " overruns the datagram, which has "
                        + remaining + " bytes left" + typeOf(buf, i));
            }
            // The last message may lack its padding; anything else must start on a 4-byte boundary.
            i += NetlinkMessage.align((int) len);
        }
    }

    private static String typeOf(ByteBuf buf, int index) {
        return " (nlmsg_type " + NetlinkMessageType.toString(getShort(buf, index + 4)) + ", seq "
                + Integer.toUnsignedString(getInt(buf, index + 8)) + ')';
    }

    private static int getInt(ByteBuf buf, int index) {
        return HostOrder.getI32(buf, index);
    }

    private static int getShort(ByteBuf buf, int index) {
        return HostOrder.getU16(buf, index);
    }
}
