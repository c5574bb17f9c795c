package dev.netlink.benchmarks.jmh;

import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessageEncoder;
import dev.netlink.codec.attr.AttributeWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/** Building and encoding the genl-get request (GETFAMILY "nlctrl") into a pooled direct buffer. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EncodeGenlRequestBenchmark {
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private int seq;

    @Benchmark
    public int encodeGetFamily() {
        ByteBuf payload = alloc.directBuffer(16);
        payload.writeByte(3).writeByte(1).writeShort(0);
        new AttributeWriter(payload).putString(2, "nlctrl");
        DefaultNetlinkMessage m = new DefaultNetlinkMessage(0x10, NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK,
                ++seq, 0, payload);
        ByteBuf wire = NetlinkMessageEncoder.encode(alloc, m);
        int len = wire.readableBytes();
        wire.release();
        m.release();
        return len;
    }
}
