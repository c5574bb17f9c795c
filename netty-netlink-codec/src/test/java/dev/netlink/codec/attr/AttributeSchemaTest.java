package dev.netlink.codec.attr;

import static dev.netlink.codec.attr.Nla.attr;
import static dev.netlink.codec.attr.Nla.cat;
import static dev.netlink.codec.attr.Nla.strz;
import static dev.netlink.codec.attr.Nla.u16;
import static dev.netlink.codec.attr.Schemas.ALL;
import static dev.netlink.codec.attr.Schemas.CTRL;
import static dev.netlink.codec.attr.Schemas.LINK;
import static dev.netlink.codec.attr.Schemas.NESTED;
import static dev.netlink.codec.attr.Schemas.OP;
import static dev.netlink.codec.attr.Schemas.map;
import static dev.netlink.codec.attr.Schemas.withBuffer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** {@link AttributeSchema}: the registry of names and types, its builder, and its one-line shortcuts. */
class AttributeSchemaTest {
    @Test
    void namesAndTypesByNumber() {
        assertEquals("ctrl", CTRL.name());
        assertEquals("CTRL_ATTR_FAMILY_NAME", CTRL.name(2));
        assertEquals("CTRL_ATTR_FAMILY_NAME", CTRL.name(2 | NESTED), "flag bits ignored");
        assertEquals("4", CTRL.name(4));
        assertEquals("1000", CTRL.name(1000));
        assertSame(AttributeType.U16, CTRL.type(1));
        assertEquals(AttributeType.array(AttributeType.nested(OP), 1), CTRL.type(6));
        assertNull(CTRL.type(4));
        assertNull(CTRL.type(1000));
        assertEquals("ctrl_op{1=CTRL_ATTR_OP_ID:u32, 2=CTRL_ATTR_OP_FLAGS:u32}", OP.toString());
        assertEquals("array(nested(ctrl_op), 1)", CTRL.type(6).toString());
        assertEquals("multi(string)", LINK.type(53).toString());
        assertEquals("dict(nested(ctrl_mcast_grp))", ALL.type(21).toString());
    }

    @Test
    void numbersByName() {
        assertEquals(OptionalInt.of(2), CTRL.number("CTRL_ATTR_FAMILY_NAME"));
        assertEquals(OptionalInt.of(53), LINK.number("IFLA_ALT_IFNAME"));
        assertEquals(OptionalInt.empty(), CTRL.number("CTRL_ATTR_NOPE"));
        assertEquals(OptionalInt.empty(), CTRL.number("2"), "a number is not a name");
        assertEquals(List.of("CTRL_ATTR_FAMILY_ID", "CTRL_ATTR_FAMILY_NAME", "CTRL_ATTR_VERSION", "CTRL_ATTR_OPS",
                "CTRL_ATTR_MCAST_GROUPS"), List.copyOf(CTRL.numbers().keySet()), "in number order");
        assertEquals(List.of(1, 2, 3, 6, 7), List.copyOf(CTRL.numbers().values()));
        assertThrows(UnsupportedOperationException.class, () -> CTRL.numbers().put("X", 9));
    }

    @Test
    void builderRefusesBadDefinitions() {
        AttributeSchema.Builder b = AttributeSchema.builder("x").add(1, "A", AttributeType.U8);
        assertEquals("attribute 1 of x is already defined as A",
                assertThrows(IllegalArgumentException.class, () -> b.add(1, "B", AttributeType.U8)).getMessage());
        assertEquals("attribute name A of x is already attribute 1",
                assertThrows(IllegalArgumentException.class, () -> b.add(2, "A", AttributeType.U8)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.add(-1, "B", AttributeType.U8));
        assertThrows(IllegalArgumentException.class, () -> b.add(0x4000, "B", AttributeType.U8));
        assertThrows(NullPointerException.class, () -> b.add(2, "B", null));
        assertThrows(NullPointerException.class, () -> b.add(2, null, AttributeType.U8));
        assertThrows(IllegalArgumentException.class, () -> AttributeType.array(AttributeType.PADDING, 1));
        assertThrows(IllegalArgumentException.class,
                () -> AttributeType.dict(AttributeType.multi(AttributeType.U8)));
        assertThrows(IllegalArgumentException.class, () -> AttributeType.array(AttributeType.U8, -1));
        AttributeSchema big = b.add(0x3fff, "TOP", AttributeType.FLAG).build();
        assertEquals("TOP", big.name(0x3fff));
        assertEquals(OptionalInt.of(0x3fff), big.number("TOP"));
        AttributeSchema more = b.add(5, "C", AttributeType.U8).build();
        assertNull(big.type(5), "a built schema does not change when the builder goes on");
        assertEquals(OptionalInt.empty(), big.number("C"));
        assertSame(AttributeType.U8, more.type(5));
        assertEquals(0, AttributeSchema.builder("empty").build().decode(Unpooled.EMPTY_BUFFER).size());
    }

    @Test
    void shortcutsGiveWhatTheirClassesGive() {
        byte[] bytes = cat(attr(1, u16(16)), attr(2, strz("nlctrl")));
        Map<Integer, Object> values = map(1, 16, 2, "nlctrl");
        withBuffer(bytes, b -> {
            assertEquals(AttributeMapCodec.decode(CTRL, b), CTRL.decode(b));
            assertEquals(values, CTRL.decode(b));
            assertEquals(AttributePaths.pathOf(CTRL, b, 8), CTRL.pathOf(b, 8));
            assertEquals("CTRL_ATTR_FAMILY_NAME", CTRL.pathOf(b, 8));
            return null;
        });
        assertEquals(AttributeFormatter.format(CTRL, values), CTRL.format(values));
        ByteBuf buf = Unpooled.buffer();
        try {
            CTRL.encode(values, new AttributeWriter(buf));
            assertArrayEquals(bytes, ByteBufUtil.getBytes(buf));
        } finally {
            buf.release();
        }
    }

    /** A nest of itself (tc's {@code tc-ets-attrs}, ovs_flow's actions): through a deferred schema. */
    private static final class Tree {
        static final AttributeSchema TREE = AttributeSchema.builder("tree")
                .add(1, "VALUE", AttributeType.U8)
                .add(2, "CHILD", AttributeType.nested(AttributeSchema.deferred("tree", () -> Tree.TREE)))
                .build();
    }

    private static Map<Object, Object> byName(Object... keysAndValues) {
        Map<Object, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void aDeferredSchemaNestsASpaceInItself() {
        byte[] bytes = cat(attr(1, Nla.u8(1)), attr(2 | NESTED, attr(1, Nla.u8(2)), attr(2 | NESTED,
                attr(1, Nla.u8(3)))));
        Map<Integer, Object> values = map(1, 1, 2, map(1, 2, 2, map(1, 3)));
        withBuffer(bytes, b -> {
            assertEquals(values, Tree.TREE.decode(b));
            assertEquals("CHILD.CHILD.VALUE", Tree.TREE.pathOf(b, 24));
            return null;
        });
        assertArrayEquals(bytes, Schemas.encode(Tree.TREE, byName("VALUE", 1, "CHILD", byName(1, 2, "CHILD",
                byName("VALUE", 3)))));
        AttributeSchema child = ((AttributeType.Nested) Tree.TREE.type(2)).schema();
        assertEquals("tree", child.name());
        assertEquals("CHILD", child.name(2));
        assertEquals(OptionalInt.of(1), child.number("VALUE"));
        assertEquals(Tree.TREE.numbers(), child.numbers());
        assertEquals("tree{deferred: " + Tree.TREE + "}", child.toString());
        AttributeSchema broken = AttributeSchema.deferred("broken", () -> null);
        NullPointerException e = assertThrows(NullPointerException.class, () -> broken.type(1));
        assertEquals("the definition of deferred schema broken", e.getMessage());
    }
}
