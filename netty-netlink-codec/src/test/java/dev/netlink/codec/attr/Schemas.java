package dev.netlink.codec.attr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The attribute spaces the attribute tests share, and helpers to encode and decode with them. */
final class Schemas {
    static final int NESTED = NetlinkAttribute.NLA_F_NESTED;

    static final AttributeSchema OP = AttributeSchema.builder("ctrl_op")
            .add(1, "CTRL_ATTR_OP_ID", AttributeType.U32)
            .add(2, "CTRL_ATTR_OP_FLAGS", AttributeType.U32)
            .build();
    static final AttributeSchema GROUP = AttributeSchema.builder("ctrl_mcast_grp")
            .add(1, "CTRL_ATTR_MCAST_GRP_NAME", AttributeType.STRING)
            .add(2, "CTRL_ATTR_MCAST_GRP_ID", AttributeType.U32)
            .build();
    static final AttributeSchema CTRL = AttributeSchema.builder("ctrl")
            .add(1, "CTRL_ATTR_FAMILY_ID", AttributeType.U16)
            .add(2, "CTRL_ATTR_FAMILY_NAME", AttributeType.STRING)
            .add(3, "CTRL_ATTR_VERSION", AttributeType.U32)
            .add(6, "CTRL_ATTR_OPS", AttributeType.array(AttributeType.nested(OP), 1))
            .add(7, "CTRL_ATTR_MCAST_GROUPS", AttributeType.array(AttributeType.nested(GROUP), 1))
            .build();

    static final AttributeSchema INFO = AttributeSchema.builder("linkinfo")
            .add(1, "IFLA_INFO_KIND", AttributeType.STRING)
            .add(2, "IFLA_INFO_DATA", AttributeType.BINARY)
            .build();
    static final AttributeSchema LINK = AttributeSchema.builder("link")
            .add(3, "IFLA_IFNAME", AttributeType.STRING)
            .add(4, "IFLA_MTU", AttributeType.U32)
            .add(18, "IFLA_LINKINFO", AttributeType.nested(INFO))
            .add(53, "IFLA_ALT_IFNAME", AttributeType.multi(AttributeType.STRING))
            .build();

    static final AttributeSchema ALL = AttributeSchema.builder("all")
            .add(1, "U8", AttributeType.U8)
            .add(2, "U16", AttributeType.U16)
            .add(3, "U32", AttributeType.U32)
            .add(4, "U64", AttributeType.U64)
            .add(5, "S8", AttributeType.S8)
            .add(6, "S16", AttributeType.S16)
            .add(7, "S32", AttributeType.S32)
            .add(8, "S64", AttributeType.S64)
            .add(9, "UINT", AttributeType.UINT)
            .add(10, "SINT", AttributeType.SINT)
            .add(11, "STRING", AttributeType.STRING)
            .add(12, "BINARY", AttributeType.BINARY)
            .add(13, "FLAG", AttributeType.FLAG)
            .add(14, "BITFIELD32", AttributeType.BITFIELD32)
            .add(15, "PAD", AttributeType.PADDING)
            .add(16, "NEST", AttributeType.nested(OP))
            .add(17, "ARRAY0", AttributeType.array(AttributeType.U16, 0))
            .add(18, "ARRAY1", AttributeType.array(AttributeType.STRING, 1))
            .add(19, "DICT", AttributeType.dict(AttributeType.U32))
            .add(20, "MULTI", AttributeType.multi(AttributeType.U8))
            .add(21, "DICT_OF_NESTS", AttributeType.dict(AttributeType.nested(GROUP)))
            .build();

    private Schemas() {
    }

    /** Encodes {@code values} with {@code schema} and returns the bytes written. */
    static byte[] encode(AttributeSchema schema, Map<?, ?> values) {
        ByteBuf buf = Unpooled.buffer();
        try {
            AttributeMapCodec.encode(schema, values, new AttributeWriter(buf));
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    static <T> T withBuffer(byte[] bytes, Function<ByteBuf, T> f) {
        ByteBuf buf = Unpooled.buffer(bytes.length + 5);
        try {
            buf.writeZero(5).readerIndex(5).writeBytes(bytes);
            T result = f.apply(buf);
            assertEquals(5, buf.readerIndex(), "indices are not moved");
            return result;
        } finally {
            buf.release();
        }
    }

    static Map<Integer, Object> decode(AttributeSchema schema, byte[] bytes) {
        return withBuffer(bytes, b -> AttributeMapCodec.decode(schema, b));
    }

    static Map<Integer, Object> map(Object... keysAndValues) {
        Map<Integer, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((Integer) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
