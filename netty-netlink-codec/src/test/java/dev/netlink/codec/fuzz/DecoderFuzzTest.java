package dev.netlink.codec.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.netlink.codec.MalformedNetlinkException;
import dev.netlink.codec.NetlinkErrorMessage;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageDecoder;
import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.codec.attr.AttributeSchema;
import dev.netlink.codec.attr.AttributeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayList;
import java.util.List;

/**
 * Hostile bytes through the decoder, the attribute reader, the typed schema and the error parser (the correlator is fuzzed in the client module): only
 * {@link MalformedNetlinkException} may escape, and nothing may leak. Replays the corpus in
 * {@code src/test/resources/dev/netlink/codec/fuzz/DecoderFuzzTestInputs} in every build; with
 * {@code JAZZER_FUZZ=1} it fuzzes.
 */
class DecoderFuzzTest {
    /** A schema with every kind of type, nests, arrays and dicts, to decode whatever the bytes hold. */
    private static final AttributeSchema INNER = AttributeSchema.builder("inner")
            .add(1, "U8", AttributeType.U8).add(2, "U16", AttributeType.U16).add(3, "U32", AttributeType.U32)
            .add(4, "U64", AttributeType.U64).add(5, "STR", AttributeType.STRING).add(6, "UINT", AttributeType.UINT)
            .add(7, "FLAG", AttributeType.FLAG).add(8, "BF32", AttributeType.BITFIELD32).build();
    private static final AttributeSchema SCHEMA = AttributeSchema.builder("outer")
            .add(1, "NEST", AttributeType.nested(INNER))
            .add(2, "ARRAY", AttributeType.array(AttributeType.nested(INNER), 1))
            .add(3, "DICT", AttributeType.dict(AttributeType.U32)).add(4, "SINT", AttributeType.SINT)
            .add(5, "S16", AttributeType.S16).add(6, "BIN", AttributeType.BINARY).build();

    @FuzzTest(maxDuration = "30s")
    void datagram(byte[] bytes) {
        ByteBuf datagram = Unpooled.wrappedBuffer(bytes);
        List<Object> out = new ArrayList<>();
        try {
            NetlinkMessageDecoder.decode(datagram, null, 0, out);
            for (Object o : out) {
                NetlinkMessage m = (NetlinkMessage) o;
                try {
                    if (NetlinkErrorMessage.isErrorOrDone(m)) {
                        NetlinkErrorMessage.parse(m).toException();
                    }
                    walk(AttributeReader.of(m.content()), 0);
                    SCHEMA.decode(m.content());
                    SCHEMA.pathOf(m.content(), bytes.length % 64);
                } catch (MalformedNetlinkException expected) {
                    // hostile content is reported, not crashed on
                }
            }
        } catch (MalformedNetlinkException expected) {
            // a malformed datagram
        } finally {
            out.forEach(ReferenceCountUtil::release);
            datagram.release();
        }
    }

    private static void walk(AttributeReader a, int depth) {
        while (a.next()) {
            a.string();
            a.bytes();
            switch (a.length()) {
                case 1 -> a.u8();
                case 2 -> a.u16();
                case 4 -> a.u32();
                case 8 -> a.bitfield32();
                default -> {
                    try {
                        a.u32();
                        throw new AssertionError("u32 of a " + a.length() + "-byte payload");
                    } catch (MalformedNetlinkException wrongWidth) {
                        // only exactly 4 bytes are a u32
                    }
                }
            }
            if (depth < 8 && a.length() >= 4) {
                try {
                    walk(a.nested(), depth + 1);
                } catch (MalformedNetlinkException notNested) {
                    // not every payload is a nest
                }
            }
        }
    }
}
