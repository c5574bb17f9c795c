package dev.netlink.genl;

import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.MalformedNetlinkException;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.util.collection.IntObjectHashMap;

import java.util.List;

/**
 * Converts between {@link NetlinkMessage} and {@link GenericNetlinkMessage}: reads and writes
 * {@code struct genlmsghdr} (cmd, version, 2 reserved bytes) and locates the family's fixed header, padded to
 * 4 bytes ({@code GENL_HDRLEN + NLMSG_ALIGN(hdrsize)}).
 *
 * <p>The static methods serve code that already knows the family. As a handler it decodes inbound messages of
 * protocol types (not the {@code NLMSG_*} control types) and encodes outbound ones; it knows the header sizes
 * of the families {@linkplain #registerFamily registered} with it and takes 0 for others, which is right for
 * almost every family. One instance per channel; {@link #registerFamily} may be called from any thread.
 */
public class GenlCodec extends MessageToMessageCodec<NetlinkMessage, GenericNetlinkMessage> {
    private final IntObjectHashMap<Integer> hdrsizes = new IntObjectHashMap<>();

    /** Records that messages of family {@code id} carry a fixed header of {@code hdrsize} bytes. */
    public void registerFamily(int id, int hdrsize) {
        synchronized (hdrsizes) {
            hdrsizes.put(id, Integer.valueOf(hdrsize));
        }
    }

    private int hdrsize(int family) {
        synchronized (hdrsizes) {
            Integer size = hdrsizes.get(family);
            return size == null ? 0 : size;
        }
    }

    /** {@code NLMSG_ALIGN}: rounds up to a multiple of 4. */
    static int align(int length) {
        return NetlinkMessage.align(length);
    }

    /**
     * Reads the genl message in {@code message}. The result holds its own reference to the payload; the
     * caller still releases {@code message}.
     *
     * @throws MalformedNetlinkException when the payload is shorter than {@code genlmsghdr} plus the header
     */
    public static GenericNetlinkMessage decode(NetlinkMessage message, int hdrsize) {
        ByteBuf p = message.content();
        int need = GenlCtrl.GENL_HDRLEN + hdrsize;
        if (p.readableBytes() < need) {
            throw new MalformedNetlinkException(NetlinkMessage.HEADER_LENGTH, "generic netlink message of family 0x"
                    + Integer.toHexString(message.type()) + " has " + p.readableBytes() + " payload bytes, needs "
                    + need + " for genlmsghdr and a " + hdrsize + "-byte family header");
        }
        int ri = p.readerIndex();
        return new GenericNetlinkMessage(message.type(), message.flags(), p.getUnsignedByte(ri),
                p.getUnsignedByte(ri + 1), hdrsize,
                p.retainedSlice(ri + GenlCtrl.GENL_HDRLEN, p.readableBytes() - GenlCtrl.GENL_HDRLEN),
                message.sequence(), message.portId(), message.sender(), message.group());
    }

    /**
     * Writes {@code genlmsghdr} and {@code message}'s content into a new buffer, as the payload of a
     * {@link NetlinkMessage} of the family's type and the message's flags. Does not release {@code message}.
     */
    public static NetlinkMessage encode(ByteBufAllocator alloc, GenericNetlinkMessage message) {
        ByteBuf content = message.content();
        ByteBuf payload = alloc.buffer(GenlCtrl.GENL_HDRLEN + content.readableBytes());
        writeGenlHeader(payload, message.cmd(), message.version());
        payload.writeBytes(content, content.readerIndex(), content.readableBytes());
        return new DefaultNetlinkMessage(message.family(), message.flags(), message.sequence(), message.portId(),
                payload);
    }

    /** Writes {@code struct genlmsghdr}: cmd, version and two zero bytes. */
    public static void writeGenlHeader(ByteBuf out, int cmd, int version) {
        out.writeByte(cmd).writeByte(version).writeShort(0);
    }

    @Override
    public boolean acceptInboundMessage(Object msg) {
        return msg instanceof NetlinkMessage m && !NetlinkMessageType.isControl(m.type());
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, NetlinkMessage msg, List<Object> out) {
        out.add(decode(msg, hdrsize(msg.type())));
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, GenericNetlinkMessage msg, List<Object> out) {
        out.add(encode(ctx.alloc(), msg));
    }
}
