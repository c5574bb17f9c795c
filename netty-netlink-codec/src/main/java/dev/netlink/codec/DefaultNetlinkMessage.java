package dev.netlink.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;

/**
 * The default {@link NetlinkMessage}: the {@code struct nlmsghdr} fields held as ints and the payload as a
 * {@link ByteBuf}.
 *
 * <p>The static factories make the common requests: {@link #request(int, int, ByteBuf)} for a do-request and
 * {@link #dump(int, ByteBuf)} for a GET dump. The sequence number and port id are left 0 for the request
 * request handler (or the caller) to set. Not thread-safe.
 */
public class DefaultNetlinkMessage extends DefaultByteBufHolder implements NetlinkMessage {
    private int type;
    private int flags;
    private int sequence;
    private int portId;
    private final NetlinkAddress sender;
    private final int group;

    /** A message with no payload. */
    public DefaultNetlinkMessage(int type, int flags) {
        this(type, flags, 0, 0, Unpooled.EMPTY_BUFFER);
    }

    /**
     * @param content the payload after the header; ownership passes to this message
     */
    public DefaultNetlinkMessage(int type, int flags, int sequence, int portId, ByteBuf content) {
        this(type, flags, sequence, portId, content, null, 0);
    }

    /**
     * A received message.
     *
     * @param content the payload after the header; ownership passes to this message
     * @param sender  the sending socket, or {@code null} if unknown
     * @param group   the multicast group it was delivered on, or 0
     */
    public DefaultNetlinkMessage(int type, int flags, int sequence, int portId, ByteBuf content,
                                 NetlinkAddress sender, int group) {
        super(content);
        this.type = type;
        this.flags = flags;
        this.sequence = sequence;
        this.portId = portId;
        this.sender = sender;
        this.group = group;
    }

    /**
     * A request of {@code type} with {@code NLM_F_REQUEST} and the given extra flags.
     *
     * @param payload the payload; ownership passes to the message
     */
    public static DefaultNetlinkMessage request(int type, int flags, ByteBuf payload) {
        return new DefaultNetlinkMessage(type, flags | NetlinkFlags.NLM_F_REQUEST, 0, 0, payload);
    }

    /**
     * A dump request of {@code type}: {@code NLM_F_REQUEST | NLM_F_DUMP}.
     *
     * @param payload the payload (the family's header and filter attributes); ownership passes to the message
     */
    public static DefaultNetlinkMessage dump(int type, ByteBuf payload) {
        return request(type, NetlinkFlags.NLM_F_DUMP, payload);
    }

    @Override
    public int type() {
        return type;
    }

    @Override
    public int flags() {
        return flags;
    }

    @Override
    public int sequence() {
        return sequence;
    }

    @Override
    public int portId() {
        return portId;
    }

    @Override
    public DefaultNetlinkMessage setType(int type) {
        this.type = type;
        return this;
    }

    @Override
    public DefaultNetlinkMessage setFlags(int flags) {
        this.flags = flags;
        return this;
    }

    @Override
    public DefaultNetlinkMessage setSequence(int sequence) {
        this.sequence = sequence;
        return this;
    }

    @Override
    public DefaultNetlinkMessage setPortId(int portId) {
        this.portId = portId;
        return this;
    }

    @Override
    public NetlinkAddress sender() {
        return sender;
    }

    @Override
    public int group() {
        return group;
    }

    @Override
    public DefaultNetlinkMessage copy() {
        return replace(content().copy());
    }

    @Override
    public DefaultNetlinkMessage duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public DefaultNetlinkMessage retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public DefaultNetlinkMessage replace(ByteBuf content) {
        return new DefaultNetlinkMessage(type, flags, sequence, portId, content, sender, group);
    }

    @Override
    public DefaultNetlinkMessage retain() {
        super.retain();
        return this;
    }

    @Override
    public DefaultNetlinkMessage retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public DefaultNetlinkMessage touch() {
        super.touch();
        return this;
    }

    @Override
    public DefaultNetlinkMessage touch(Object hint) {
        super.touch(hint);
        return this;
    }

    /** Equal when every header field and the readable payload bytes are equal (sender and group aside). */
    @Override
    public boolean equals(Object o) {
        return o instanceof NetlinkMessage m && m.type() == type && m.flags() == flags
                && m.sequence() == sequence && m.portId() == portId && content().equals(m.content());
    }

    @Override
    public int hashCode() {
        return ((type * 31 + flags) * 31 + sequence) * 31 + portId;
    }

    /** For example {@code NetlinkMessage(NLMSG_ERROR, flags=ACK_TLVS, seq=7, pid=4021, 36B, from nl:0)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(96).append("NetlinkMessage(")
                .append(NetlinkMessageType.toString(type))
                .append(", flags=").append(NetlinkFlags.toString(flags, flagKind()))
                .append(", seq=").append(Integer.toUnsignedString(sequence))
                .append(", pid=").append(Integer.toUnsignedString(portId));
        if (refCnt() > 0) {
            sb.append(", ").append(content().readableBytes()).append('B');
        } else {
            sb.append(", freed");
        }
        if (sender != null) {
            sb.append(", from ").append(sender);
        }
        if (group != 0) {
            sb.append(", group ").append(group);
        }
        return sb.append(')').toString();
    }

    private NetlinkFlags.Kind flagKind() {
        return type == NetlinkMessageType.NLMSG_ERROR || type == NetlinkMessageType.NLMSG_DONE
                ? NetlinkFlags.Kind.ACK : null;
    }
}
