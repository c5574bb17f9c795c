package dev.netlink.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;

import java.nio.ByteOrder;
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
public class NetlinkMessageDecoder extends MessageToMessageDecoder<Object> {
    private static final boolean HOST_LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    public NetlinkMessageDecoder() {
        super(Object.class);
    }

    @Override
    public boolean acceptInboundMessage(Object msg) {
        return msg instanceof ByteBuf || msg instanceof NetlinkDatagram;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        if (msg instanceof NetlinkDatagram datagram) {
            decode(datagram.content(), datagram.sender(), datagram.group(), out);
        } else {
            decode((ByteBuf) msg, null, 0, out);
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
        for (int i = start; i < end; ) {
            int len = getInt(datagram, i);
            out.add(new DefaultNetlinkMessage(getShort(datagram, i + 4), getShort(datagram, i + 6),
                    getInt(datagram, i + 8), getInt(datagram, i + 12),
                    datagram.retainedSlice(i + NetlinkMessage.HEADER_LENGTH, len - NetlinkMessage.HEADER_LENGTH),
                    sender, group));
            i += NetlinkMessage.align(len);
        }
    }

    private static void validate(ByteBuf buf, int start, int end) {
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
        return HOST_LE ? buf.getIntLE(index) : buf.getInt(index);
    }

    private static int getShort(ByteBuf buf, int index) {
        return HOST_LE ? buf.getUnsignedShortLE(index) : buf.getUnsignedShort(index);
    }
}
