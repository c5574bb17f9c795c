package dev.netlink.family;

import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.codec.attr.AttributeWriter;
import dev.netlink.ynl.YnlAttribute;
import dev.netlink.ynl.YnlAttributeSet;
import dev.netlink.ynl.YnlSpec;
import dev.netlink.ynl.codegen.FamilyGenerator;
import dev.netlink.ynl.typed.RawAttribute;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every attribute set of every bundled family through its generated record: random attributes as the spec lays
 * them out, decoded, encoded and decoded again give the same record and the same bytes, and an attribute the spec
 * does not know comes back raw and is sent again.
 */
class RoundTripTest {
    private static final int SEEDS = 4;

    static List<String> families() {
        return SpecBytes.families();
    }

    @ParameterizedTest
    @MethodSource("families")
    void everySetRoundTrips(String family) throws Exception {
        YnlSpec spec = YnlSpec.bundled(family);
        Map<String, String> classes = FamilyGenerator.bundled(family).setClassNames();
        for (YnlAttributeSet set : spec.attributeSets()) {
            Class<?> type = Class.forName(classes.get(set.name()));
            Method decode = type.getMethod("decode", AttributeReader.class);
            Method encode = type.getMethod("encode", AttributeWriter.class);
            for (int seed = 0; seed < SEEDS; seed++) {
                ByteBuf wire = Unpooled.buffer();
                try {
                    new SpecBytes(spec, seed * 31L + set.name().hashCode()).attributes(new AttributeWriter(wire), set,
                            3);
                    int unknownType = unknownType(set);
                    new AttributeWriter(wire).putU32(unknownType, 0x01020304);
                    String where = family + ' ' + set.name() + " seed " + seed + " from "
                            + ByteBufUtil.hexDump(wire);
                    Object first;
                    try {
                        first = decode.invoke(null, AttributeReader.of(wire));
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw new AssertionError(where + ": " + e.getCause(), e.getCause());
                    }
                    List<?> unknown = (List<?>) type.getMethod("unknown").invoke(first);
                    assertTrue(unknown.contains(new RawAttribute(unknownType, new byte[] {4, 3, 2, 1})),
                            where + ": the unknown attribute is kept, got " + unknown);
                    byte[] once = bytes(encode, first);
                    Object second = decode.invoke(null, AttributeReader.of(Unpooled.wrappedBuffer(once)));
                    byte[] twice = bytes(encode, second);
                    assertArrayEquals(once, twice, where);
                    if (!hasListOfArrays(type)) {
                        assertEquals(first, second, where);
                    }
                } finally {
                    wire.release();
                }
            }
        }
    }

    private static byte[] bytes(Method encode, Object record) throws Exception {
        ByteBuf out = Unpooled.buffer();
        try {
            encode.invoke(record, new AttributeWriter(out));
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /** A number the set does not name (below {@code NLA_TYPE_MASK}). */
    private static int unknownType(YnlAttributeSet set) {
        return Math.min(0x3fff, set.attributes().stream().mapToInt(YnlAttribute::value).max().orElse(0) + 100);
    }

    /** Whether a component is a list of arrays, which records compare by reference. */
    private static boolean hasListOfArrays(Class<?> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getGenericType)
                .anyMatch(t -> t instanceof ParameterizedType p && p.getActualTypeArguments()[0] == byte[].class);
    }
}
