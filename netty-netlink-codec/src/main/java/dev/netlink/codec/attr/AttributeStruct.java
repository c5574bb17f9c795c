package dev.netlink.codec.attr;

import dev.netlink.codec.MalformedNetlinkException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The layout of a C struct carried in a binary attribute or as a fixed header, a YNL {@code definitions} entry of
 * type {@code struct} with its {@code members} (e.g. {@code struct ifla_vf_mac}, {@code struct tc_ratespec}): each
 * member a fixed-width integer ({@code u8} … {@code s64}, optionally {@link AttributeType#bigEndian big-endian},
 * with {@link AttributeType#enumOf enum} or {@link AttributeType#flagsOf flag} names), a fixed-length
 * {@link Builder#binary binary} ({@code len}) or {@link Builder#pad padding}, packed in order with no implicit
 * alignment, as YNL lays them out.
 *
 * <p>Decoded into a {@code Map<String, Object>} from member name to value, in member order; padding is left out.
 * A payload shorter than the struct is malformed. A longer one is not: newer kernels append members to their
 * structs, so the bytes after the last known member are kept, as a {@code byte[]} under {@link #TRAILING}, and
 * written back after the members when encoding. Encoding writes a missing member as zero.
 *
 * <p>Neither retains nor releases the buffers it is given. Immutable and thread-safe.
 */
public final class AttributeStruct {
    /** The key of the bytes after the last known member, present only when there are some. */
    public static final String TRAILING = "(trailing)";

    /**
     * One member.
     *
     * @param name   its name, e.g. {@code "ifi-index"}; {@code null} for padding
     * @param type   its integer type, or {@link AttributeType#BINARY} for binary and padding
     * @param offset its offset from the start of the struct
     * @param length its size in bytes
     */
    public record Member(String name, AttributeType type, int offset, int length) {
    }

    private final String name;
    private final List<Member> members;
    private final int size;

    private AttributeStruct(String name, List<Member> members, int size) {
        this.name = name;
        this.members = members;
        this.size = size;
    }

    /** Starts a layout; {@code name} is the struct's YNL name, e.g. {@code "ifinfomsg"}, used in messages. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The struct's name. */
    public String name() {
        return name;
    }

    /** The struct's size in bytes: the sum of its members' sizes. */
    public int size() {
        return size;
    }

    /** The members, padding included, in order. */
    public List<Member> members() {
        return members;
    }

    /**
     * Decodes {@code length} bytes of {@code buf} from {@code index} (not released, indices not moved). Values never
     * refer to the buffer.
     *
     * @throws MalformedNetlinkException if {@code length} is below {@link #size()}; its offset is 0, the start of
     *                                   the struct
     */
    public Map<String, Object> decode(ByteBuf buf, int index, int length) {
        if (length < size) {
            throw new MalformedNetlinkException(0, "struct " + name + " has " + length + " bytes, needs " + size);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Member m : members) {
            if (m.name() == null) {
                continue;
            }
            int at = index + m.offset();
            out.put(m.name(), m.type() == AttributeType.BINARY ? ByteBufUtil.getBytes(buf, at, m.length())
                    : Scalars.value(m.type(), Scalars.get(m.type(), buf, at)));
        }
        if (length > size) {
            out.put(TRAILING, ByteBufUtil.getBytes(buf, index + size, length - size));
        }
        return out;
    }

    /**
     * Appends {@code values} at {@code out}'s writer index: every member in order (a missing one as zero), then the
     * {@link #TRAILING} bytes if given. On failure {@code out} is left as it was.
     *
     * @throws IllegalArgumentException if a value does not suit its member, or a key names no member; the message
     *                                  names the member
     */
    public void encode(Map<String, ?> values, ByteBuf out) {
        int mark = out.writerIndex();
        try {
            write(values, out);
        } catch (RuntimeException e) {
            out.writerIndex(mark);
            throw e;
        }
    }

    /** {@code values} encoded as by {@link #encode(Map, ByteBuf)}, as an attribute's payload. */
    public byte[] toBytes(Map<String, ?> values) {
        ByteBuf buf = Unpooled.buffer(size);
        try {
            write(values, buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    private void write(Map<String, ?> values, ByteBuf out) {
        Set<String> known = new HashSet<>();
        for (Member m : members) {
            known.add(m.name());
            Object v = m.name() == null ? null : values.get(m.name());
            try {
                if (m.type() == AttributeType.BINARY) {
                    byte[] bytes = v == null ? new byte[m.length()] : binary(v, m.length());
                    out.writeBytes(bytes);
                } else {
                    Scalars.put(m.type(), v == null ? 0 : Scalars.raw(m.type(), v), out);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("member " + m.name() + " of struct " + name + ": "
                        + e.getMessage(), e);
            }
        }
        for (Map.Entry<?, ?> e : values.entrySet()) {
            if (TRAILING.equals(e.getKey())) {
                if (e.getValue() != null) {
                    out.writeBytes(binary(e.getValue(), -1));
                }
            } else if (!(e.getKey() instanceof String key) || !known.contains(key)) {
                throw new IllegalArgumentException(e.getKey() + " is not a member of struct " + name
                        + "; members: " + String.join(", ", members.stream().map(Member::name)
                        .filter(Objects::nonNull).toList()));
            }
        }
    }

    private static byte[] binary(Object v, int length) {
        if (!(v instanceof byte[] bytes)) {
            throw Scalars.wrongType(v, "a byte[]");
        }
        if (length >= 0 && bytes.length != length) {
            throw new IllegalArgumentException("needs " + length + " bytes, got " + bytes.length);
        }
        return bytes;
    }

    /** The layout, e.g. {@code ifinfomsg{ifi-family:u8, pad:1, ifi-type:u16}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append('{');
        String sep = "";
        for (Member m : members) {
            sb.append(sep);
            sep = ", ";
            if (m.name() == null) {
                sb.append("pad:").append(m.length());
            } else if (m.type() == AttributeType.BINARY) {
                sb.append(m.name()).append(":binary[").append(m.length()).append(']');
            } else {
                sb.append(m.name()).append(':').append(m.type());
            }
        }
        return sb.append('}').toString();
    }

    /** Collects the members of an {@link AttributeStruct}. Not thread-safe; build once. */
    public static final class Builder {
        private final String name;
        private final List<Member> members = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private int size;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * Appends an integer member.
         *
         * @param type {@code U8} … {@code S64}, or one of them {@link AttributeType#bigEndian big-endian} or with
         *             {@link AttributeType#enumOf enum}/{@link AttributeType#flagsOf flags} names
         * @throws IllegalArgumentException if the type has no fixed width or the name is taken
         */
        public Builder add(String member, AttributeType type) {
            if (!Scalars.isScalar(type) || Scalars.width(type) == 0) {
                throw new IllegalArgumentException("member " + member + " of struct " + name + ": " + type
                        + " is not a fixed-width integer");
            }
            return member(member, type, Scalars.width(type));
        }

        /** Appends a binary member of {@code length} bytes (YNL's {@code type: binary} with {@code len}). */
        public Builder binary(String member, int length) {
            return member(member, AttributeType.BINARY, length);
        }

        /** Appends {@code length} bytes of padding (YNL's {@code type: pad}): skipped on decode, zero on encode. */
        public Builder pad(int length) {
            checkLength(length);
            members.add(new Member(null, AttributeType.BINARY, size, length));
            size += length;
            return this;
        }

        private Builder member(String member, AttributeType type, int length) {
            Objects.requireNonNull(member, "member");
            checkLength(length);
            if (member.equals(TRAILING) || !names.add(member)) {
                throw new IllegalArgumentException("member " + member + " of struct " + name + " is already defined");
            }
            members.add(new Member(member, type, size, length));
            size += length;
            return this;
        }

        private void checkLength(int length) {
            if (length <= 0 || length > NetlinkAttribute.MAX_LENGTH) {
                throw new IllegalArgumentException("a member of struct " + name + " cannot be " + length
                        + " bytes long");
            }
        }

        /** The layout defined so far. */
        public AttributeStruct build() {
            return new AttributeStruct(name, List.copyOf(members), size);
        }
    }
}
