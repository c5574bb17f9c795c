package dev.netlink.ynl.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.netlink.ynl.YnlChecks;
import dev.netlink.ynl.YnlSpec;
import dev.netlink.ynl.YnlType;
import dev.netlink.ynl.YnlValue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The checks a generated builder applies to one value before anything is sent: its type's range ({@code u8}
 * holds 0..255) narrowed by the spec's {@code min} and {@code max}, and a string's or binary's
 * {@code min-len}/{@code max-len}/{@code exact-len}. A limit naming a constant the spec does not define is left to
 * the kernel.
 */
final class Checked {
    private Checked() {
    }

    /** The checks as the javadoc states them: {@code min 1, max-len 15}. */
    static String describe(YnlChecks c) {
        List<String> parts = new ArrayList<>();
        c.min().ifPresent(v -> parts.add("min " + v.text()));
        c.max().ifPresent(v -> parts.add("max " + v.text()));
        c.minLen().ifPresent(v -> parts.add("min-len " + v.text()));
        c.maxLen().ifPresent(v -> parts.add("max-len " + v.text()));
        c.exactLen().ifPresent(v -> parts.add("exact-len " + v.text()));
        c.flagsMask().ifPresent(v -> parts.add("flags-mask " + v));
        if (c.unterminatedOk()) {
            parts.add("unterminated-ok");
        }
        return String.join(", ", parts);
    }

    /**
     * The statements checking {@code v} (a non-null value of Java type {@code element}) of YNL type {@code t},
     * or an empty block when nothing needs checking; {@code where} names it in the refusal.
     */
    static CodeBlock code(YnlSpec spec, YnlType t, YnlChecks c, Element element, String v, String where) {
        CodeBlock.Builder b = CodeBlock.builder();
        boolean plainInteger = t.isInteger() && (element.type.equals(com.palantir.javapoet.ClassName.get(Integer.class))
                || element.type.equals(com.palantir.javapoet.ClassName.get(Long.class)));
        if (plainInteger) {
            long[] range = range(t);
            OptionalLong min = resolve(spec, c.min().orElse(null));
            OptionalLong max = resolve(spec, c.max().orElse(null));
            boolean unsigned64 = !t.isSigned() && (t.width() == 8 || t.width() == 0);
            boolean unsigned32 = t.equals(YnlType.U32);
            long lo = min.isPresent() ? min.getAsLong() : range[0];
            long hi = max.isPresent() ? max.getAsLong() : range[1];
            if (unsigned64 || unsigned32) {
                if (min.isPresent() || max.isPresent()) {
                    b.addStatement("$T.unsignedRange($S, $L, $LL, $LL)", Runtime.CHECKS, where,
                            unsigned32 ? CodeBlock.of("$T.toUnsignedLong($L)", Integer.class, v) : CodeBlock.of("$L", v),
                            lo, hi);
                }
            } else if (min.isPresent() || max.isPresent() || t.width() < 4) {
                b.addStatement("$T.range($S, $L, $LL, $LL)", Runtime.CHECKS, where, v, lo, hi);
            }
            return b.build();
        }
        OptionalLong exact = resolve(spec, c.exactLen().orElse(null));
        OptionalLong minLen = resolve(spec, c.minLen().orElse(null));
        OptionalLong maxLen = resolve(spec, c.maxLen().orElse(null));
        if (exact.isEmpty() && minLen.isEmpty() && maxLen.isEmpty()) {
            return b.build();
        }
        long lo = exact.isPresent() ? exact.getAsLong() : minLen.orElse(0);
        long hi = exact.isPresent() ? exact.getAsLong() : maxLen.orElse(65531);
        if (t.equals(YnlType.STRING)) {
            b.addStatement("$T.length($S, $T.utf8Length($L), $L, $L)", Runtime.CHECKS, where, Runtime.CHECKS, v, lo, hi);
        } else if (element.type.equals(ArrayTypes.BYTES)) {
            b.addStatement("$T.length($S, $L.length, $L, $L)", Runtime.CHECKS, where, v, lo, hi);
        }
        return b.build();
    }

    private static OptionalLong resolve(YnlSpec spec, YnlValue v) {
        if (v == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(spec.resolve(v));
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The values Java holds for YNL type {@code t}: a u32 as all 32 bits, a u64 as all 64. */
    private static long[] range(YnlType t) {
        return switch (t.name()) {
            case "u8" -> new long[] {0, 0xff};
            case "u16" -> new long[] {0, 0xffff};
            case "s8" -> new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE};
            case "s16" -> new long[] {Short.MIN_VALUE, Short.MAX_VALUE};
            case "s32" -> new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
            case "u32" -> new long[] {0, 0xffffffffL};
            case "u64", "uint" -> new long[] {0, -1};
            default -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
        };
    }
}
