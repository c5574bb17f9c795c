package dev.netlink.codec.attr;

import dev.netlink.codec.MalformedNetlinkException;
import io.netty.buffer.ByteBuf;

import java.util.HashMap;
import java.util.Map;

/**
 * Finds the attribute a byte offset points at, as the kernel's extended ack ({@code NLMSGERR_ATTR_OFFS},
 * {@code NLMSGERR_ATTR_MISS_NEST}) names a place in the request, and names it by the path of kernel names an
 * {@link AttributeSchema} gives: {@code "IFLA_LINKINFO.IFLA_INFO_KIND"}. Static helpers only; thread-safe.
 */
public final class AttributePaths {
    private AttributePaths() {
    }

    /**
     * The path of the innermost attribute of {@code block} that contains byte {@code offset}, named as far as
     * {@code schema} knows: {@code "CTRL_ATTR_FAMILY_NAME"}, {@code "IFLA_LINKINFO.IFLA_INFO_KIND"}, array and dict
     * elements as {@code [i]} (the element's position in the array, the key in a dict:
     * {@code "CTRL_ATTR_OPS.[3].CTRL_ATTR_OP_ID"}), occurrences of a multi attribute as {@code NAME[i]}, unknown
     * types as their number. Use it to name the attribute an extended ack's {@code NLMSGERR_ATTR_OFFS} points at,
     * after rebasing that offset to the block.
     *
     * <p>Nests of unknown type are entered when they carry {@code NLA_F_NESTED}. Malformed bytes end the walk
     * there: the path found so far is returned.
     *
     * @param block  the attribute block, its readable bytes (not released, indices not moved)
     * @param offset a byte offset from the block's reader index
     * @return the path, or {@code null} when {@code offset} is outside every attribute (including padding between
     *         top-level attributes)
     */
    public static String pathOf(AttributeSchema schema, ByteBuf block, int offset) {
        if (offset < 0 || offset >= block.readableBytes()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        walk(schema, AttributeReader.of(block), offset, sb);
        return sb.isEmpty() ? null : sb.toString();
    }

    /** Appends the path within {@code r}'s block to {@code sb}. */
    private static void walk(AttributeSchema schema, AttributeReader r, int offset, StringBuilder sb) {
        Map<Integer, Integer> seen = null;
        try {
            while (r.next()) {
                int t = r.type();
                AttributeType type = schema.type(t);
                if (!contains(r, offset)) {
                    if (type instanceof AttributeType.Multi) {
                        seen = seen == null ? new HashMap<>() : seen;
                        seen.merge(t, 1, Integer::sum);
                    }
                    continue;
                }
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(schema.name(t));
                if (type instanceof AttributeType.Multi m) {
                    sb.append('[').append(seen == null ? 0 : seen.getOrDefault(t, 0)).append(']');
                    type = m.element();
                }
                descend(type, r, offset, sb);
                return;
            }
        } catch (MalformedNetlinkException e) {
            // Malformed bytes: the path so far is the best answer.
        }
    }

    private static boolean contains(AttributeReader r, int offset) {
        return offset >= r.offset() && offset < r.offset() + NetlinkAttribute.HEADER_LENGTH + r.length();
    }

    private static void descend(AttributeType type, AttributeReader r, int offset, StringBuilder sb) {
        if (offset < r.offset() + NetlinkAttribute.HEADER_LENGTH) {
            return;
        }
        switch (type) {
            case AttributeType.Nested n -> walk(n.schema(), r.nested(), offset, sb);
            case AttributeType.Array a -> {
                AttributeReader elements = r.nested();
                int i = 0;
                while (elements.next()) {
                    if (contains(elements, offset)) {
                        sb.append(".[").append(i).append(']');
                        descend(a.element(), elements, offset, sb);
                        return;
                    }
                    i++;
                }
            }
            case AttributeType.Dict d -> {
                AttributeReader entries = r.nested();
                while (entries.next()) {
                    if (contains(entries, offset)) {
                        sb.append(".[").append(entries.type()).append(']');
                        descend(d.element(), entries, offset, sb);
                        return;
                    }
                }
            }
            case null -> {
                if (r.isNested()) {
                    walk(AttributeSchema.UNKNOWN, r.nested(), offset, sb);
                }
            }
            default -> {
                // A leaf: nothing inside to name.
            }
        }
    }
}
