package dev.netlink.genl;

import dev.netlink.codec.MalformedNetlinkException;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.codec.attr.AttributeSchema;
import io.netty.buffer.ByteBuf;

import java.util.Map;

/**
 * A generic netlink message: a {@link NetlinkMessage} whose {@code nlmsg_type} is the family id and whose payload
 * starts with {@code struct genlmsghdr} ({@link #cmd()}, {@link #version()}, two reserved bytes), then the
 * family's fixed header of {@link #hdrsize()} bytes padded to 4, then the attributes.
 *
 * <p>{@link #content()} is the whole payload after {@code nlmsghdr}, {@code genlmsghdr} included, exactly as for
 * any netlink message, so a generic netlink message goes through the same encoder, request handler and decoder.
 * {@link #header()} and {@link #attributes()} read it in place. Received messages share the datagram's memory;
 * release each one. Not thread-safe.
 *
 * @see DefaultGenericNetlinkMessage
 */
public interface GenericNetlinkMessage extends NetlinkMessage {
    /** {@code GENL_HDRLEN}: the size of {@code struct genlmsghdr}. */
    int GENL_HDRLEN = 4;

    /**
     * {@code message} read as a generic netlink message of a family whose fixed header has {@code hdrsize} bytes.
     * The result takes over {@code message}'s payload (no copy, no new reference): release the result, not
     * {@code message}. A message that already is one with this {@code hdrsize} is returned as it is.
     *
     * @throws MalformedNetlinkException when the payload is shorter than {@code genlmsghdr} plus the family header;
     *                                   {@code message} is not released then
     */
    static GenericNetlinkMessage of(NetlinkMessage message, int hdrsize) {
        if (message instanceof GenericNetlinkMessage g && g.hdrsize() == hdrsize) {
            return g;
        }
        ByteBuf p = message.content();
        int need = GENL_HDRLEN + hdrsize;
        if (p.readableBytes() < need) {
            throw new MalformedNetlinkException(HEADER_LENGTH, "generic netlink message of family 0x"
                    + Integer.toHexString(message.type()) + " has " + p.readableBytes() + " payload bytes, needs "
                    + need + " for genlmsghdr and a " + hdrsize + "-byte family header");
        }
        return new DefaultGenericNetlinkMessage(message.type(), message.flags(), message.sequence(),
                message.portId(), p, message.sender(), message.group(), hdrsize);
    }

    /** Writes {@code struct genlmsghdr}: {@code cmd}, {@code version} and two zero bytes. */
    static void writeHeader(ByteBuf out, int cmd, int version) {
        out.writeByte(cmd).writeByte(version).writeShort(0);
    }

    /** The family id: this message's {@code nlmsg_type}. */
    default int family() {
        return type();
    }

    /** {@code genlmsghdr.cmd}. */
    default int cmd() {
        ByteBuf c = content();
        return c.getUnsignedByte(c.readerIndex());
    }

    /** {@code genlmsghdr.version}. */
    default int version() {
        ByteBuf c = content();
        return c.getUnsignedByte(c.readerIndex() + 1);
    }

    /** The size of the family's fixed header after {@code genlmsghdr} ({@code CTRL_ATTR_HDRSIZE}), often 0. */
    int hdrsize();

    /** The family's fixed header: an unretained slice of {@link #hdrsize()} bytes (empty for most families). */
    default ByteBuf header() {
        ByteBuf c = content();
        return c.slice(c.readerIndex() + GENL_HDRLEN, hdrsize());
    }

    /** A reader over the attributes after {@code genlmsghdr} and the family header; valid while this message is. */
    default AttributeReader attributes() {
        return attributes(GENL_HDRLEN + NetlinkMessage.align(hdrsize()));
    }

    /** The attributes decoded by {@code schema} into a map of type to value; unknown types kept as bytes. */
    default Map<Integer, Object> attributes(AttributeSchema schema) {
        return schema.decode(attributeBlock());
    }

    /** The attribute block after the headers: an unretained slice. */
    default ByteBuf attributeBlock() {
        ByteBuf c = content();
        int skip = Math.min(GENL_HDRLEN + NetlinkMessage.align(hdrsize()), c.readableBytes());
        return c.slice(c.readerIndex() + skip, c.readableBytes() - skip);
    }

    @Override
    GenericNetlinkMessage copy();

    @Override
    GenericNetlinkMessage duplicate();

    @Override
    GenericNetlinkMessage retainedDuplicate();

    @Override
    GenericNetlinkMessage replace(ByteBuf content);

    @Override
    GenericNetlinkMessage retain();

    @Override
    GenericNetlinkMessage retain(int increment);

    @Override
    GenericNetlinkMessage touch();

    @Override
    GenericNetlinkMessage touch(Object hint);
}
