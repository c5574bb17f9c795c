package dev.netlink.benchmarks.jmh;

import dev.netlink.client.NetlinkReplies;
import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.HostOrder;
import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkDatagram;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageType;
import dev.netlink.codec.attr.AttributeWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One genl-get round trip through a whole {@link NetlinkSocket} pipeline, the kernel replaced by a handler at the
 * head that answers each request datagram at once with the kernel's two datagrams (the nlctrl family, then the
 * ACK) — everything the library does per request but the system calls: the request built and stamped, encoded,
 * correlated, both answers split and matched, the future completed. Run with {@code -prof gc} for the bytes
 * allocated per round trip.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoundTripBenchmark {
    private static final int PORT = 4242;
    private static final int GENL_ID_CTRL = 0x10;
    private EmbeddedChannel channel;
    private NetlinkSocket socket;

    /** Answers each request datagram with a family reply and an ACK carrying its sequence number. */
    static final class InstantKernel extends ChannelOutboundHandlerAdapter {
        private final ByteBuf reply = reply();
        private final ByteBuf ack = Unpooled.directBuffer(36).writeZero(36);

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ByteBuf request = msg instanceof NetlinkDatagram d ? d.content() : (ByteBuf) msg;
            int seq = HostOrder.getI32(request, request.readerIndex() + 8);
            promise.setSuccess();
            request.release();
            ByteBuf r = reply.retainedDuplicate();
            HostOrder.setI32(r, 8, seq);
            ctx.fireChannelRead(new NetlinkDatagram(r, null, NetlinkAddress.KERNEL, 0));
            ByteBuf a = ack.retainedDuplicate();
            HostOrder.setI32(a, 0, 36);
            HostOrder.setI16(a, 4, NetlinkMessageType.NLMSG_ERROR);
            HostOrder.setI16(a, 6, NetlinkFlags.NLM_F_CAPPED);
            HostOrder.setI32(a, 8, seq);
            HostOrder.setI32(a, 12, PORT);
            HostOrder.setI32(a, 16, 0);
            HostOrder.setI32(a, 20, 32); // the request's nlmsghdr, capped: only its header is echoed
            HostOrder.setI32(a, 28, seq);
            ctx.fireChannelRead(new NetlinkDatagram(a, null, NetlinkAddress.KERNEL, 0));
            ctx.fireChannelReadComplete();
        }

        private static ByteBuf reply() {
            ByteBuf b = Unpooled.directBuffer(64);
            b.writeZero(16).writeByte(1).writeByte(2).writeShort(0); // CTRL_CMD_NEWFAMILY, version 2
            new AttributeWriter(b).putString(2, "nlctrl").putU16(1, GENL_ID_CTRL).putU32(3, 2);
            HostOrder.setI32(b, 0, b.writerIndex());
            HostOrder.setI16(b, 4, GENL_ID_CTRL);
            HostOrder.setI32(b, 12, PORT);
            return b;
        }
    }

    @Setup
    public void setUp() {
        channel = new EmbeddedChannel(new InstantKernel()) {
            @Override
            protected SocketAddress localAddress0() {
                return NetlinkAddress.ofPort(PORT);
            }
        };
        socket = NetlinkSocket.on(channel, 0);
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public int genlGet() {
        return genlGet(channel.alloc().directBuffer(16));
    }

    /** The same with the request built in an unpooled heap buffer, as the typed families build theirs. */
    @Benchmark
    public int genlGetHeapPayload() {
        return genlGet(Unpooled.buffer(16));
    }

    private int genlGet(ByteBuf payload) {
        payload.writeByte(3).writeByte(1).writeShort(0);
        new AttributeWriter(payload).putString(2, "nlctrl");
        Future<NetlinkReplies<NetlinkMessage>> f = socket.request(GENL_ID_CTRL, payload, 0);
        NetlinkReplies<NetlinkMessage> r = f.getNow();
        if (r == null) {
            throw new IllegalStateException("no answer: " + f.cause());
        }
        int n = r.size();
        r.release();
        return n;
    }
}
