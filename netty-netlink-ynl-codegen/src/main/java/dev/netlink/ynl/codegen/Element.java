package dev.netlink.ynl.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.netlink.ynl.YnlEnum;
import dev.netlink.ynl.YnlType;

import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.UUID;

/**
 * One value of an attribute as generated code holds it: its Java type, the expression that reads it from an
 * {@code AttributeReader} positioned on the attribute, and the statement that writes it. A reader expression may
 * be {@link #nullable}: it gives {@code null} for a payload the type cannot hold (an address of 6 bytes), and the
 * record keeps that attribute raw.
 */
final class Element {
    final TypeName type;
    final boolean nullable;
    /** The payload length the reader needs (-1: 4 or 8, a uint or sint), 0 when any length is read. */
    final int width;
    private final Reader reader;
    private final Writer writer;

    private interface Reader {
        CodeBlock read(String r);
    }

    private interface Writer {
        CodeBlock write(String w, CodeBlock number, String v);
    }

    private Element(TypeName type, boolean nullable, Reader reader, Writer writer) {
        this(type, nullable, 0, reader, writer);
    }

    private Element(TypeName type, boolean nullable, int width, Reader reader, Writer writer) {
        this.type = type;
        this.nullable = nullable;
        this.width = width;
        this.reader = reader;
        this.writer = writer;
    }

    /**
     * The condition under which {@link #read} can read the attribute {@code r} is on ({@code r.length() == 4}),
     * or {@code null} when any length is read: another length (a kernel whose type changed, an IPv6 address
     * where the spec says {@code u32}) is kept raw rather than failing the message.
     */
    CodeBlock guard(String r) {
        return width == 0 ? null : width < 0 ? CodeBlock.of("($L.length() == 4 || $L.length() == 8)", r, r)
                : CodeBlock.of("$L.length() == $L", r, width);
    }

    CodeBlock read(String r) {
        return reader.read(r);
    }

    CodeBlock write(String w, CodeBlock number, String v) {
        return writer.write(w, number, v);
    }

    /**
     * The element of a value of YNL type {@code t}: an integer (with its enum or flags, byte order and hint), a
     * string, binary (with its struct or hint), bitfield32, or a nest of {@code nested}.
     */
    static Element of(FamilyContext ctx, YnlType t, Optional<ByteOrder> order, Optional<String> hint,
                      Optional<String> enumType, boolean enumAsFlags, Optional<String> struct,
                      Optional<String> nested) {
        boolean be = order.filter(ByteOrder.BIG_ENDIAN::equals).isPresent();
        String h = hint.orElse("");
        if (t.isInteger()) {
            Optional<ClassName> e = enumType.flatMap(ctx::enumType);
            Optional<YnlEnum> def = enumType.flatMap(ctx.spec::enumeration);
            Element integer = integer(t, be);
            if (e.isPresent() && (def.get().flags() || enumAsFlags)) {
                String make = def.get().flags() ? "flags" : "enumFlags";
                return new Element(ParameterizedTypeName.get(Runtime.FLAG_SET, e.get()), false, integer.width,
                        r -> CodeBlock.of("$T.$L($L)", e.get(), make, unsigned(t, integer.read(r))),
                        (w, n, v) -> integer.write(w, n, cast(t, v + ".bits()")));
            }
            if (e.isPresent()) {
                return new Element(ParameterizedTypeName.get(Runtime.ENUM_VALUE, e.get()), false, integer.width,
                        r -> CodeBlock.of("$T.of($L)", e.get(), unsigned(t, integer.read(r))),
                        (w, n, v) -> integer.write(w, n, cast(t, v + ".value()")));
            }
            if (t.equals(YnlType.U32) && h.equals("ipv4") && be) {
                return new Element(ClassName.get(InetAddress.class), false, 4,
                        r -> CodeBlock.of("$T.inet4($L.be32())", Runtime.HINTS, r),
                        (w, n, v) -> CodeBlock.of("$L.putBigEndian32($L, $T.inet4($L, $S));\n", w, n, Runtime.HINTS,
                                v, "an ipv4 attribute"));
            }
            return integer;
        }
        return switch (t.name()) {
            case "string" -> new Element(ClassName.get(String.class), false, r -> CodeBlock.of("$L.string()", r),
                    (w, n, v) -> CodeBlock.of("$L.putString($L, $L);\n", w, n, v));
            case "bitfield32" -> new Element(Runtime.BITFIELD32, false, r -> CodeBlock.of("$L.bitfield32()", r),
                    (w, n, v) -> CodeBlock.of("$L.putBitfield32($L, $L);\n", w, n, v));
            case "nest", "indexed-array", "nest-type-value" -> {
                ClassName set = ctx.set(nested.orElseThrow(() -> new IllegalArgumentException("a nest without "
                        + "nested-attributes")));
                yield new Element(set, false, r -> CodeBlock.of("$T.decode($L.nested())", set, r),
                        (w, n, v) -> CodeBlock.of("$L.encodeNested($L, $L);\n", v, w, n));
            }
            default -> binary(ctx, h, struct);
        };
    }

    private static Element binary(FamilyContext ctx, String hint, Optional<String> struct) {
        Optional<ClassName> s = struct.flatMap(ctx::struct)
                .filter(c -> ctx.spec.struct(struct.get()).flatMap(d -> StructLayout.of(ctx, d)).isPresent());
        if (s.isPresent()) {
            return new Element(s.get(), true,
                    r -> CodeBlock.of("$L.length() >= $T.SIZE ? $T.decode($L.buffer(), $L.dataIndex()) : null", r,
                            s.get(), s.get(), r, r),
                    (w, n, v) -> CodeBlock.of("$L.encodeAttribute($L, $L);\n", v, w, n));
        }
        return switch (hint) {
            case "ipv4", "ipv6", "ipv4-or-v6" -> new Element(ClassName.get(InetAddress.class), true,
                    r -> CodeBlock.of("$T.inet($L)", Runtime.HINTS, r),
                    (w, n, v) -> CodeBlock.of("$L.putBinary($L, $L.getAddress());\n", w, n, v));
            case "mac" -> new Element(Runtime.MAC, false, r -> CodeBlock.of("$T.of($L.bytes())", Runtime.MAC, r),
                    (w, n, v) -> CodeBlock.of("$L.putBinary($L, $L.bytes());\n", w, n, v));
            case "uuid" -> new Element(ClassName.get(UUID.class), true, r -> CodeBlock.of("$T.uuid($L)", Runtime.HINTS,
                    r), (w, n, v) -> CodeBlock.of("$L.putBinary($L, $T.bytes($L));\n", w, n, Runtime.HINTS, v));
            default -> new Element(ArrayTypes.BYTES, false, r -> CodeBlock.of("$L.bytes()", r),
                    (w, n, v) -> CodeBlock.of("$L.putBinary($L, $L);\n", w, n, v));
        };
    }

    /** A plain host-order integer of type {@code t}. */
    static Element integerOf(YnlType t) {
        return integer(t, false);
    }

    private static Element integer(YnlType t, boolean be) {
        TypeName boxed = t.width() == 8 || t.width() == 0 ? ClassName.get(Long.class) : ClassName.get(Integer.class);
        String n = t.name();
        String get = switch (n) {
            case "u16" -> be ? "be16" : "u16";
            case "u32", "s32" -> be ? "be32" : n;
            case "u64", "s64" -> be ? "be64" : n;
            default -> n; // u8, s8, s16, uint, sint
        };
        String put = switch (n) {
            case "u8" -> "putU8";
            case "s8" -> "putS8";
            case "u16" -> be ? "putBigEndian16" : "putU16";
            case "s16" -> "putS16";
            case "u32" -> be ? "putBigEndian32" : "putU32";
            case "s32" -> be ? "putBigEndian32" : "putS32";
            case "u64" -> be ? "putBigEndian64" : "putU64";
            case "s64" -> be ? "putBigEndian64" : "putS64";
            case "uint" -> "putUint";
            default -> "putSint";
        };
        return new Element(boxed, false, t.width() == 0 ? -1 : t.width(), r -> CodeBlock.of("$L.$L()", r, get),
                (w, num, v) -> CodeBlock.of("$L.$L($L, $L);\n", w, put, num, v));
    }

    /** {@code value} widened to the {@code long} an enum or flags lookup takes, a u32 as unsigned. */
    private static CodeBlock unsigned(YnlType t, CodeBlock value) {
        return t.equals(YnlType.U32) ? CodeBlock.of("$T.toUnsignedLong($L)", Integer.class, value) : value;
    }

    /** The {@code long} expression {@code v} narrowed to the Java type {@code t}'s writer takes. */
    private static String cast(YnlType t, String v) {
        return t.width() == 8 || t.width() == 0 ? v : "(int) " + v;
    }
}
