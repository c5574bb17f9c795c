package dev.netlink.codec;

import dev.netlink.codec.attr.AttributeReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;

/**
 * One netlink message: the fields of {@code struct nlmsghdr} and, as {@link #content()}, the payload that
 * follows the 16-byte header (without the trailing alignment padding).
 *
 * <p>Received messages are slices of the datagram they arrived in and carry their {@link #sender()}; they
 * must be released by whoever consumes them. Header fields are mutable so that a pipeline handler (the
 * request handler) can stamp sequence numbers and flags on the way out, as Netty's {@code DnsMessage}
 * does with its id. Not thread-safe: hand a message to one thread at a time.
 *
 * @see DefaultNetlinkMessage
 */
public interface NetlinkMessage extends ByteBufHolder {
    /** {@code NLMSG_HDRLEN}: the size of {@code struct nlmsghdr}. */
    int HEADER_LENGTH = 16;
    /** {@code NLMSG_ALIGNTO}: messages and attributes start on 4-byte boundaries. */
    int ALIGNMENT = 4;

    /** {@code nlmsg_type}, an unsigned 16-bit value. */
    int type();

    /** {@code nlmsg_flags}, an unsigned 16-bit value ({@link NetlinkFlags}). */
    int flags();

    /** {@code nlmsg_seq}: the sequence number that ties replies to their request. */
    int sequence();

    /** {@code nlmsg_pid}: the port id of the sending socket in a request, of the requester in a reply. */
    int portId();

    /** Sets {@code nlmsg_type}; the value is truncated to 16 bits on the wire. */
    NetlinkMessage setType(int type);

    /** Sets {@code nlmsg_flags}; the value is truncated to 16 bits on the wire. */
    NetlinkMessage setFlags(int flags);

    /** Sets {@code nlmsg_seq}. */
    NetlinkMessage setSequence(int sequence);

    /** Sets {@code nlmsg_pid}. */
    NetlinkMessage setPortId(int portId);

    /** {@code nlmsg_len}: the header plus the payload, without trailing padding. */
    default int length() {
        return HEADER_LENGTH + content().readableBytes();
    }

    /** Whether all bits of {@code flag} are set in {@link #flags()}. */
    default boolean hasFlags(int flag) {
        return (flags() & flag) == flag;
    }

    /**
     * The socket that sent this message, as {@code recvmsg} reported it, or {@code null} when the message
     * was not received from a socket (built by hand, or decoded from a bare {@code ByteBuf}).
     */
    NetlinkAddress sender();

    /** The multicast group the message was delivered on, 0 for unicast or unknown. */
    int group();

    /**
     * The payload after the header. Its reader index is the start of the payload; for received messages it
     * shares the datagram's memory.
     */
    @Override
    ByteBuf content();

    /**
     * A reader over the attributes that follow the family's fixed header, as the kernel's
     * {@code nlmsg_attrdata(nlh, hdrlen)} finds them: after {@code NLMSG_ALIGN(familyHeaderLength)} bytes of
     * payload. For example {@code link.attributes(Rtnetlink.IFINFOMSG_SIZE)} for an {@code RTM_NEWLINK}, or
     * {@code GENL_HDRLEN + NLMSG_ALIGN(hdrsize)} for generic netlink. The reader shares this message's memory and
     * is valid while the message is; a payload shorter than the header gives a reader with no attributes.
     *
     * @param familyHeaderLength the size of the family's fixed header ({@code struct ifinfomsg}, {@code rtmsg},
     *                           {@code genlmsghdr} and the family's own, ...)
     */
    default AttributeReader attributes(int familyHeaderLength) {
        if (familyHeaderLength < 0) {
            throw new IllegalArgumentException("familyHeaderLength: " + familyHeaderLength + " (expected >= 0)");
        }
        ByteBuf p = content();
        int skip = Math.min(align(familyHeaderLength), p.readableBytes());
        return new AttributeReader(p, p.readerIndex() + skip, p.readableBytes() - skip);
    }

    @Override
    NetlinkMessage copy();

    @Override
    NetlinkMessage duplicate();

    @Override
    NetlinkMessage retainedDuplicate();

    @Override
    NetlinkMessage replace(ByteBuf content);

    @Override
    NetlinkMessage retain();

    @Override
    NetlinkMessage retain(int increment);

    @Override
    NetlinkMessage touch();

    @Override
    NetlinkMessage touch(Object hint);

    /** {@code NLMSG_ALIGN(len)}: rounds {@code length} up to the next multiple of 4. */
    static int align(int length) {
        return (length + ALIGNMENT - 1) & ~(ALIGNMENT - 1);
    }
}
