package dev.netlink.benchmarks.jmh;

import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageType;
import dev.netlink.client.NetlinkReplies;
import dev.netlink.client.NetlinkRequest;
import dev.netlink.client.NetlinkRequestHandler;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Promise;
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
 * The request handler and its correlation state machine on their own: a request goes out (sequence stamped,
 * remembered), its reply and ACK come in
 * as decoded messages, the future completes. No bytes, no socket: an EmbeddedChannel holding only the request handler.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CorrelateReplyBenchmark {
    private static final int PORT = 4242;
    private EmbeddedChannel ch;
    private int seq;

    @Setup
    public void setUp() {
        ch = new EmbeddedChannel(new NetlinkRequestHandler(0, NetlinkRequestHandler.DEFAULT_MAX_IN_FLIGHT)) {
            @Override
            protected SocketAddress localAddress0() {
                return NetlinkAddress.ofPort(PORT);
            }
        };
    }

    @TearDown
    public void tearDown() {
        ch.finishAndReleaseAll();
    }

    @Benchmark
    public int requestReplyAck() {
        Promise<NetlinkReplies<NetlinkMessage>> p = ch.eventLoop().newPromise();
        ch.writeAndFlush(new NetlinkRequest(new DefaultNetlinkMessage(0x10, 0, 0, 0, Unpooled.EMPTY_BUFFER), p));
        NetlinkMessage sent = ch.readOutbound();
        int s = sent.sequence();
        sent.release();
        ch.pipeline().fireChannelRead(new DefaultNetlinkMessage(0x10, 0, s, PORT, Unpooled.EMPTY_BUFFER,
                NetlinkAddress.KERNEL, 0));
        ch.pipeline().fireChannelRead(new DefaultNetlinkMessage(NetlinkMessageType.NLMSG_ERROR, 0, s, PORT,
                Unpooled.wrappedBuffer(ACK), NetlinkAddress.KERNEL, 0));
        NetlinkReplies<NetlinkMessage> r = p.getNow();
        int n = r.size();
        r.release();
        return n + (seq++ & 1);
    }

    private static final byte[] ACK = new byte[20];
}
