package dev.netlink.ynl.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.netlink.ynl.YnlEnum;
import dev.netlink.ynl.YnlStruct;
import dev.netlink.ynl.YnlStructMember;
import dev.netlink.ynl.YnlType;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The layout of a struct definition as a generated record sees it: each member at its offset (packed in order,
 * as YNL lays structs out), with its Java type and the code that reads it from a buffer and writes it. Padding
 * members are laid out but have no component.
 *
 * @param struct  the definition
 * @param members the members in order, padding included
 * @param size    the struct's size in bytes
 */
record StructLayout(YnlStruct struct, List<Member> members, int size) {
    /**
     * One member.
     *
     * @param spec   its definition
     * @param name   its Java name, {@code null} for padding
     * @param offset its offset
     * @param length its size
     * @param type   its Java type
     * @param kind   how it is read and written
     * @param ref    the enum or struct it refers to, if any
     */
    record Member(YnlStructMember spec, String name, int offset, int length, TypeName type, Kind kind,
                  ClassName ref) {
    }

    enum Kind { PAD, INT, LONG, ENUM, FLAGS, ENUM_FLAGS, BYTES, STRING, STRUCT }

    /** The layout of {@code s}, or empty when a member has no fixed size the generator knows. */
    static Optional<StructLayout> of(FamilyContext ctx, YnlStruct s) {
        return of(ctx, s, 0);
    }

    private static Optional<StructLayout> of(FamilyContext ctx, YnlStruct s, int depth) {
        if (depth > 8) {
            return Optional.empty();
        }
        List<Member> members = new ArrayList<>();
        int offset = 0;
        for (YnlStructMember m : s.members()) {
            YnlType t = m.type();
            Member member;
            String name = Names.member(m.name());
            if (t.equals(YnlType.PAD)) {
                int len = len(ctx, m);
                member = new Member(m, null, offset, len, null, Kind.PAD, null);
            } else if (t.width() > 0) {
                Optional<ClassName> e = m.enumType().flatMap(ctx::enumType);
                Optional<YnlEnum> def = m.enumType().flatMap(ctx.spec::enumeration);
                if (e.isPresent() && (def.get().flags() || m.enumAsFlags())) {
                    member = new Member(m, name, offset, t.width(), ParameterizedTypeName.get(Runtime.FLAG_SET, e.get()),
                            def.get().flags() ? Kind.FLAGS : Kind.ENUM_FLAGS, e.get());
                } else if (e.isPresent()) {
                    member = new Member(m, name, offset, t.width(), ParameterizedTypeName.get(Runtime.ENUM_VALUE,
                            e.get()), Kind.ENUM, e.get());
                } else {
                    boolean wide = t.width() == 8;
                    member = new Member(m, name, offset, t.width(), wide ? TypeName.LONG : TypeName.INT,
                            wide ? Kind.LONG : Kind.INT, null);
                }
            } else if (t.equals(YnlType.STRING) && m.len().isPresent()) {
                member = new Member(m, name, offset, len(ctx, m), ClassName.get(String.class), Kind.STRING, null);
            } else if (t.equals(YnlType.BINARY) && m.struct().isPresent()) {
                Optional<YnlStruct> inner = ctx.spec.struct(m.struct().get());
                Optional<ClassName> c = m.struct().flatMap(ctx::struct);
                Optional<StructLayout> layout = inner.flatMap(i -> of(ctx, i, depth + 1));
                if (c.isEmpty() || layout.isEmpty()) {
                    return Optional.empty();
                }
                member = new Member(m, name, offset, layout.get().size(), c.get(), Kind.STRUCT, c.get());
            } else if (t.equals(YnlType.BINARY) && m.len().isPresent()) {
                member = new Member(m, name, offset, len(ctx, m), ArrayTypes.BYTES, Kind.BYTES, null);
            } else {
                return Optional.empty();
            }
            if (member.length < 0) {
                return Optional.empty();
            }
            members.add(member);
            offset += member.length;
        }
        return Optional.of(new StructLayout(s, members, offset));
    }

    private static int len(FamilyContext ctx, YnlStructMember m) {
        try {
            return Math.toIntExact(ctx.spec.resolve(m.len().orElseThrow()));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The expression reading member {@code m} of the struct at {@code base} in {@code buf}. */
    static CodeBlock read(Member m, String buf, String base) {
        CodeBlock at = CodeBlock.of("$L + $L", base, m.offset);
        boolean be = m.spec.byteOrder().filter(ByteOrder.BIG_ENDIAN::equals).isPresent();
        return switch (m.kind) {
            case INT, LONG -> integer(m.spec.type(), be, buf, at);
            case ENUM -> CodeBlock.of("$T.of($L)", m.ref, unsigned(m.spec.type(), integer(m.spec.type(), be, buf, at)));
            case FLAGS -> CodeBlock.of("$T.flags($L)", m.ref, unsigned(m.spec.type(), integer(m.spec.type(), be, buf,
                    at)));
            case ENUM_FLAGS -> CodeBlock.of("$T.enumFlags($L)", m.ref, unsigned(m.spec.type(),
                    integer(m.spec.type(), be, buf, at)));
            case BYTES -> CodeBlock.of("$T.bytes($L, $L, $L)", Runtime.STRUCTS, buf, at, m.length);
            case STRING -> CodeBlock.of("$T.string($L, $L, $L)", Runtime.STRUCTS, buf, at, m.length);
            case STRUCT -> CodeBlock.of("$T.decode($L, $L)", m.ref, buf, at);
            case PAD -> throw new IllegalStateException("padding is not read");
        };
    }

    /** The statement writing member {@code m}, whose value is {@code v}, at {@code out}'s writer index. */
    static CodeBlock write(Member m, String out, String v) {
        boolean be = m.spec.byteOrder().filter(ByteOrder.BIG_ENDIAN::equals).isPresent();
        return switch (m.kind) {
            case PAD -> CodeBlock.of("$L.writeZero($L);\n", out, m.length);
            case INT, LONG -> writeInteger(m.spec.type(), be, out, CodeBlock.of("$L", v));
            case ENUM -> writeInteger(m.spec.type(), be, out, narrow(m.spec.type(), v + ".value()"));
            case FLAGS, ENUM_FLAGS -> writeInteger(m.spec.type(), be, out, narrow(m.spec.type(), v + ".bits()"));
            case BYTES -> CodeBlock.of("$T.writeBytes($L, $L, $L);\n", Runtime.STRUCTS, out, v, m.length);
            case STRING -> CodeBlock.of("$T.writeString($L, $L, $L);\n", Runtime.STRUCTS, out, v, m.length);
            case STRUCT -> CodeBlock.of("$L.encode($L);\n", v, out);
        };
    }

    private static CodeBlock integer(YnlType t, boolean be, String buf, CodeBlock at) {
        return switch (t.name()) {
            case "u8" -> CodeBlock.of("$L.getUnsignedByte($L)", buf, at);
            case "s8" -> CodeBlock.of("$L.getByte($L)", buf, at);
            case "u16" -> be ? CodeBlock.of("$L.getUnsignedShort($L)", buf, at)
                    : CodeBlock.of("$T.getU16($L, $L)", Runtime.HOST_ORDER, buf, at);
            case "s16" -> be ? CodeBlock.of("$L.getShort($L)", buf, at)
                    : CodeBlock.of("$T.getS16($L, $L)", Runtime.HOST_ORDER, buf, at);
            case "u32", "s32" -> be ? CodeBlock.of("$L.getInt($L)", buf, at)
                    : CodeBlock.of("$T.getI32($L, $L)", Runtime.HOST_ORDER, buf, at);
            default -> be ? CodeBlock.of("$L.getLong($L)", buf, at)
                    : CodeBlock.of("$T.getI64($L, $L)", Runtime.HOST_ORDER, buf, at);
        };
    }

    private static CodeBlock unsigned(YnlType t, CodeBlock value) {
        return t.name().equals("u32") ? CodeBlock.of("$T.toUnsignedLong($L)", Integer.class, value) : value;
    }

    /** A {@code long} expression narrowed to the {@code int} a member narrower than 64 bits is written from. */
    private static CodeBlock narrow(YnlType t, String v) {
        return t.width() == 8 ? CodeBlock.of("$L", v) : CodeBlock.of("(int) $L", v);
    }

    private static CodeBlock writeInteger(YnlType t, boolean be, String out, CodeBlock v) {
        return switch (t.width()) {
            case 1 -> CodeBlock.of("$L.writeByte($L);\n", out, v);
            case 2 -> be ? CodeBlock.of("$L.writeShort($L);\n", out, v)
                    : CodeBlock.of("$T.writeI16($L, $L);\n", Runtime.HOST_ORDER, out, v);
            case 4 -> be ? CodeBlock.of("$L.writeInt($L);\n", out, v)
                    : CodeBlock.of("$T.writeI32($L, $L);\n", Runtime.HOST_ORDER, out, v);
            default -> be ? CodeBlock.of("$L.writeLong($L);\n", out, v)
                    : CodeBlock.of("$T.writeI64($L, $L);\n", Runtime.HOST_ORDER, out, v);
        };
    }
}
