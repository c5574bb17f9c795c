package dev.netlink.genl;

import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.codec.attr.AttributeSchema;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

import java.util.Map;

/**
 * One generic netlink message: the {@code nlmsghdr} fields that matter to genl ({@code nlmsg_type} is the
 * family id), {@code struct genlmsghdr} ({@code cmd}, {@code version}), the family's fixed header of
 * {@code hdrsize} bytes, and the attributes.
 *
 * <p>{@link #content()} is everything after {@code genlmsghdr}: the family header, padded to 4 bytes, then the
 * attributes. {@link #header()} and {@link #attributes()} are unretained slices of it. Received messages share
 * the datagram's memory; release each one. Not thread-safe.
 */
public final class GenericNetlinkMessage extends DefaultByteBufHolder {
    private final int family;
    private final int flags;
    private final int cmd;
    private final int version;
    private final int hdrsize;
    private final int sequence;
    private final int portId;
    private final NetlinkAddress sender;
    private final int group;

    /**
     * @param family  the family id ({@code nlmsg_type})
     * @param flags   {@code nlmsg_flags}
     * @param cmd     {@code genlmsghdr.cmd}
     * @param version {@code genlmsghdr.version}
     * @param hdrsize the family header's size; {@code content} starts with it, padded to 4 bytes
     * @param content the family header and the attributes; ownership passes to this message
     */
    public GenericNetlinkMessage(int family, int flags, int cmd, int version, int hdrsize, ByteBuf content) {
        this(family, flags, cmd, version, hdrsize, content, 0, 0, null, 0);
    }

    GenericNetlinkMessage(int family, int flags, int cmd, int version, int hdrsize, ByteBuf content, int sequence,
                          int portId, NetlinkAddress sender, int group) {
        super(content);
        this.family = family;
        this.flags = flags;
        this.cmd = cmd;
        this.version = version;
        this.hdrsize = hdrsize;
        this.sequence = sequence;
        this.portId = portId;
        this.sender = sender;
        this.group = group;
    }

    /** The family id, the message's {@code nlmsg_type}. */
    public int family() {
        return family;
    }

    /** {@code nlmsg_flags}. */
    public int flags() {
        return flags;
    }

    /** {@code genlmsghdr.cmd}. */
    public int cmd() {
        return cmd;
    }

    /** {@code genlmsghdr.version}. */
    public int version() {
        return version;
    }

    /** The family's fixed header size in bytes. */
    public int hdrsize() {
        return hdrsize;
    }

    /** {@code nlmsg_seq}. */
    public int sequence() {
        return sequence;
    }

    /** {@code nlmsg_pid}. */
    public int portId() {
        return portId;
    }

    /** The sending socket, or {@code null} if unknown. */
    public NetlinkAddress sender() {
        return sender;
    }

    /** The multicast group it was delivered on, 0 for unicast or unknown. */
    public int group() {
        return group;
    }

    /** The family's fixed header: an unretained slice of {@code hdrsize} bytes (empty for most families). */
    public ByteBuf header() {
        ByteBuf c = content();
        return c.slice(c.readerIndex(), hdrsize);
    }

    /** The attribute block: an unretained slice. */
    public ByteBuf attributes() {
        ByteBuf c = content();
        int skip = Math.min(GenlCodec.align(hdrsize), c.readableBytes());
        return c.slice(c.readerIndex() + skip, c.readableBytes() - skip);
    }

    /** A reader over the attributes, valid while this message is. */
    public AttributeReader attributeReader() {
        return AttributeReader.of(attributes());
    }

    /** The attributes decoded by {@code schema} into a map of type to value; unknown types kept as bytes. */
    public Map<Integer, Object> attributes(AttributeSchema schema) {
        return schema.decode(attributes());
    }

    @Override
    public GenericNetlinkMessage replace(ByteBuf content) {
        return new GenericNetlinkMessage(family, flags, cmd, version, hdrsize, content, sequence, portId, sender,
                group);
    }

    @Override
    public GenericNetlinkMessage copy() {
        return replace(content().copy());
    }

    @Override
    public GenericNetlinkMessage duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public GenericNetlinkMessage retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public GenericNetlinkMessage retain() {
        super.retain();
        return this;
    }

    @Override
    public GenericNetlinkMessage retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public GenericNetlinkMessage touch() {
        super.touch();
        return this;
    }

    @Override
    public GenericNetlinkMessage touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GenericNetlinkMessage m && m.family == family && m.flags == flags && m.cmd == cmd
                && m.version == version && m.hdrsize == hdrsize && content().equals(m.content());
    }

    @Override
    public int hashCode() {
        return ((family * 31 + cmd) * 31 + version) * 31 + flags;
    }

    @Override
    public String toString() {
        return "GenericNetlinkMessage(family 0x" + Integer.toHexString(family) + ", cmd " + cmd + ", version "
                + version + ", flags=" + NetlinkFlags.toString(flags) + ", seq="
                + Integer.toUnsignedString(sequence) + (refCnt() > 0 ? ", " + content().readableBytes() + "B"
                : ", freed") + (group != 0 ? ", group " + group : "") + ')';
    }
}
