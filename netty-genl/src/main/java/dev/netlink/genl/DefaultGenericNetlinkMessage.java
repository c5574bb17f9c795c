package dev.netlink.genl;

import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkFlags;
import io.netty.buffer.ByteBuf;

/**
 * The default {@link GenericNetlinkMessage}: a {@link DefaultNetlinkMessage} that knows its family's header size,
 * reading {@code genlmsghdr} from its payload. Make one from a received message with
 * {@link GenericNetlinkMessage#of}; family sockets build requests with
 * {@link GenericNetlinkMessage#writeHeader}. Not thread-safe.
 */
public class DefaultGenericNetlinkMessage extends DefaultNetlinkMessage implements GenericNetlinkMessage {
    private final int hdrsize;

    /**
     * @param family  the family id ({@code nlmsg_type})
     * @param flags   {@code nlmsg_flags}
     * @param content the payload: {@code genlmsghdr}, the family header padded to 4, the attributes; ownership
     *                passes to this message
     * @param hdrsize the family header's size
     */
    public DefaultGenericNetlinkMessage(int family, int flags, ByteBuf content, int hdrsize) {
        this(family, flags, 0, 0, content, null, 0, hdrsize);
    }

    /**
     * A received message.
     *
     * @param content the payload, {@code genlmsghdr} first; ownership passes to this message
     * @param sender  the sending socket, or {@code null} if unknown
     * @param group   the multicast group it was delivered on, or 0
     */
    public DefaultGenericNetlinkMessage(int family, int flags, int sequence, int portId, ByteBuf content,
                                        NetlinkAddress sender, int group, int hdrsize) {
        super(family, flags, sequence, portId, content, sender, group);
        if (hdrsize < 0) {
            throw new IllegalArgumentException("hdrsize: " + hdrsize + " (expected >= 0)");
        }
        this.hdrsize = hdrsize;
    }

    @Override
    public int hdrsize() {
        return hdrsize;
    }

    @Override
    public DefaultGenericNetlinkMessage replace(ByteBuf content) {
        return new DefaultGenericNetlinkMessage(type(), flags(), sequence(), portId(), content, sender(), group(),
                hdrsize);
    }

    @Override
    public DefaultGenericNetlinkMessage copy() {
        return replace(content().copy());
    }

    @Override
    public DefaultGenericNetlinkMessage duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public DefaultGenericNetlinkMessage retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public DefaultGenericNetlinkMessage retain() {
        super.retain();
        return this;
    }

    @Override
    public DefaultGenericNetlinkMessage retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public DefaultGenericNetlinkMessage touch() {
        super.touch();
        return this;
    }

    @Override
    public DefaultGenericNetlinkMessage touch(Object hint) {
        super.touch(hint);
        return this;
    }

    /** Equal when the netlink fields, the payload and the header size are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof GenericNetlinkMessage g && g.hdrsize() == hdrsize && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + hdrsize;
    }

    /** For example {@code GenericNetlinkMessage(family 0x10, cmd 1, version 2, flags=MULTI, seq=3, 1200B)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(96).append("GenericNetlinkMessage(family 0x")
                .append(Integer.toHexString(type()));
        if (refCnt() > 0 && content().readableBytes() >= GENL_HDRLEN) {
            sb.append(", cmd ").append(cmd()).append(", version ").append(version());
        }
        sb.append(", flags=").append(NetlinkFlags.toString(flags())).append(", seq=")
                .append(Integer.toUnsignedString(sequence()));
        sb.append(refCnt() > 0 ? ", " + content().readableBytes() + "B" : ", freed");
        if (group() != 0) {
            sb.append(", group ").append(group());
        }
        return sb.append(')').toString();
    }
}
