package dev.netlink.testkit;

import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.NetlinkExtendedAck;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageType;
import dev.netlink.codec.attr.AttributeWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the {@link FakeKernel} answers to one request, built by a {@link FakeKernel.Responder} with the kernel's
 * habits applied: parts of a dump ({@code NLM_F_DUMP}) get {@code NLM_F_MULTI} and the dump ends with
 * {@code NLMSG_DONE}; a do-request with {@code NLM_F_ACK} ends with an acknowledgement; an error ends the answer
 * with {@code NLMSG_ERROR} echoing the request, with extended-ack TLVs ({@code NLM_F_ACK_TLVS}) when given.
 *
 * <p>Every reply carries the request's sequence number and the socket's port id. Payloads passed in are owned by
 * the reply. Confined to the thread running the fake kernel.
 */
public final class KernelReply {
    private final NetlinkMessage request;
    private final int portId;
    private final boolean capAck;
    private final List<NetlinkMessage> messages = new ArrayList<>();
    private boolean ended;
    private boolean silent;
    private boolean interrupted;
    private boolean verbatim;

    KernelReply(NetlinkMessage request, int portId, boolean capAck) {
        this.request = request;
        this.portId = portId;
        this.capAck = capAck;
    }

    /** The request being answered; valid during {@code respond}. */
    public NetlinkMessage request() {
        return request;
    }

    /** Whether the request asks for a dump ({@code NLM_F_DUMP}). */
    public boolean isDump() {
        return (request.flags() & NetlinkFlags.NLM_F_DUMP) == NetlinkFlags.NLM_F_DUMP;
    }

    /** A reply message of {@code type}; in a dump it is a part ({@code NLM_F_MULTI}). */
    public KernelReply message(int type, ByteBuf payload) {
        return message(type, 0, payload);
    }

    /** A reply message of {@code type} with extra {@code flags}. */
    public KernelReply message(int type, int flags, ByteBuf payload) {
        checkOpen();
        int f = flags | (isDump() ? NetlinkFlags.NLM_F_MULTI : 0);
        messages.add(new DefaultNetlinkMessage(type, f, request.sequence(), portId, payload));
        return this;
    }

    /** A reply message whose payload is a fixed header followed by attributes written by {@code attrs}. */
    public KernelReply message(int type, byte[] header, Consumer<AttributeWriter> attrs) {
        ByteBuf payload = Unpooled.buffer();
        payload.writeBytes(header);
        attrs.accept(new AttributeWriter(payload));
        return message(type, payload);
    }

    /**
     * A message exactly as given (flags untouched), with the request's sequence number and the socket's port id;
     * the fake kernel then adds no ACK or DONE of its own. For replaying recorded answers.
     */
    public KernelReply verbatim(int type, int flags, ByteBuf payload) {
        checkOpen();
        verbatim = true;
        messages.add(new DefaultNetlinkMessage(type, flags, request.sequence(), portId, payload));
        return this;
    }

    /** Marks the dump inconsistent: its parts and {@code NLMSG_DONE} carry {@code NLM_F_DUMP_INTR}. */
    public KernelReply dumpInterrupted() {
        interrupted = true;
        return this;
    }

    /** Fails the request with {@code errno} (positive), as {@code NLMSG_ERROR} or, for a dump, {@code NLMSG_DONE}. */
    public KernelReply error(int errno) {
        return error(errno, (Consumer<AttributeWriter>) null);
    }

    /** Fails the request with {@code errno} and an extended-ack message ({@code NLMSGERR_ATTR_MSG}). */
    public KernelReply error(int errno, String message) {
        return error(errno, message == null ? null
                : w -> w.putString(NetlinkExtendedAck.NLMSGERR_ATTR_MSG, message));
    }

    /**
     * Fails the request with {@code errno} and the extended-ack TLVs written by {@code tlvs}
     * ({@code NLMSGERR_ATTR_MSG}, {@code _OFFS}, {@code _COOKIE}, {@code _POLICY}, {@code _MISS_TYPE},
     * {@code _MISS_NEST}), sets {@code NLM_F_ACK_TLVS}; a socket with {@code NETLINK_CAP_ACK} gets only the
     * request's header echoed and {@code NLM_F_CAPPED}.
     */
    public KernelReply error(int errno, Consumer<AttributeWriter> tlvs) {
        checkOpen();
        ended = true;
        messages.add(isDump() && !messages.isEmpty() ? done(-errno, tlvs) : nlmsgerr(-errno, tlvs));
        return this;
    }

    /** Sends nothing at all, not even the acknowledgement: for testing timeouts. */
    public KernelReply noReply() {
        silent = true;
        return this;
    }

    private void checkOpen() {
        if (ended) {
            throw new IllegalStateException("the reply already ended with an error");
        }
    }

    private NetlinkMessage nlmsgerr(int error, Consumer<AttributeWriter> tlvs) {
        ByteBuf p = Unpooled.buffer();
        p.writeIntLE(error);
        ByteBuf req = request.content();
        boolean capped = capAck && error != 0;
        p.writeIntLE(request.length()).writeShortLE(request.type()).writeShortLE(request.flags())
                .writeIntLE(request.sequence()).writeIntLE(request.portId());
        if (!capped && error != 0) {
            p.writeBytes(req, req.readerIndex(), req.readableBytes());
            p.writeZero(NetlinkMessage.align(req.readableBytes()) - req.readableBytes());
        }
        int flags = capped || error == 0 ? NetlinkFlags.NLM_F_CAPPED : 0;
        if (tlvs != null) {
            tlvs.accept(new AttributeWriter(p));
            flags |= NetlinkFlags.NLM_F_ACK_TLVS;
        }
        return new DefaultNetlinkMessage(NetlinkMessageType.NLMSG_ERROR, flags, request.sequence(), portId, p);
    }

    private NetlinkMessage done(int error, Consumer<AttributeWriter> tlvs) {
        ByteBuf p = Unpooled.buffer();
        p.writeIntLE(error);
        int flags = NetlinkFlags.NLM_F_MULTI | (interrupted ? NetlinkFlags.NLM_F_DUMP_INTR : 0);
        if (tlvs != null) {
            tlvs.accept(new AttributeWriter(p));
            flags |= NetlinkFlags.NLM_F_ACK_TLVS;
        }
        return new DefaultNetlinkMessage(NetlinkMessageType.NLMSG_DONE, flags, request.sequence(), portId, p);
    }

    /** The messages to send, the kernel's end added: DONE for a dump, the ACK for a do-request asking for it. */
    List<NetlinkMessage> finish() {
        if (silent) {
            messages.forEach(NetlinkMessage::release);
            messages.clear();
            return messages;
        }
        if (interrupted) {
            for (NetlinkMessage m : messages) {
                m.setFlags(m.flags() | NetlinkFlags.NLM_F_DUMP_INTR);
            }
        }
        if (!ended && !verbatim) {
            if (isDump()) {
                messages.add(done(0, null));
            } else if (request.hasFlags(NetlinkFlags.NLM_F_ACK)) {
                messages.add(nlmsgerr(0, null));
            }
        }
        return messages;
    }
}
