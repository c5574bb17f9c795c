package dev.netlink.codec.attr;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints a decoded attribute map ({@link AttributeMapCodec}) with the kernel names an {@link AttributeSchema}
 * gives, for logs and test failures, e.g.
 * {@code {CTRL_ATTR_FAMILY_ID=16, CTRL_ATTR_FAMILY_NAME="nlctrl", CTRL_ATTR_OPS=[{CTRL_ATTR_OP_ID=3}]}}: strings
 * quoted, bytes in hex ({@code 0x0a0b}), u64 and uint unsigned, enum names and flag names bare
 * ({@code IFLA_OPERSTATE=up}, {@code IFLA_FLAGS=[up, broadcast]}), structs as {@code {member=value, ...}}.
 * Static helpers only; thread-safe.
 */
public final class AttributeFormatter {
    private AttributeFormatter() {
    }

    /** {@code values}, keyed by type number (or by name), as text. */
    public static String format(AttributeSchema schema, Map<?, ?> values) {
        StringBuilder sb = new StringBuilder(64);
        formatMap(schema, values, sb);
        return sb.toString();
    }

    private static void formatMap(AttributeSchema schema, Map<?, ?> values, StringBuilder sb) {
        sb.append('{');
        String sep = "";
        for (Map.Entry<?, ?> e : values.entrySet()) {
            sb.append(sep);
            sep = ", ";
            AttributeType type = null;
            if (e.getKey() instanceof Integer t) {
                sb.append(schema.name(t));
                type = schema.type(t);
            } else {
                sb.append(e.getKey());
                if (e.getKey() instanceof String name && schema.number(name).isPresent()) {
                    type = schema.type(schema.number(name).getAsInt());
                }
            }
            sb.append('=');
            formatValue(type, e.getValue(), sb);
        }
        sb.append('}');
    }

    private static void formatValue(AttributeType type, Object v, StringBuilder sb) {
        switch (type) {
            case AttributeType.Nested n when v instanceof Map<?, ?> m -> formatMap(n.schema(), m, sb);
            case AttributeType.Array a when v instanceof List<?> l -> formatList(a.element(), l, sb);
            case AttributeType.Multi m when v instanceof List<?> l -> formatList(m.element(), l, sb);
            case AttributeType.Dict d when v instanceof Map<?, ?> m -> {
                sb.append('{');
                String sep = "";
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    sb.append(sep).append(e.getKey()).append('=');
                    sep = ", ";
                    formatValue(d.element(), e.getValue(), sb);
                }
                sb.append('}');
            }
            case AttributeType.Struct s when v instanceof Map<?, ?> m -> formatStruct(s.layout(), m, sb);
            case AttributeType.Enumerated e when v instanceof String name -> sb.append(name);
            case AttributeType.Flags f when v instanceof Set<?> names -> sb.append(names);
            case AttributeType t when v instanceof Long l && Scalars.isScalar(t)
                    && (Scalars.base(t) == AttributeType.Basic.U64 || Scalars.base(t) == AttributeType.Basic.UINT) ->
                    sb.append(Long.toUnsignedString(l));
            case null, default -> {
                switch (v) {
                    case CharSequence cs -> sb.append('"').append(cs).append('"');
                    case byte[] bytes -> sb.append("0x").append(ByteBufUtil.hexDump(bytes));
                    case ByteBuf buf -> sb.append("0x").append(ByteBufUtil.hexDump(buf));
                    case Map<?, ?> m -> formatMap(AttributeSchema.UNKNOWN, m, sb);
                    case List<?> l -> formatList(null, l, sb);
                    case null, default -> sb.append(v);
                }
            }
        }
    }

    private static void formatStruct(AttributeStruct layout, Map<?, ?> values, StringBuilder sb) {
        sb.append('{');
        String sep = "";
        for (Map.Entry<?, ?> e : values.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=');
            sep = ", ";
            AttributeType type = null;
            for (AttributeStruct.Member m : layout.members()) {
                if (e.getKey().equals(m.name())) {
                    type = m.type();
                }
            }
            formatValue(type, e.getValue(), sb);
        }
        sb.append('}');
    }

    private static void formatList(AttributeType element, List<?> values, StringBuilder sb) {
        sb.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            formatValue(element, values.get(i), sb);
        }
        sb.append(']');
    }
}
