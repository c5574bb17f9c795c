package dev.netlink.codec.attr;

import static dev.netlink.codec.attr.Nla.comparable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlink.codec.MalformedNetlinkException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random attribute trees: what {@link AttributeWriter} writes, {@link AttributeReader} reads back, and an
 * {@link AttributeSchema} generated for the tree decodes to the same values and encodes to the same bytes.
 *
 * <p>Each iteration has its own seed, printed on failure; rerun one with {@code -Dnetlink.attr.seed=SEED}.
 */
class AttributePropertyTest {
    private static final int ITERATIONS = 500;
    private static final String SEED_PROPERTY = "netlink.attr.seed";
    private static final AttributeType.Basic[] BASIC = AttributeType.Basic.values();
    private static final String ALPHABET = "abcxyzABC019 _-./:éßøΩ漢字";

    /**
     * One generated attribute: its type number, schema type and decoded value; for a nest, its children, and for
     * array, dict and multi, the element type (a basic type) and the elements in {@code value}.
     */
    private record Node(int type, AttributeType attrType, Object value, List<Node> children) {
        String name() {
            return "A" + type;
        }
    }

    /** The attributes of one level, and the schema that describes them. */
    private record Level(List<Node> nodes, AttributeSchema schema) {
    }

    private interface Check {
        void run(Random random);
    }

    private static void forEachSeed(Check check) {
        Long fixed = Long.getLong(SEED_PROPERTY);
        Random seeds = new Random(0x6e65746c696e6bL);
        int iterations = fixed != null ? 1 : ITERATIONS;
        for (int i = 0; i < iterations; i++) {
            long seed = fixed != null ? fixed : seeds.nextLong();
            try {
                check.run(new Random(seed));
            } catch (Throwable t) {
                throw new AssertionError("iteration " + i + " failed with seed " + seed + " (rerun with -D"
                        + SEED_PROPERTY + '=' + seed + "): " + t.getMessage(), t);
            }
        }
    }

    @Test
    void writerReaderAndSchemaAgreeOnRandomTrees() {
        forEachSeed(random -> {
            Level level = level(random, 0, "root");
            ByteBuf written = Unpooled.buffer();
            ByteBuf withoutPadding = Unpooled.buffer();
            ByteBuf encoded = Unpooled.buffer();
            try {
                List<Object[]> paths = new ArrayList<>();
                write(level.nodes(), new AttributeWriter(written), true, "", paths);
                write(level.nodes(), new AttributeWriter(withoutPadding), false, "", new ArrayList<>());

                read(level.nodes(), AttributeReader.of(written));

                Map<Integer, Object> expected = expected(level.nodes());
                Map<Integer, Object> decoded = level.schema().decode(written);
                assertEquals(comparable(expected), comparable(decoded), () -> "schema " + level.schema()
                        + "\nexpected " + level.schema().format(expected) + "\n but was "
                        + level.schema().format(decoded));
                assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(decoded.keySet()), "wire order");

                level.schema().encode(decoded, new AttributeWriter(encoded));
                assertEquals(ByteBufUtil.hexDump(withoutPadding), ByteBufUtil.hexDump(encoded),
                        () -> "encoding " + level.schema().format(decoded));

                for (Object[] p : paths) {
                    int offset = (Integer) p[0];
                    int end = (Integer) p[1];
                    assertEquals(p[2], level.schema().pathOf(written, offset), "pathOf header at " + offset);
                    assertEquals(p[2], level.schema().pathOf(written, end - 1), "pathOf last byte before " + end);
                }
            } finally {
                written.release();
                withoutPadding.release();
                encoded.release();
            }
        });
    }

    @Test
    void corruptedBytesFailOnlyAsMalformed() {
        int[] failures = new int[1];
        forEachSeed(random -> {
            Level level = level(random, 0, "root");
            ByteBuf buf = Unpooled.buffer();
            try {
                write(level.nodes(), new AttributeWriter(buf), true, "", new ArrayList<>());
                if (buf.readableBytes() == 0) {
                    return;
                }
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    int at = random.nextInt(buf.readableBytes());
                    int flipped = buf.getByte(at) ^ 1 << random.nextInt(8);
                    buf.setByte(at, random.nextBoolean() ? random.nextInt(256) : flipped);
                }
                if (random.nextInt(4) == 0) {
                    buf.writerIndex(random.nextInt(buf.readableBytes()));
                }
                try {
                    level.schema().decode(buf);
                } catch (MalformedNetlinkException e) {
                    failures[0]++;
                    assertTrue(e.offset() >= 0 && e.offset() < buf.readableBytes(), e.getMessage());
                }
                for (int i = 0; i < 8 && buf.readableBytes() > 0; i++) {
                    level.schema().pathOf(buf, random.nextInt(buf.readableBytes()));
                }
            } finally {
                buf.release();
            }
        });
        assertTrue(failures[0] > 0, "some corruptions are detected");
    }

    // Generation.

    private static Level level(Random random, int depth, String name) {
        int count = random.nextInt(depth == 0 ? 8 : 5);
        Set<Integer> types = new LinkedHashSet<>();
        while (types.size() < count) {
            types.add(random.nextInt(4) == 0 ? random.nextInt(NetlinkAttribute.NLA_TYPE_MASK + 1)
                    : random.nextInt(32));
        }
        List<Node> nodes = new ArrayList<>();
        AttributeSchema.Builder schema = AttributeSchema.builder(name);
        for (int type : types) {
            Node node = node(random, depth, type);
            nodes.add(node);
            schema.add(type, node.name(), node.attrType());
        }
        return new Level(nodes, schema.build());
    }

    private static Node node(Random random, int depth, int type) {
        int choice = random.nextInt(depth < 3 ? 20 : 15);
        if (choice < 15) {
            AttributeType.Basic b = BASIC[choice];
            Object value = b == AttributeType.Basic.PADDING ? randomBytes(random, 4) : value(random, b);
            return new Node(type, b, value, List.of());
        }
        AttributeType.Basic element = elementType(random);
        int n = random.nextInt(5);
        return switch (choice) {
            case 15, 16 -> {
                Level children = level(random, depth + 1, "nest" + type);
                yield new Node(type, AttributeType.nested(children.schema()), null, children.nodes());
            }
            case 17 -> {
                int base = random.nextInt(3);
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    list.add(value(random, element));
                }
                yield new Node(type, AttributeType.array(element, base), list, List.of());
            }
            case 18 -> {
                Map<Integer, Object> map = new LinkedHashMap<>();
                while (map.size() < n) {
                    map.put(random.nextInt(100), value(random, element));
                }
                yield new Node(type, AttributeType.dict(element), map, List.of());
            }
            default -> {
                List<Object> list = new ArrayList<>();
                for (int i = 0; i <= n; i++) {
                    list.add(value(random, element));
                }
                yield new Node(type, AttributeType.multi(element), list, List.of());
            }
        };
    }

    private static AttributeType.Basic elementType(Random random) {
        AttributeType.Basic b;
        do {
            b = BASIC[random.nextInt(BASIC.length)];
        } while (b == AttributeType.Basic.PADDING);
        return b;
    }

    /** A random value of {@code type}, as the schema decodes it; often an edge of its range. */
    private static Object value(Random random, AttributeType.Basic type) {
        boolean edge = random.nextInt(4) == 0;
        int pick = random.nextInt(3);
        return switch (type) {
            case U8 -> edge ? new int[] {0, 1, 255}[pick] : random.nextInt(256);
            case U16 -> edge ? new int[] {0, 0x8000, 0xffff}[pick] : random.nextInt(0x10000);
            case U32 -> edge ? new long[] {0, 0x80000000L, 0xffffffffL}[pick] : random.nextLong() & 0xffffffffL;
            case S8 -> edge ? new int[] {-128, -1, 127}[pick] : random.nextInt(256) - 128;
            case S16 -> edge ? new int[] {-32768, -1, 32767}[pick] : random.nextInt(0x10000) - 0x8000;
            case S32 -> edge ? new int[] {Integer.MIN_VALUE, -1, Integer.MAX_VALUE}[pick] : random.nextInt();
            case U64, S64 -> edge ? new long[] {Long.MIN_VALUE, -1, Long.MAX_VALUE}[pick] : random.nextLong();
            case UINT -> edge ? new long[] {0xffffffffL, 0x100000000L, -1}[pick]
                    : random.nextBoolean() ? random.nextLong() & 0xffffffffL : random.nextLong();
            case SINT -> edge ? new long[] {Integer.MIN_VALUE, Integer.MIN_VALUE - 1L, 0x80000000L}[pick]
                    : random.nextBoolean() ? (long) random.nextInt() : random.nextLong();
            case STRING -> {
                StringBuilder sb = new StringBuilder();
                for (int i = random.nextInt(13); i > 0; i--) {
                    sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
                yield sb.toString();
            }
            case BINARY -> randomBytes(random, 21);
            case FLAG -> Boolean.TRUE;
            case BITFIELD32 -> new Bitfield32(random.nextInt(), random.nextInt());
            case PADDING -> throw new AssertionError("padding has no value");
        };
    }

    private static byte[] randomBytes(Random random, int maxLength) {
        byte[] b = new byte[random.nextInt(maxLength)];
        random.nextBytes(b);
        return b;
    }

    // Writing with the writer alone, recording where each attribute is and the path pathOf should give.

    private static void write(List<Node> nodes, AttributeWriter w, boolean padding, String prefix,
                              List<Object[]> paths) {
        for (Node node : nodes) {
            String path = prefix + node.name();
            int start = w.buffer().writerIndex();
            switch (node.attrType()) {
                case AttributeType.Basic b when b == AttributeType.Basic.PADDING -> {
                    if (!padding) {
                        continue;
                    }
                    w.putBinary(node.type(), (byte[]) node.value());
                }
                case AttributeType.Basic b -> writeBasic(b, node.type(), node.value(), w);
                case AttributeType.Nested n -> {
                    int nest = w.startNested(node.type());
                    write(node.children(), w, padding, path + '.', paths);
                    w.endNested(nest);
                }
                case AttributeType.Array a -> {
                    int nest = w.startNested(node.type());
                    List<?> list = (List<?>) node.value();
                    for (int i = 0; i < list.size(); i++) {
                        int at = w.buffer().writerIndex();
                        writeBasic((AttributeType.Basic) a.element(), a.baseIndex() + i, list.get(i), w);
                        record(paths, w, at, path + ".[" + i + ']');
                    }
                    w.endNested(nest);
                }
                case AttributeType.Dict d -> {
                    int nest = w.startNested(node.type());
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) node.value()).entrySet()) {
                        int at = w.buffer().writerIndex();
                        writeBasic((AttributeType.Basic) d.element(), (Integer) e.getKey(), e.getValue(), w);
                        record(paths, w, at, path + ".[" + e.getKey() + ']');
                    }
                    w.endNested(nest);
                }
                case AttributeType.Multi m -> {
                    List<?> list = (List<?>) node.value();
                    for (int i = 0; i < list.size(); i++) {
                        int at = w.buffer().writerIndex();
                        writeBasic((AttributeType.Basic) m.element(), node.type(), list.get(i), w);
                        record(paths, w, at, path + '[' + i + ']');
                    }
                    continue;
                }
                default -> throw new AssertionError("not generated: " + node.attrType());
            }
            record(paths, w, start, path);
        }
    }

    /**
     * Remembers the attribute written from {@code start}: its header offset, the end of its payload ({@code nla_len},
     * or just its header when it holds other attributes, whose last byte belongs to its last child), its path.
     */
    private static void record(List<Object[]> paths, AttributeWriter w, int start, String path) {
        boolean nest = (nlaType(w.buffer(), start) & NetlinkAttribute.NLA_F_NESTED) != 0;
        int end = start + (nest ? NetlinkAttribute.HEADER_LENGTH : nlaLen(w.buffer(), start));
        paths.add(new Object[] {start, end, path});
    }

    private static int nlaLen(ByteBuf buf, int index) {
        return hostU16(buf, index);
    }

    private static int nlaType(ByteBuf buf, int index) {
        return hostU16(buf, index + 2);
    }

    private static int hostU16(ByteBuf buf, int index) {
        return Nla.HOST == java.nio.ByteOrder.LITTLE_ENDIAN ? buf.getUnsignedShortLE(index)
                : buf.getUnsignedShort(index);
    }

    private static void writeBasic(AttributeType.Basic b, int type, Object v, AttributeWriter w) {
        switch (b) {
            case U8 -> w.putU8(type, (Integer) v);
            case U16 -> w.putU16(type, (Integer) v);
            case U32 -> w.putU32(type, (int) (long) (Long) v);
            case U64 -> w.putU64(type, (Long) v);
            case S8 -> w.putS8(type, (Integer) v);
            case S16 -> w.putS16(type, (Integer) v);
            case S32 -> w.putS32(type, (Integer) v);
            case S64 -> w.putS64(type, (Long) v);
            case UINT -> w.putUint(type, (Long) v);
            case SINT -> w.putSint(type, (Long) v);
            case STRING -> w.putString(type, (String) v);
            case BINARY -> w.putBinary(type, (byte[]) v);
            case FLAG -> w.putFlag(type);
            case BITFIELD32 -> w.putBitfield32(type, (Bitfield32) v);
            case PADDING -> throw new AssertionError("padding is written by write()");
        }
    }

    // Reading back with the reader alone.

    private static void read(List<Node> nodes, AttributeReader r) {
        for (Node node : nodes) {
            switch (node.attrType()) {
                case AttributeType.Basic b when b == AttributeType.Basic.PADDING -> {
                    next(r, node.type());
                    assertArrayEquals((byte[]) node.value(), r.bytes());
                }
                case AttributeType.Basic b -> {
                    next(r, node.type());
                    assertEquals(comparable(node.value()), comparable(readBasic(b, r)), r.path());
                }
                case AttributeType.Nested n -> {
                    next(r, node.type());
                    assertTrue(r.isNested());
                    read(node.children(), r.nested());
                }
                case AttributeType.Array a -> {
                    next(r, node.type());
                    assertTrue(r.isNested());
                    AttributeReader elements = r.nested();
                    List<?> list = (List<?>) node.value();
                    for (int i = 0; i < list.size(); i++) {
                        next(elements, a.baseIndex() + i);
                        assertEquals(comparable(list.get(i)),
                                comparable(readBasic((AttributeType.Basic) a.element(), elements)));
                    }
                    assertFalse(elements.next());
                }
                case AttributeType.Dict d -> {
                    next(r, node.type());
                    AttributeReader entries = r.nested();
                    for (Map.Entry<?, ?> e : ((Map<?, ?>) node.value()).entrySet()) {
                        next(entries, (Integer) e.getKey());
                        assertEquals(comparable(e.getValue()),
                                comparable(readBasic((AttributeType.Basic) d.element(), entries)));
                    }
                    assertFalse(entries.next());
                }
                case AttributeType.Multi m -> {
                    for (Object v : (List<?>) node.value()) {
                        next(r, node.type());
                        assertEquals(comparable(v), comparable(readBasic((AttributeType.Basic) m.element(), r)));
                    }
                }
                default -> throw new AssertionError("not generated: " + node.attrType());
            }
        }
        assertFalse(r.next(), "no attributes beyond those written");
    }

    private static void next(AttributeReader r, int type) {
        assertTrue(r.next(), "attribute " + type + " is there");
        assertEquals(type, r.type(), r.path());
    }

    private static Object readBasic(AttributeType.Basic b, AttributeReader r) {
        return switch (b) {
            case U8 -> r.u8();
            case U16 -> r.u16();
            case U32 -> r.u32Long();
            case U64 -> r.u64();
            case S8 -> r.s8();
            case S16 -> r.s16();
            case S32 -> r.s32();
            case S64 -> r.s64();
            case UINT -> r.uint();
            case SINT -> r.sint();
            case STRING -> r.string();
            case BINARY, PADDING -> r.bytes();
            case FLAG -> r.flag();
            case BITFIELD32 -> r.bitfield32();
        };
    }

    /** What the schema should decode {@code nodes} to. */
    private static Map<Integer, Object> expected(List<Node> nodes) {
        Map<Integer, Object> map = new LinkedHashMap<>();
        for (Node node : nodes) {
            if (node.attrType() instanceof AttributeType.Nested) {
                map.put(node.type(), expected(node.children()));
            } else if (node.attrType() != AttributeType.PADDING) {
                map.put(node.type(), node.value());
            }
        }
        return map;
    }
}
