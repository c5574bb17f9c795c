package dev.netlink.codec.attr;

import dev.netlink.codec.HostOrder;
import io.netty.buffer.ByteBuf;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Integer values of every kind an {@link AttributeType} can give them: the kernel's integer types in host or
 * network byte order ({@link AttributeType#bigEndian}), with names for their values ({@link AttributeType#enumOf})
 * or their bits ({@link AttributeType#flagsOf}), read from and written to attributes and struct members.
 * Static helpers only; thread-safe.
 */
final class Scalars {
    private Scalars() {
    }

    /** Whether {@code type} is an integer type, with or without byte order, enum or flag names. */
    static boolean isScalar(AttributeType type) {
        return switch (type) {
            case AttributeType.Basic b -> b.bits() > 0;
            case AttributeType.BigEndian be -> true;
            case AttributeType.Enumerated e -> true;
            case AttributeType.Flags f -> true;
            default -> false;
        };
    }

    /** The kernel integer type under byte order, enum names and flag names. */
    static AttributeType.Basic base(AttributeType type) {
        return switch (type) {
            case AttributeType.Basic b when b.bits() > 0 -> b;
            case AttributeType.BigEndian be -> (AttributeType.Basic) be.integer();
            case AttributeType.Enumerated e -> base(e.integer());
            case AttributeType.Flags f -> base(f.integer());
            default -> throw new IllegalArgumentException(type + " is not an integer type");
        };
    }

    /** Whether {@code type}'s integer is in network byte order. */
    static boolean isBigEndian(AttributeType type) {
        return switch (type) {
            case AttributeType.BigEndian be -> true;
            case AttributeType.Enumerated e -> isBigEndian(e.integer());
            case AttributeType.Flags f -> isBigEndian(f.integer());
            default -> false;
        };
    }

    /** The width in bytes of a fixed-width integer type ({@code u8} … {@code s64}), 0 for uint and sint. */
    static int width(AttributeType type) {
        AttributeType.Basic b = base(type);
        return b == AttributeType.Basic.UINT || b == AttributeType.Basic.SINT ? 0 : b.bits() / 8;
    }

    /** The Java value of {@code raw}, an integer of {@code type} already sign- or zero-extended. */
    static Object value(AttributeType type, long raw) {
        return switch (type) {
            case AttributeType.Enumerated e -> {
                String name = e.values().name(raw);
                yield name != null ? name : number(base(e), raw);
            }
            case AttributeType.Flags f -> flagNames(f, raw);
            default -> number(base(type), raw);
        };
    }

    private static Object number(AttributeType.Basic b, long raw) {
        return switch (b) {
            case U8, U16, S8, S16, S32 -> (int) raw;
            default -> raw;
        };
    }

    private static Set<String> flagNames(AttributeType.Flags f, long raw) {
        Set<String> names = new LinkedHashSet<>();
        for (long bits = raw; bits != 0; bits &= bits - 1) {
            long bit = Long.lowestOneBit(bits);
            String name = f.bits().name(bit);
            names.add(name != null ? name : "0x" + Long.toHexString(bit));
        }
        return names;
    }

    /**
     * The integer {@code v} stands for, checked to fit {@code type}: a {@code Number}; for an enum also a value's
     * name; for flags also a {@code Collection} of bit names (and of {@code "0x..."} strings, as unknown bits are
     * decoded, or {@code Number}s).
     *
     * @throws IllegalArgumentException if {@code v} is of no such kind, names no value, or does not fit
     */
    static long raw(AttributeType type, Object v) {
        AttributeType.Basic b = base(type);
        return switch (type) {
            case AttributeType.Enumerated e when v instanceof CharSequence cs ->
                    fit(b, e.values().valueOrThrow(cs.toString()));
            case AttributeType.Enumerated e when !(v instanceof Number) ->
                    throw wrongType(v, "a name of " + e.values().name() + " or an integral Number");
            case AttributeType.Flags f when v instanceof Collection<?> c -> fit(b, flagBits(f, b, c));
            case AttributeType.Flags f when !(v instanceof Number) ->
                    throw wrongType(v, "a Collection of names of " + f.bits().name() + " or an integral Number");
            default -> integer(b, v);
        };
    }

    private static long flagBits(AttributeType.Flags f, AttributeType.Basic b, Collection<?> names) {
        long bits = 0;
        for (Object name : names) {
            if (name instanceof CharSequence cs) {
                String s = cs.toString();
                bits |= s.startsWith("0x") ? hex(s) : f.bits().valueOrThrow(s);
            } else if (name instanceof Number) {
                bits |= integer(b, name);
            } else {
                throw wrongType(name, "a name of " + f.bits().name());
            }
        }
        return bits;
    }

    private static long hex(String s) {
        try {
            return Long.parseUnsignedLong(s.substring(2), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + s + "\" is not a hex number", e);
        }
    }

    /** The value of an integral Number, checked to fit the type's width as signed or as unsigned. */
    static long integer(AttributeType.Basic b, Object v) {
        if (!(v instanceof Number n) || v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            throw wrongType(v, "an integral Number");
        }
        if (n instanceof BigInteger big) {
            if (big.signum() < 0 ? big.bitLength() > 63 : big.bitLength() > 64) {
                throw new IllegalArgumentException(big + " does not fit " + b);
            }
            return fit(b, big.longValue());
        }
        return fit(b, n.longValue());
    }

    private static long fit(AttributeType.Basic b, long value) {
        int bits = b.bits();
        if (bits < 64 && (value < -(1L << (bits - 1)) || value > (1L << bits) - 1)) {
            throw new IllegalArgumentException(value + " does not fit " + b);
        }
        return value;
    }

    static IllegalArgumentException wrongType(Object v, String what) {
        return new IllegalArgumentException("needs " + what + ", got " + (v == null ? "null"
                : v.getClass().getName() + ' ' + v));
    }

    /** Reads the current attribute of {@code r} as an integer of {@code type}, into its Java value. */
    static Object read(AttributeType type, AttributeReader r) {
        AttributeType.Basic b = base(type);
        return value(type, isBigEndian(type) ? readBig(b, r) : readHost(b, r));
    }

    private static long readHost(AttributeType.Basic b, AttributeReader r) {
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
            default -> throw new AssertionError(b);
        };
    }

    private static long readBig(AttributeType.Basic b, AttributeReader r) {
        return switch (b) {
            case U8 -> r.u8();
            case S8 -> r.s8();
            case U16 -> r.be16();
            case S16 -> (short) r.be16();
            case U32 -> r.be32() & 0xffffffffL;
            case S32 -> r.be32();
            case U64, S64 -> r.be64();
            case UINT -> r.length() == 4 ? r.be32() & 0xffffffffL : r.be64();
            case SINT -> r.length() == 4 ? r.be32() : r.be64();
            default -> throw new AssertionError(b);
        };
    }

    /**
     * Writes {@code v} as attribute {@code t} of integer {@code type}; big-endian ones without
     * {@code NLA_F_NET_BYTEORDER}, as the kernel writes YNL's {@code byte-order: big-endian} attributes.
     */
    static void write(AttributeType type, int t, Object v, AttributeWriter w) {
        AttributeType.Basic b = base(type);
        long x = raw(type, v);
        boolean big = isBigEndian(type);
        switch (b) {
            case U8, S8 -> w.putU8(t, (int) x);
            case U16, S16 -> {
                if (big) {
                    w.putBigEndian16(t, (int) x);
                } else {
                    w.putU16(t, (int) x);
                }
            }
            case U32, S32 -> put32(t, (int) x, big, w);
            case U64, S64 -> put64(t, x, big, w);
            case UINT -> {
                if ((x & 0xffffffff00000000L) == 0) {
                    put32(t, (int) x, big, w);
                } else {
                    put64(t, x, big, w);
                }
            }
            case SINT -> {
                if (x == (int) x) {
                    put32(t, (int) x, big, w);
                } else {
                    put64(t, x, big, w);
                }
            }
            default -> throw new AssertionError(b);
        }
    }

    private static void put32(int t, int x, boolean big, AttributeWriter w) {
        if (big) {
            w.putBigEndian32(t, x);
        } else {
            w.putU32(t, x);
        }
    }

    private static void put64(int t, long x, boolean big, AttributeWriter w) {
        if (big) {
            w.putBigEndian64(t, x);
        } else {
            w.putU64(t, x);
        }
    }

    /** The fixed-width integer of {@code type} at {@code index} of {@code buf}, sign- or zero-extended. */
    static long get(AttributeType type, ByteBuf buf, int index) {
        boolean big = isBigEndian(type);
        return switch (base(type)) {
            case U8 -> buf.getUnsignedByte(index);
            case S8 -> buf.getByte(index);
            case U16 -> big ? buf.getUnsignedShort(index) : HostOrder.getU16(buf, index);
            case S16 -> big ? buf.getShort(index) : HostOrder.getS16(buf, index);
            case U32 -> (big ? buf.getInt(index) : HostOrder.getI32(buf, index)) & 0xffffffffL;
            case S32 -> big ? buf.getInt(index) : HostOrder.getI32(buf, index);
            case U64, S64 -> big ? buf.getLong(index) : HostOrder.getI64(buf, index);
            default -> throw new IllegalArgumentException(type + " has no fixed width");
        };
    }

    /** Appends {@code x} as the fixed-width integer of {@code type}. */
    static void put(AttributeType type, long x, ByteBuf out) {
        boolean big = isBigEndian(type);
        switch (width(type)) {
            case 1 -> out.writeByte((int) x);
            case 2 -> {
                if (big) {
                    out.writeShort((int) x);
                } else {
                    HostOrder.writeI16(out, (int) x);
                }
            }
            case 4 -> {
                if (big) {
                    out.writeInt((int) x);
                } else {
                    HostOrder.writeI32(out, (int) x);
                }
            }
            case 8 -> {
                if (big) {
                    out.writeLong(x);
                } else {
                    HostOrder.writeI64(out, x);
                }
            }
            default -> throw new IllegalArgumentException(type + " has no fixed width");
        }
    }
}
