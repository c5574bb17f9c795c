package dev.netlink.benchmarks.jmh;

import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageDecoder;
import dev.netlink.codec.Rtnetlink;
import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.family.rtroute.RouteMessage;
import io.netty.buffer.ByteBuf;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Splitting a 32 KiB route-dump datagram into messages and reading RTA_DST and RTA_OIF of each, as the route-dump
 * workload does; and decoding each into the generated rt-route family's {@link RouteMessage}, as route-list does:
 * time and allocation per message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecodeRoutesBenchmark {
    private ByteBuf datagram;
    private final List<Object> out = new ArrayList<>(RouteDatagrams.ROUTES);
    private final AttributeReader reader = new AttributeReader();

    @Setup
    public void setUp() {
        datagram = RouteDatagrams.datagram(1, 4242);
    }

    @TearDown
    public void tearDown() {
        datagram.release();
    }

    @Benchmark
    @OperationsPerInvocation(RouteDatagrams.ROUTES)
    public long decodeAndReadTwoAttributes() {
        NetlinkMessageDecoder.decode(datagram, null, 0, out);
        long sum = 0;
        for (int i = 0; i < out.size(); i++) {
            NetlinkMessage m = (NetlinkMessage) out.get(i);
            ByteBuf p = m.content();
            AttributeReader a = reader.reset(p, p.readerIndex() + Rtnetlink.RTMSG_SIZE,
                    p.readableBytes() - Rtnetlink.RTMSG_SIZE);
            while (a.next()) {
                int type = a.type();
                if (type == Rtnetlink.RTA_DST || type == Rtnetlink.RTA_OIF) {
                    sum += a.u32();
                }
            }
            m.release();
        }
        out.clear();
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(RouteDatagrams.ROUTES)
    public int decodeIntoTypedRoutes(org.openjdk.jmh.infra.Blackhole bh) {
        NetlinkMessageDecoder.decode(datagram, null, 0, out);
        int n = 0;
        for (int i = 0; i < out.size(); i++) {
            NetlinkMessage m = (NetlinkMessage) out.get(i);
            ByteBuf p = m.content();
            RouteMessage r = RouteMessage.decode(p, p.readerIndex(), reader.reset(p,
                    p.readerIndex() + Rtnetlink.RTMSG_SIZE, p.readableBytes() - Rtnetlink.RTMSG_SIZE));
            bh.consume(r);
            n++;
            m.release();
        }
        out.clear();
        return n;
    }
}
