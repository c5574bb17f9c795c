package dev.netlink.transport;

import dev.netlink.codec.NetlinkDatagram;
import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.HostOrder;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessageEncoder;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageDecoder;
import dev.netlink.codec.NetlinkMessageType;
import dev.netlink.codec.NetlinkProtocol;
import dev.netlink.codec.Rtnetlink;
import dev.netlink.codec.attr.AttributeReader;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Assumptions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Raw netlink bytes for the integration tests, and a handler that queues what a channel receives. */
final class NetlinkTestSupport {
    static final int NLM_F_REQUEST = NetlinkFlags.NLM_F_REQUEST;
    static final int NLM_F_ACK = NetlinkFlags.NLM_F_ACK;
    static final int NLM_F_DUMP = NetlinkFlags.NLM_F_DUMP;
    static final int NLMSG_ERROR = NetlinkMessageType.NLMSG_ERROR;
    static final int NLMSG_DONE = NetlinkMessageType.NLMSG_DONE;
    static final int GENL_ID_CTRL = 0x10;
    static final int CTRL_CMD_GETFAMILY = 3;
    static final int CTRL_ATTR_FAMILY_NAME = 2;
    static final int RTM_NEWLINK = Rtnetlink.RTM_NEWLINK;
    static final int RTM_GETLINK = Rtnetlink.RTM_GETLINK;
    static final int IFLA_IFNAME = Rtnetlink.IFLA_IFNAME;
    static final long TIMEOUT_SECONDS = 20;

    private NetlinkTestSupport() {
    }

    /** One message as the codec's encoder writes it: a direct buffer the caller (or a write) releases. */
    static ByteBuf message(ByteBufAllocator alloc, int type, int flags, int seq, byte[] payload) {
        ByteBuf b = alloc.directBuffer(16 + payload.length);
        DefaultNetlinkMessage m = new DefaultNetlinkMessage(type, flags, seq, 0, Unpooled.wrappedBuffer(payload));
        try {
            NetlinkMessageEncoder.encode(m, b);
        } finally {
            m.release();
        }
        return b;
    }

    /** nlctrl {@code CTRL_CMD_GETFAMILY} dump: a {@code genlmsghdr} and no attributes. */
    static ByteBuf nlctrlDump(ByteBufAllocator alloc, int seq) {
        return message(alloc, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_DUMP, seq, new byte[] {CTRL_CMD_GETFAMILY, 1, 0, 0});
    }

    /** {@code RTM_GETLINK} for one interface index, with an ack: a 16-byte {@code ifinfomsg}. */
    static ByteBuf getLink(ByteBufAllocator alloc, int seq, int ifindex) {
        ByteBuf ifinfomsg = Unpooled.buffer(16).writeZero(4);
        HostOrder.writeI32(ifinfomsg, ifindex).writeZero(8);
        byte[] ifi = ByteBufUtil.getBytes(ifinfomsg);
        return message(alloc, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, seq, ifi);
    }

    /** A parsed netlink message; the payload is copied out. */
    record Msg(int type, int flags, int seq, int pid, byte[] payload) {
    }

    /** Splits a datagram into its messages with the codec's decoder, copying each out; does not release it. */
    static List<Msg> messages(ByteBuf datagram) {
        List<Object> decoded = new ArrayList<>();
        NetlinkMessageDecoder.decode(datagram, null, 0, decoded);
        List<Msg> out = new ArrayList<>(decoded.size());
        for (Object o : decoded) {
            NetlinkMessage m = (NetlinkMessage) o;
            out.add(new Msg(m.type(), m.flags(), m.sequence(), m.portId(), ByteBufUtil.getBytes(m.content())));
            m.release();
        }
        return out;
    }

    /** The attributes ({@code struct nlattr}) of {@code payload} from {@code offset}, by type. */
    static Map<Integer, byte[]> attributes(byte[] payload, int offset) {
        Map<Integer, byte[]> out = new LinkedHashMap<>();
        AttributeReader a = new AttributeReader(Unpooled.wrappedBuffer(payload), offset, payload.length - offset);
        while (a.next()) {
            out.put(a.type(), a.bytes());
        }
        return out;
    }

    /** A NUL-terminated string attribute. */
    static String string(byte[] v) {
        int n = 0;
        while (n < v.length && v[n] != 0) {
            n++;
        }
        return new String(v, 0, n, StandardCharsets.UTF_8);
    }

    /** Binds a netlink channel on {@code group}, with {@code inbox} as its handler and the given options. */
    static NetlinkChannel bind(EventLoopGroup group, NetlinkChannel channel, ChannelHandler handler,
                               Map<io.netty.channel.ChannelOption<?>, Object> options) throws Exception {
        Bootstrap b = new Bootstrap().group(group).channelFactory(() -> channel).handler(handler);
        options.forEach((k, v) -> {
            @SuppressWarnings("unchecked")
            io.netty.channel.ChannelOption<Object> o = (io.netty.channel.ChannelOption<Object>) k;
            b.option(o, v);
        });
        Channel ch = b.bind(dev.netlink.codec.NetlinkAddress.ANY).sync().channel();
        return (NetlinkChannel) ch;
    }

    /** Queues the datagrams, user events and exceptions a channel receives; releases what is left on removal. */
    static final class Inbox extends ChannelInboundHandlerAdapter {
        final BlockingQueue<NetlinkDatagram> datagrams = new LinkedBlockingQueue<>();
        final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> exceptions = new LinkedBlockingQueue<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof NetlinkDatagram d) {
                datagrams.add(d);
            } else {
                ReferenceCountUtil.release(msg);
                exceptions.add(new AssertionError("unexpected message " + msg));
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            exceptions.add(cause);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            drain();
        }

        /** Releases every queued datagram. */
        void drain() {
            NetlinkDatagram d;
            while ((d = datagrams.poll()) != null) {
                d.release();
            }
        }

        /** The next datagram; the caller releases it. Fails after the timeout. */
        NetlinkDatagram next() throws InterruptedException {
            return next(TIMEOUT_SECONDS);
        }

        private NetlinkDatagram next(long timeoutSeconds) throws InterruptedException {
            NetlinkDatagram d = datagrams.poll(timeoutSeconds, TimeUnit.SECONDS);
            if (d == null) {
                throw new AssertionError("no datagram within " + timeoutSeconds + " s; exceptions: " + exceptions);
            }
            return d;
        }

        /**
         * Reads datagrams until a message matching {@code stop} arrives, passing every message to {@code each};
         * releases each datagram.
         */
        void readUntil(Predicate<Msg> each, Predicate<Msg> stop) throws InterruptedException {
            readUntil(each, stop, TIMEOUT_SECONDS);
        }

        /** As {@link #readUntil(Predicate, Predicate)}, waiting at most {@code timeoutSeconds} per datagram. */
        void readUntil(Predicate<Msg> each, Predicate<Msg> stop, long timeoutSeconds) throws InterruptedException {
            while (true) {
                NetlinkDatagram d = next(timeoutSeconds);
                try {
                    for (Msg m : messages(d.content())) {
                        each.test(m);
                        if (stop.test(m)) {
                            return;
                        }
                    }
                } finally {
                    d.release();
                }
            }
        }
    }
}
