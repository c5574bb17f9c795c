package dev.netlink.client;

import dev.netlink.codec.HostOrder;
import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageType;
import io.netty.buffer.ByteBuf;
import io.netty.util.collection.IntObjectHashMap;

import java.util.Collection;

/**
 * The requests sent and not answered yet, by the {@code nlmsg_seq} each went out under, and the rule of what
 * answers one of them: a message from the kernel (port id 0), unicast, with a sequence number in flight and this
 * socket's port id in {@code nlmsg_pid}, or the {@code NLM_F_ECHO} copy a request of ours asked for (which carries
 * the notification's group). Anything else answers no request in flight: a notification or a message of a
 * user-space peer, which the socket passes on, or the answer of a request that has ended, which is late.
 *
 * <p>Holds no buffer. Confined to the event loop; not thread-safe.
 */
final class InFlight {
    private final IntObjectHashMap<Exchange> bySequence = new IntObjectHashMap<>();
    private int portId;

    /** Sets this socket's port id, which answers must carry in {@code nlmsg_pid}; 0 accepts any. */
    void portId(int portId) {
        this.portId = portId;
    }

    /** {@code e}, sent under its {@link Exchange#sequence}. */
    void add(Exchange e) {
        bySequence.put(e.sequence, e);
    }

    /** Forgets {@code e}: answered, ended, or waiting to be sent again. */
    void remove(Exchange e) {
        bySequence.remove(e.sequence);
    }

    /** Whether a request in flight went out under {@code sequence}. */
    boolean contains(int sequence) {
        return bySequence.containsKey(sequence);
    }

    int size() {
        return bySequence.size();
    }

    /** The requests in flight, a live view. */
    Collection<Exchange> exchanges() {
        return bySequence.values();
    }

    /**
     * Whether {@code m} can answer a request at all: from the kernel, with a sequence number, unicast or the echo
     * of one of ours. {@code false}: a notification or a message of a user-space peer, not the correlator's.
     */
    boolean mayAnswer(NetlinkMessage m) {
        return (m.sender() == null || m.sender().isKernel()) && m.sequence() != 0 && (m.group() == 0 || isEcho(m));
    }

    /**
     * The request in flight that {@code m} answers, or {@code null}: none went out under its sequence (a late
     * answer, {@link #contains} tells), or the message names another port id.
     */
    Exchange answered(NetlinkMessage m) {
        Exchange e = bySequence.get(m.sequence());
        return e == null || (portId != 0 && m.portId() != portId) ? null : e;
    }

    /**
     * The request in flight that the message whose {@code nlmsghdr} is at {@code index} of {@code datagram}
     * answers, read from the header where it lies; {@code null} for anything else (a notification, a message of a
     * peer, a late answer).
     *
     * @param sender the datagram's sender, or {@code null} if unknown
     * @param group  the group the datagram was delivered on, or 0
     */
    Exchange answered(ByteBuf datagram, int index, NetlinkAddress sender, int group) {
        int sequence = HostOrder.getI32(datagram, index + 8);
        if (group != 0 || sequence == 0 || (sender != null && !sender.isKernel())) {
            return null;
        }
        Exchange e = bySequence.get(sequence);
        return e == null || (portId != 0 && HostOrder.getI32(datagram, index + 12) != portId) ? null : e;
    }

    /**
     * Whether {@code m}, marked with a multicast group, is the echo a request of ours asked for: the kernel sends
     * {@code NLM_F_ECHO}'s copy ({@code nlmsg_notify} with {@code report}) from the notification's own buffer, so
     * it carries the group, but it is unicast to our port with our sequence number, and it answers that request.
     */
    private boolean isEcho(NetlinkMessage m) {
        Exchange e = bySequence.get(m.sequence());
        return e != null && portId != 0 && m.portId() == portId
                && (e.request.message().flags() & NetlinkFlags.NLM_F_ECHO) != 0;
    }

    /** The requests in flight as {@code seq:TYPE}, for a person reading a stuck socket. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        String sep = "";
        for (Exchange e : bySequence.values()) {
            b.append(sep).append(Integer.toUnsignedString(e.sequence)).append(':')
                    .append(NetlinkMessageType.toString(e.request.message().type()))
                    .append(e.isDump() ? " dump" : "");
            sep = ", ";
        }
        return b.append(']').toString();
    }
}
