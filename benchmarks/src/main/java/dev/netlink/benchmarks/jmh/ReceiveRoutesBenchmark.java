package dev.netlink.benchmarks.jmh;

import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.Rtnetlink;
import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.family.rtroute.RouteMessage;
import dev.netlink.family.rtroute.RtRoute;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * The whole receive path of a dump, per route: a 32 KiB datagram of {@value RouteDatagrams#ROUTES} routes handed
 * to a socket's pipeline (an {@code EmbeddedChannel}, so no system call), split and matched to the open dump by
 * the request handler, and each part read in place — into the generated rt-route family's {@link RouteMessage}
 * as route-list does ({@link #typedRoutes}), or reading RTA_DST and RTA_OIF as route-dump does
 * ({@link #twoAttributes}). Run with {@code -prof gc} for the bytes allocated per route.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReceiveRoutesBenchmark {
    /** A socket on an embedded channel with one dump open that never ends (no NLMSG_DONE comes). */
    @State(Scope.Thread)
    public static class OpenDump {
        EmbeddedChannel channel;
        NetlinkSocket socket;
        ByteBuf datagram;
        Blackhole sink;
        long sum;
        final AttributeReader reader = new AttributeReader();

        void open(boolean typed) {
            channel = new EmbeddedChannel();
            socket = NetlinkSocket.on(channel, 0);
            datagram = RouteDatagrams.datagram(1, 4242); // the first request's sequence number
            ByteBuf rtmsg = Unpooled.directBuffer(Rtnetlink.RTMSG_SIZE).writeByte(Rtnetlink.AF_INET)
                    .writeZero(Rtnetlink.RTMSG_SIZE - 1);
            if (typed) {
                RtRoute.on(socket).getrouteDump(route -> sink.consume(route));
                rtmsg.release();
            } else {
                socket.execute(socket.newRequest(Rtnetlink.RTM_GETROUTE, rtmsg, NetlinkFlags.NLM_F_DUMP)
                        .partReader((buf, type, index, length) -> {
                            AttributeReader a = reader.reset(buf, index + Rtnetlink.RTMSG_SIZE,
                                    length - Rtnetlink.RTMSG_SIZE);
                            while (a.next()) {
                                if (a.type() == Rtnetlink.RTA_DST || a.type() == Rtnetlink.RTA_OIF) {
                                    sum += a.u32();
                                }
                            }
                        }));
            }
            channel.runPendingTasks();
        }

        void receive(Blackhole bh) {
            sink = bh;
            channel.pipeline().fireChannelRead(datagram.retain());
            channel.pipeline().fireChannelReadComplete();
        }

        @TearDown(Level.Trial)
        public void close() {
            channel.finishAndReleaseAll();
            datagram.release();
        }
    }

    /** The dump of {@link #typedRoutes}. */
    @State(Scope.Thread)
    public static class TypedDump extends OpenDump {
        @Setup(Level.Trial)
        public void setUp() {
            open(true);
        }
    }

    /** The dump of {@link #twoAttributes}. */
    @State(Scope.Thread)
    public static class RawDump extends OpenDump {
        @Setup(Level.Trial)
        public void setUp() {
            open(false);
        }
    }

    @Benchmark
    @OperationsPerInvocation(RouteDatagrams.ROUTES)
    public void typedRoutes(TypedDump dump, Blackhole bh) {
        dump.receive(bh);
    }

    @Benchmark
    @OperationsPerInvocation(RouteDatagrams.ROUTES)
    public long twoAttributes(RawDump dump, Blackhole bh) {
        dump.receive(bh);
        return dump.sum;
    }
}
