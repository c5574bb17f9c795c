package dev.netlink.ynl;

import dev.netlink.codec.attr.AttributeSchema;
import dev.netlink.codec.attr.AttributeStruct;
import dev.netlink.codec.attr.AttributeType;
import dev.netlink.codec.attr.AttributeWriter;
import dev.netlink.codec.attr.Bitfield32;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compiler: every bundled spec compiles, and a value of each YNL type goes to the wire and back by name. */
class YnlSchemasTest {
    static Stream<String> names() {
        return YnlSpec.bundledNames().stream();
    }

    @ParameterizedTest
    @MethodSource("names")
    void everySetStructAndEnumOfEveryBundledSpecCompiles(String name) {
        YnlSpec spec = YnlSpec.bundled(name);
        YnlSchemas schemas = YnlSchemas.of(spec);
        assertSame(schemas, YnlSchemas.of(spec), "cached per spec");
        for (YnlDefinition d : spec.definitions()) {
            if (d instanceof YnlStruct s) {
                assertTrue(schemas.struct(s.name()).isPresent(), () -> name + " struct " + s.name());
            }
        }
        for (YnlAttributeSet set : spec.attributeSets()) {
            AttributeSchema schema = schemas.schema(set.name());
            assertEquals(set.name(), schema.name());
            for (YnlAttribute a : set.attributes()) {
                if (a.type().equals(YnlType.UNUSED)) {
                    assertTrue(schema.number(a.name()).isEmpty(), a.name());
                    continue;
                }
                int number = schema.number(a.name()).orElseThrow();
                assertEquals(a.name(), schema.name(number));
                AttributeType t = schema.type(number);
                AttributeType inner = t instanceof AttributeType.Multi m ? m.element() : t;
                assertEquals(a.multiAttr() && !a.type().equals(YnlType.PAD), t instanceof AttributeType.Multi,
                        a.name());
                if (a.enumType().isPresent() && a.type().isInteger()
                        && spec.enumeration(a.enumType().get()).isPresent()) {
                    assertTrue(inner instanceof AttributeType.Enumerated || inner instanceof AttributeType.Flags,
                            () -> name + " " + set.name() + "." + a.name() + " has names: " + inner);
                }
                if (a.struct().isPresent() && a.type().equals(YnlType.BINARY)) {
                    assertInstanceOf(AttributeType.Struct.class, inner, a.name());
                }
                if (a.type().equals(YnlType.NEST) && a.nestedAttributes().isPresent()) {
                    assertEquals(a.nestedAttributes().get(), ((AttributeType.Nested) inner).schema().name());
                }
                if (a.type().equals(YnlType.SUB_MESSAGE)) {
                    assertSame(AttributeType.BINARY, inner, "a schema keeps sub-messages as bytes; YnlFamily decodes them by selector");
                }
            }
        }
    }

    @Test
    void integersEnumsFlagsAndPaddingOfNetdev() {
        AttributeSchema dev = YnlSchemas.of(YnlSpec.bundled("netdev")).schema("dev");
        assertEquals(OptionalInt.of(1), dev.number("ifindex"));
        assertSame(AttributeType.U32, dev.type(1));
        assertSame(AttributeType.PADDING, dev.type(dev.number("pad").orElseThrow()));
        assertInstanceOf(AttributeType.Flags.class, dev.type(dev.number("xdp-features").orElseThrow()));
        Map<String, Object> values = linked("ifindex", 7L, "xdp-features", new LinkedHashSet<>(List.of("basic",
                "redirect", "rx-sg")), "xdp-zc-max-segs", 1L);
        assertEquals(values, roundTrip(dev, values));
        assertEquals(linked("ifindex", 1L, "xdp-features", Set.of("basic", "0x8000")),
                roundTrip(dev, linked("ifindex", 1, "xdp-features", 0x8001L)), "an unknown bit is kept, as hex");
        AttributeSchema queue = YnlSchemas.of(YnlSpec.bundled("netdev")).schema("queue");
        AttributeType type = queue.type(queue.number("type").orElseThrow());
        assertInstanceOf(AttributeType.Enumerated.class, type);
        Map<String, Object> q = linked("id", 3L, "ifindex", 1L, "type", "tx");
        assertEquals(q, roundTrip(queue, q));
        assertEquals(linked("type", 9L), roundTrip(queue, linked("type", 9)), "an unknown enum value stays a number");
    }

    @Test
    void uintWidthsAndSignedIntegers() {
        AttributeSchema stats = YnlSchemas.of(YnlSpec.bundled("netdev")).schema("qstats");
        assertSame(AttributeType.UINT, stats.type(stats.number("rx-packets").orElseThrow()));
        Map<String, Object> values = linked("rx-packets", 5L, "rx-bytes", 1L << 40);
        assertEquals(values, roundTrip(stats, values));
        assertEquals(4 + 4 + 4 + 8, wire(stats, values).length, "uint takes 4 bytes, or 8 when it must");
        AttributeSchema pin = YnlSchemas.of(YnlSpec.bundled("dpll")).schema("pin");
        Map<String, Object> p = linked("phase-adjust", -5, "fractional-frequency-offset", -3L, "type", "ext",
                "module-name", "ice");
        assertEquals(p, roundTrip(pin, p));
        assertSame(AttributeType.S32, pin.type(pin.number("phase-adjust").orElseThrow()));
        assertSame(AttributeType.SINT, pin.type(pin.number("fractional-frequency-offset").orElseThrow()));
    }

    @Test
    void bigEndianFlagAndBinaryOfFou() {
        AttributeSchema fou = YnlSchemas.of(YnlSpec.bundled("fou")).schema("fou");
        assertTrue(fou.number("unspec").isEmpty(), "unused is left out");
        assertEquals(AttributeType.bigEndian(AttributeType.U16), fou.type(fou.number("port").orElseThrow()));
        Map<String, Object> values = linked("port", 5555, "af", 2, "remcsum_nopartial", true, "ifindex", -1,
                "peer_v6", new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8});
        byte[] bytes = wire(fou, values);
        assertEquals("0600" + "0100" + "15b3" + "0000", HexFormat.of().formatHex(bytes, 0, 8),
                "port 5555 in network order");
        assertEquals(hex(values), hex(roundTrip(fou, values)));
    }

    @Test
    void nestsMultiAttrsAndStructsOfEthtoolAndOvs() {
        AttributeSchema features = YnlSchemas.of(YnlSpec.bundled("ethtool")).schema("features");
        Map<String, Object> bit = linked("index", 3L, "name", "tx-checksum-ipv4", "value", true);
        Map<String, Object> values = linked(
                "header", linked("dev-name", "v0", "flags", new LinkedHashSet<>(List.of("compact-bitsets", "stats"))),
                "hw", linked("size", 64L, "bits", linked("bit", List.of(bit, linked("index", 4L, "name", "x")))));
        assertEquals(values, roundTrip(features, values));

        YnlSchemas ovs = YnlSchemas.of(YnlSpec.bundled("ovs_flow"));
        AttributeStruct stats = ovs.struct("ovs-flow-stats").orElseThrow();
        assertEquals(16, stats.size());
        AttributeSchema flow = ovs.schema("flow-attrs");
        Map<String, Object> f = linked("stats", linked("n-packets", 10L, "n-bytes", 1000L), "tcp-flags", 2,
                "actions", linked("output", 1L, "check-pkt-len", linked("pkt-len", 100,
                        "actions-if-greater", linked("output", 2L, "pop-vlan", true))));
        assertEquals(f, roundTrip(flow, f), "action-attrs nest themselves through check-pkt-len-attrs");
    }

    @Test
    void indexedArraysAndTypeValueNestsOfNlctrl() {
        YnlSchemas nlctrl = YnlSchemas.of(YnlSpec.bundled("nlctrl"));
        AttributeSchema ctrl = nlctrl.schema("ctrl-attrs");
        assertEquals(AttributeType.array(AttributeType.nested(nlctrl.schema("op-attrs")), 1),
                ctrl.type(ctrl.number("ops").orElseThrow()));
        Map<String, Object> values = linked("family-id", 16, "family-name", "nlctrl",
                "ops", List.of(linked("id", 3L, "flags", new LinkedHashSet<>(List.of("admin-perm", "cmd-cap-do"))),
                        linked("id", 10L)),
                "policy", Map.of(0, Map.of(1, linked("type", "u16", "max-value-u", 65535L))));
        assertEquals(values, roundTrip(ctrl, values));
    }

    @Test
    void anIndexedArrayOfBigEndianScalarsIsWrittenFromIndexOne() {
        AttributeSchema bond = YnlSchemas.of(YnlSpec.bundled("rt-link")).schema("linkinfo-bond-attrs");
        int target = bond.number("arp-ip-target").orElseThrow();
        assertEquals(AttributeType.array(AttributeType.bigEndian(AttributeType.U32), 1), bond.type(target));
        Map<String, Object> values = linked("arp-ip-target", List.of(0x0a000001L, 0xc0a80101L));
        assertEquals(values, roundTrip(bond, values));
        assertEquals("1400" + String.format("%02x", target) + "80" + "0800" + "0100" + "0a000001" + "0800" + "0200"
                + "c0a80101", HexFormat.of().formatHex(wire(bond, values)), "elements 1 and 2, in network order");
    }

    @Test
    void nlctrlPolicyPadAndMaskHaveTheKernelsNumbers() {
        AttributeSchema policy = YnlSchemas.of(YnlSpec.bundled("nlctrl")).schema("policy-attrs");
        assertEquals(OptionalInt.of(11), policy.number("pad"), "NL_POLICY_TYPE_ATTR_PAD");
        assertEquals(OptionalInt.of(12), policy.number("mask"), "NL_POLICY_TYPE_ATTR_MASK");
        assertSame(AttributeType.U64, policy.type(12));
        assertSame(AttributeType.PADDING, policy.type(11));
        assertEquals(OptionalInt.of(10), policy.number("bitfield32-mask"));
    }

    @Test
    void bitfield32AndSubMessagesAsBytes() {
        AttributeSchema devlink = YnlSchemas.of(YnlSpec.bundled("devlink")).schema("devlink");
        Map<String, Object> values = linked("bus-name", "netdevsim", "reload-actions-performed",
                new Bitfield32(0x3, 0x3));
        assertEquals(values, roundTrip(devlink, values));
        AttributeSchema info = YnlSchemas.of(YnlSpec.bundled("rt-link")).schema("linkinfo-attrs");
        Map<String, Object> link = linked("kind", "veth", "data", new byte[] {1, 0, 0, 0});
        assertEquals(hex(link), hex(roundTrip(info, link)), "a sub-message is kept as its bytes");
    }

    @Test
    void unknownAttributesAndNamesAreHandled() {
        AttributeSchema header = YnlSchemas.of(YnlSpec.bundled("ethtool")).schema("header");
        Map<String, Object> values = linked("dev-index", 2L, "99", new byte[] {1, 2, 3, 4});
        assertEquals(hex(values), hex(roundTrip(header, values)), "unknown numbers are keyed in decimal");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> wire(header, linked("dev-nam", "x")));
        assertEquals("no attribute \"dev-nam\" in attribute set header; it has dev-index, dev-name, flags, phy-index",
                e.getMessage());
        IllegalArgumentException sets = assertThrows(IllegalArgumentException.class,
                () -> YnlSchemas.of(YnlSpec.bundled("fou")).schema("nope"));
        assertEquals("spec fou has no attribute set \"nope\"; it has [fou]", sets.getMessage());
    }

    /** Encodes {@code values} by name and decodes them back, keyed by name. */
    static Map<String, Object> roundTrip(AttributeSchema schema, Map<String, ?> values) {
        ByteBuf buf = Unpooled.wrappedBuffer(wire(schema, values));
        try {
            return YnlMaps.named(schema, schema.decode(buf));
        } finally {
            buf.release();
        }
    }

    static byte[] wire(AttributeSchema schema, Map<String, ?> values) {
        ByteBuf buf = Unpooled.buffer();
        try {
            schema.encode(YnlMaps.wire(schema, values, ""), new AttributeWriter(buf));
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    static Map<String, Object> linked(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
        }
        return m;
    }

    /** {@code value} with every {@code byte[]} as hex, so that maps compare by content. */
    static Object hex(Object value) {
        return switch (value) {
            case byte[] b -> HexFormat.of().formatHex(b);
            case Map<?, ?> m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(k, hex(v)));
                yield out;
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>();
                l.forEach(v -> out.add(hex(v)));
                yield out;
            }
            default -> value;
        };
    }
}
