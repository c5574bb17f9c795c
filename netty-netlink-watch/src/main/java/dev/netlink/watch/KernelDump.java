package dev.netlink.watch;

import dev.netlink.codec.Errno;
import dev.netlink.codec.HostOrder;
import dev.netlink.codec.NetlinkDatagram;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Whether the kernel still runs a dump for this socket ({@code netlink_sock.cb_running}), as the wire shows it,
 * whatever the request handler concluded. The kernel runs one dump per socket, from the request
 * ({@code NLM_F_DUMP}) to its {@code NLMSG_DONE}; a dump it could not start for want of room
 * ({@code netlink_dump} finds the receive queue full) is answered {@code NLMSG_ERROR} {@code ENOBUFS} and yet stays
 * running, its parts and {@code NLMSG_DONE} following as the queue is read. A request handler ends that request on
 * the error, so a dump sent after it meets {@code EBUSY}, and while the socket is congested the kernel drops that
 * acknowledgement without a word: a request whose answer never comes. The watch sends its next dump only once this
 * says the kernel's is over.
 *
 * <p>Sits before the request handler: it sees every dump request written with its sequence number, and every
 * message read (decoded messages or whole datagrams) before the request handler takes them. It holds and releases
 * nothing. Confined to the event loop.
 */
final class KernelDump extends ChannelDuplexHandler {
    /** {@code sizeof(struct nlmsghdr)}: the error code of {@code NLMSG_ERROR} and {@code NLMSG_DONE} follows it. */
    private static final int HEADER = 16;

    private Runnable ended = () -> { };
    /** The sequence of the dump the kernel runs for us; meaningful while {@link #running}. */
    private int sequence;
    private boolean running;

    /** Runs {@code ended} when the kernel's dump ends, on the event loop. Event loop only. */
    void onEnd(Runnable ended) {
        this.ended = ended;
    }

    /** Whether the kernel still runs a dump of this socket's. */
    boolean running() {
        return running;
    }

    /**
     * Forgets the running dump: its request timed out, so its answer (an {@code NLMSG_ERROR} dropped while the
     * socket was congested) will not come; if the kernel does run it still, the next dump is told {@code EBUSY}.
     */
    void forget() {
        running = false;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof NetlinkMessage m && (m.flags() & NetlinkFlags.NLM_F_DUMP) == NetlinkFlags.NLM_F_DUMP) {
            sequence = m.sequence();
            running = true;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (running) {
            if (msg instanceof NetlinkMessage m) {
                read(m.type(), m.sequence(), m.content(), m.content().readerIndex());
            } else {
                ByteBuf datagram = msg instanceof NetlinkDatagram d ? d.content() : msg instanceof ByteBuf b ? b : null;
                if (datagram != null) {
                    readAll(datagram);
                }
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Looks at each {@code struct nlmsghdr} of a whole datagram; a malformed one is the decoder's to report. */
    private void readAll(ByteBuf datagram) {
        int end = datagram.writerIndex();
        for (int i = datagram.readerIndex(); running && i + HEADER <= end; ) {
            int length = HostOrder.getI32(datagram, i);
            if (length < HEADER || length > end - i) {
                return;
            }
            int type = HostOrder.getU16(datagram, i + 4);
            read(type, HostOrder.getI32(datagram, i + 8), datagram.slice(i + HEADER, length - HEADER), 0);
            i += NetlinkMessage.align(length);
        }
    }

    /** One message: {@code payload} from {@code index} is what follows its header. */
    private void read(int type, int seq, ByteBuf payload, int index) {
        if (seq != sequence || type != NetlinkMessageType.NLMSG_DONE && type != NetlinkMessageType.NLMSG_ERROR) {
            return;
        }
        int error = payload.writerIndex() - index >= 4 ? HostOrder.getI32(payload, index) : 0;
        if (type == NetlinkMessageType.NLMSG_ERROR && error == -Errno.ENOBUFS) {
            return; // refused for want of room, and still running
        }
        running = false;
        ended.run();
    }
}
