package dev.netlink.codec;

import dev.netlink.codec.attr.AttributeReader;
import io.netty.buffer.ByteBuf;

/**
 * The outcome the kernel reports for a request: the payload of {@code NLMSG_ERROR} ({@code struct nlmsgerr}:
 * a negative errno, or 0 for an acknowledgement, then the request's own header, the request's payload unless
 * {@code NLM_F_CAPPED}, and extended-ack TLVs if {@code NLM_F_ACK_TLVS}) or of {@code NLMSG_DONE} (an int
 * error and, with {@code NLM_F_ACK_TLVS}, the TLVs).
 *
 * <p>Parsing copies nothing but the TLV values; the object does not refer to the message afterwards.
 * Immutable.
 */
public final class NetlinkErrorMessage {
    private final int messageType;
    private final int error;
    private final int requestLength;
    private final int requestType;
    private final int requestFlags;
    private final int requestSequence;
    private final int requestPortId;
    private final NetlinkExtendedAck extendedAck;

    private NetlinkErrorMessage(int messageType, int error, int requestLength, int requestType, int requestFlags,
                                int requestSequence, int requestPortId, NetlinkExtendedAck extendedAck) {
        this.messageType = messageType;
        this.error = error;
        this.requestLength = requestLength;
        this.requestType = requestType;
        this.requestFlags = requestFlags;
        this.requestSequence = requestSequence;
        this.requestPortId = requestPortId;
        this.extendedAck = extendedAck;
    }

    /** Whether {@code message} is an {@code NLMSG_ERROR} or {@code NLMSG_DONE}, the types this class parses. */
    public static boolean isErrorOrDone(NetlinkMessage message) {
        return message.type() == NetlinkMessageType.NLMSG_ERROR || message.type() == NetlinkMessageType.NLMSG_DONE;
    }

    /**
     * The first field of an {@code NLMSG_ERROR} or {@code NLMSG_DONE} payload ({@code struct nlmsgerr.error}, or the
     * dump's final status): 0 or a negative errno, read in place without parsing the rest; 0 when the payload is
     * shorter than that field. Does not release the message.
     */
    public static int error(NetlinkMessage message) {
        ByteBuf p = message.content();
        return p.readableBytes() < 4 ? 0 : getInt(p, p.readerIndex());
    }

    /**
     * Parses an {@code NLMSG_ERROR} or {@code NLMSG_DONE} message. Does not release it.
     *
     * @throws MalformedNetlinkException if the payload is too short for its layout or a TLV is malformed
     * @throws IllegalArgumentException  for any other message type
     */
    public static NetlinkErrorMessage parse(NetlinkMessage message) {
        ByteBuf p = message.content();
        int base = p.readerIndex();
        int size = p.readableBytes();
        boolean tlvs = message.hasFlags(NetlinkFlags.NLM_F_ACK_TLVS);
        if (message.type() == NetlinkMessageType.NLMSG_DONE) {
            if (size < 4) {
                // Some subsystems end a dump with an empty NLMSG_DONE: no error.
                return new NetlinkErrorMessage(message.type(), 0, 0, 0, 0, message.sequence(), message.portId(),
                        NetlinkExtendedAck.NONE);
            }
            NetlinkExtendedAck ack = tlvs ? tlvs(p, base + 4, size - 4) : NetlinkExtendedAck.NONE;
            return new NetlinkErrorMessage(message.type(), getInt(p, base), 0, 0, 0, message.sequence(),
                    message.portId(), ack);
        }
        if (message.type() != NetlinkMessageType.NLMSG_ERROR) {
            throw new IllegalArgumentException("not NLMSG_ERROR or NLMSG_DONE: " + message);
        }
        int min = 4 + NetlinkMessage.HEADER_LENGTH;
        if (size < min) {
            throw new MalformedNetlinkException(NetlinkMessage.HEADER_LENGTH,
                    "NLMSG_ERROR payload of " + size + " bytes is shorter than struct nlmsgerr (" + min + ")");
        }
        int error = getInt(p, base);
        int requestLength = getInt(p, base + 4);
        int requestType = getShort(p, base + 8);
        int requestFlags = getShort(p, base + 10);
        int requestSequence = getInt(p, base + 12);
        int requestPortId = getInt(p, base + 16);
        NetlinkExtendedAck ack = NetlinkExtendedAck.NONE;
        if (tlvs) {
            // The echoed request is NLMSG_ALIGNed; only its header is echoed when the ack is capped.
            // Unsigned and in long: a hostile nlmsg_len near 2^32 must not wrap into a small offset.
            long echoedLength = requestLength & 0xffffffffL;
            long echoed = message.hasFlags(NetlinkFlags.NLM_F_CAPPED) || echoedLength < NetlinkMessage.HEADER_LENGTH
                    ? NetlinkMessage.HEADER_LENGTH : (echoedLength + NetlinkMessage.ALIGNMENT - 1) & ~3L;
            long tlvStart = 4 + echoed;
            if (tlvStart > size) {
                throw new MalformedNetlinkException(NetlinkMessage.HEADER_LENGTH + 4, "NLMSG_ERROR echoes a "
                        + echoedLength + "-byte request but its payload has only " + size + " bytes");
            }
            ack = tlvs(p, base + (int) tlvStart, size - (int) tlvStart);
        }
        return new NetlinkErrorMessage(message.type(), error, requestLength, requestType, requestFlags,
                requestSequence, requestPortId, ack);
    }

    private static NetlinkExtendedAck tlvs(ByteBuf buf, int index, int length) {
        return NetlinkExtendedAck.parse(new AttributeReader(buf, index, length));
    }

    private static int getInt(ByteBuf buf, int index) {
        return HostOrder.getI32(buf, index);
    }

    private static int getShort(ByteBuf buf, int index) {
        return HostOrder.getU16(buf, index);
    }

    /** {@code NLMSG_ERROR} or {@code NLMSG_DONE}. */
    public int messageType() {
        return messageType;
    }

    /** {@code nlmsgerr.error} (or DONE's int): 0 for success, else a negative errno. */
    public int error() {
        return error;
    }

    /** The positive errno, 0 for success. */
    public int errno() {
        return -error;
    }

    /** Whether this reports success: an acknowledgement, or a dump that ended without error. */
    public boolean isSuccess() {
        return error == 0;
    }

    /** The echoed request's {@code nlmsg_len} (0 for DONE, which echoes nothing). */
    public int requestLength() {
        return requestLength;
    }

    /** The echoed request's {@code nlmsg_type} (0 for DONE). */
    public int requestType() {
        return requestType;
    }

    /** The echoed request's {@code nlmsg_flags} (0 for DONE). */
    public int requestFlags() {
        return requestFlags;
    }

    /** The request's sequence number: echoed by ERROR, the message's own for DONE. */
    public int requestSequence() {
        return requestSequence;
    }

    /** The request's port id: echoed by ERROR, the message's own for DONE. */
    public int requestPortId() {
        return requestPortId;
    }

    /** The extended-ack TLVs, {@link NetlinkExtendedAck#NONE} when there were none. */
    public NetlinkExtendedAck extendedAck() {
        return extendedAck;
    }

    /** The exception this error stands for; for a success, an exception with errno 0 (rarely useful). */
    public NetlinkException toException() {
        return new NetlinkException(errno(), extendedAck, requestType, requestSequence, null);
    }

    @Override
    public String toString() {
        String what = messageType == NetlinkMessageType.NLMSG_DONE ? "NLMSG_DONE" : "NLMSG_ERROR";
        String outcome = error == 0 ? "OK" : Errno.name(-error);
        return what + '(' + outcome + ", request " + NetlinkMessageType.toString(requestType) + " seq "
                + Integer.toUnsignedString(requestSequence)
                + (extendedAck.isPresent() ? ", " + extendedAck : "") + ')';
    }
}
