package dev.netlink.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultAddressedEnvelope;

/**
 * One netlink datagram (the payload of one {@code sendmsg}/{@code recvmsg}) with its addresses: the sender's
 * {@code sockaddr_nl} on receipt, the recipient's when sending to a user-space peer, and on receipt the
 * multicast group it was delivered on where known.
 *
 * <p>The group comes from {@code NETLINK_PKTINFO} ({@code struct nl_pktinfo}), which also reports groups
 * above 32; without it, from the single bit the kernel sets in the sender's {@code nl_groups}. 0 means
 * unicast or unknown.
 *
 * <p>Holds one reference to its content; whoever consumes the datagram releases it. Not thread-safe.
 */
public final class NetlinkDatagram extends DefaultAddressedEnvelope<ByteBuf, NetlinkAddress> {
    private final int group;

    /** A datagram to send to {@code recipient} (a user-space peer's port id, or the kernel). */
    public NetlinkDatagram(ByteBuf content, NetlinkAddress recipient) {
        this(content, recipient, null, 0);
    }

    /**
     * @param content   the datagram's bytes; ownership passes to this datagram
     * @param recipient where it goes (or, on receipt, the receiving socket's address); may be {@code null}
     *                  on receipt when {@code sender} is set
     * @param sender    who sent it, or {@code null} when sending
     * @param group     the multicast group it was delivered on, 0 for unicast or unknown
     */
    public NetlinkDatagram(ByteBuf content, NetlinkAddress recipient, NetlinkAddress sender, int group) {
        super(content, recipient, sender);
        this.group = group;
    }

    /**
     * The multicast group this datagram was delivered on: the {@code NETLINK_PKTINFO} group if the socket
     * reported it, else the group encoded in the sender's {@code nl_groups}; 0 for unicast.
     */
    public int group() {
        if (group != 0) {
            return group;
        }
        NetlinkAddress s = sender();
        return s == null ? 0 : s.lowestGroup();
    }

    @Override
    public NetlinkDatagram retain() {
        super.retain();
        return this;
    }

    @Override
    public NetlinkDatagram retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public NetlinkDatagram touch() {
        super.touch();
        return this;
    }

    @Override
    public NetlinkDatagram touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "NetlinkDatagram(" + content().readableBytes() + "B, from " + sender() + ", to " + recipient()
                + (group() != 0 ? ", group " + group() : "") + ')';
    }
}
