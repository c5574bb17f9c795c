package dev.netlink.codec.attr;

import static dev.netlink.codec.attr.Nla.attr;
import static dev.netlink.codec.attr.Nla.cat;
import static dev.netlink.codec.attr.Nla.comparable;
import static dev.netlink.codec.attr.Nla.header;
import static dev.netlink.codec.attr.Nla.strz;
import static dev.netlink.codec.attr.Nla.u16;
import static dev.netlink.codec.attr.Nla.u32;
import static dev.netlink.codec.attr.Nla.u64;
import static dev.netlink.codec.attr.Nla.u8;
import static dev.netlink.codec.attr.Schemas.ALL;
import static dev.netlink.codec.attr.Schemas.CTRL;
import static dev.netlink.codec.attr.Schemas.GROUP;
import static dev.netlink.codec.attr.Schemas.LINK;
import static dev.netlink.codec.attr.Schemas.NESTED;
import static dev.netlink.codec.attr.Schemas.OP;
import static dev.netlink.codec.attr.Schemas.decode;
import static dev.netlink.codec.attr.Schemas.encode;
import static dev.netlink.codec.attr.Schemas.map;
import static dev.netlink.codec.attr.Schemas.withBuffer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlink.codec.MalformedNetlinkException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link AttributePaths}: which attribute an offset points at. */
class AttributePathsTest {
    @Test
    void pathOfFindsTheInnermostAttribute() {
        // 0: CTRL_ATTR_FAMILY_ID (8), 8: CTRL_ATTR_FAMILY_NAME "nlctrl" (12), 20: CTRL_ATTR_OPS with four ops.
        byte[] op = attr(1, u32(3));
        byte[] bytes = cat(attr(1, u16(16)), attr(2, strz("nlctrl")),
                attr(6 | NESTED, attr(1 | NESTED, op), attr(2 | NESTED, op), attr(3 | NESTED, op),
                        attr(4 | NESTED, op, attr(2, u32(0xe)))),
                attr(99 | NESTED, attr(5, u8(1))), attr(98, u8(1)));
        withBuffer(bytes, b -> {
            assertEquals("CTRL_ATTR_FAMILY_ID", AttributePaths.pathOf(CTRL, b, 0));
            assertEquals("CTRL_ATTR_FAMILY_ID", AttributePaths.pathOf(CTRL, b, 5));
            assertNull(AttributePaths.pathOf(CTRL, b, 6), "padding after a top-level attribute");
            assertEquals("CTRL_ATTR_FAMILY_NAME", AttributePaths.pathOf(CTRL, b, 8));
            assertEquals("CTRL_ATTR_FAMILY_NAME", AttributePaths.pathOf(CTRL, b, 18));
            assertNull(AttributePaths.pathOf(CTRL, b, 19), "padding after nla_len");
            assertEquals("CTRL_ATTR_OPS", AttributePaths.pathOf(CTRL, b, 20), "the nest's own header");
            assertEquals("CTRL_ATTR_OPS.[0]", AttributePaths.pathOf(CTRL, b, 24));
            assertEquals("CTRL_ATTR_OPS.[0].CTRL_ATTR_OP_ID", AttributePaths.pathOf(CTRL, b, 28));
            assertEquals("CTRL_ATTR_OPS.[1].CTRL_ATTR_OP_ID", AttributePaths.pathOf(CTRL, b, 40));
            assertEquals("CTRL_ATTR_OPS.[3]", AttributePaths.pathOf(CTRL, b, 60));
            assertEquals("CTRL_ATTR_OPS.[3].CTRL_ATTR_OP_ID", AttributePaths.pathOf(CTRL, b, 64));
            assertEquals("CTRL_ATTR_OPS.[3].CTRL_ATTR_OP_FLAGS", AttributePaths.pathOf(CTRL, b, 72));
            assertEquals("99", AttributePaths.pathOf(CTRL, b, 80));
            assertEquals("99.5", AttributePaths.pathOf(CTRL, b, 84), "unknown nests with NLA_F_NESTED are entered");
            assertEquals("98", AttributePaths.pathOf(CTRL, b, 92));
            assertEquals("98", AttributePaths.pathOf(CTRL, b, 96));
            assertNull(AttributePaths.pathOf(CTRL, b, 98), "padding of the last attribute");
            assertNull(AttributePaths.pathOf(CTRL, b, 100), "past the end");
            assertNull(AttributePaths.pathOf(CTRL, b, -1));
            return null;
        });
    }

    @Test
    void pathOfNamesNestsDictsAndMultiAttributes() {
        byte[] link = cat(attr(3, strz("eth0")), attr(53, strz("a")), attr(53, strz("b")),
                attr(18 | NESTED, attr(1, strz("vlan")), attr(2, u32(0))));
        withBuffer(link, b -> {
            assertEquals("IFLA_IFNAME", AttributePaths.pathOf(LINK, b, 0));
            assertEquals("IFLA_ALT_IFNAME[0]", AttributePaths.pathOf(LINK, b, 12));
            assertEquals("IFLA_ALT_IFNAME[1]", AttributePaths.pathOf(LINK, b, 20));
            assertEquals("IFLA_LINKINFO.IFLA_INFO_KIND", AttributePaths.pathOf(LINK, b, 32));
            assertEquals("IFLA_LINKINFO.IFLA_INFO_DATA", AttributePaths.pathOf(LINK, b, 44));
            return null;
        });
        byte[] dict = cat(attr(21 | NESTED, attr(9 | NESTED, attr(1, strz("g"))), attr(3 | NESTED, attr(2, u32(1)))));
        withBuffer(dict, b -> {
            assertEquals("DICT_OF_NESTS.[9].CTRL_ATTR_MCAST_GRP_NAME", AttributePaths.pathOf(ALL, b, 8));
            assertEquals("DICT_OF_NESTS.[3].CTRL_ATTR_MCAST_GRP_ID", AttributePaths.pathOf(ALL, b, 20));
            return null;
        });
    }

    @Test
    void pathOfStopsAtMalformedBytes() {
        byte[] bytes = cat(attr(18 | NESTED, attr(1, strz("x")), header(99, 2)), attr(4, u32(1)));
        withBuffer(bytes, b -> {
            assertEquals("IFLA_LINKINFO", AttributePaths.pathOf(LINK, b, 12), "the broken child is not named");
            assertEquals("IFLA_MTU", AttributePaths.pathOf(LINK, b, 16));
            return null;
        });
    }
}
