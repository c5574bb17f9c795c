package dev.netlink.family;

import dev.netlink.codec.attr.AttributeWriter;
import dev.netlink.ynl.YnlAttribute;
import dev.netlink.ynl.YnlAttributeSet;
import dev.netlink.ynl.YnlSpec;
import dev.netlink.ynl.YnlStruct;
import dev.netlink.ynl.YnlStructMember;
import dev.netlink.ynl.YnlSubMessage;
import dev.netlink.ynl.YnlSubMessageFormat;
import dev.netlink.ynl.YnlType;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Writes random attributes of a set as its spec says they look on the wire, in spec order and in the form the
 * generated encoders write them (nests flagged {@code NLA_F_NESTED}, struct payloads not, a {@code uint} in 4 bytes
 * when it fits), so that a generated record decoding them must encode the same bytes again.
 */
final class SpecBytes {
    private final YnlSpec spec;
    private final Random random;

    SpecBytes(YnlSpec spec, long seed) {
        this.spec = spec;
        this.random = new Random(seed);
    }

    /** Writes some of {@code set}'s attributes, nests to {@code depth} levels. */
    void attributes(AttributeWriter w, YnlAttributeSet set, int depth) {
        Set<Integer> seen = new HashSet<>();
        for (YnlAttribute a : set.attributes()) {
            if (!seen.add(a.value()) || !a.type().isKnown() || a.type().equals(YnlType.PAD)
                    || a.type().equals(YnlType.UNUSED) || random.nextInt(3) == 0) {
                continue;
            }
            if (a.type().equals(YnlType.SUB_MESSAGE)) {
                continue; // written with its selector below
            }
            boolean selector = set.attributes().stream().anyMatch(s -> s.type().equals(YnlType.SUB_MESSAGE)
                    && s.selector().filter(a.name()::equals).isPresent() && s.subMessage().flatMap(
                    spec::subMessage).isPresent());
            if (selector && a.type().equals(YnlType.STRING)) {
                YnlAttribute sub = set.attributes().stream().filter(s -> s.type().equals(YnlType.SUB_MESSAGE)
                        && s.selector().filter(a.name()::equals).isPresent()).findFirst().orElseThrow();
                YnlSubMessage m = spec.subMessage(sub.subMessage().get()).orElseThrow();
                YnlSubMessageFormat f = m.formats().get(random.nextInt(m.formats().size()));
                w.putString(a.value(), f.value());
                if (depth > 0) {
                    int start = w.startNested(sub.value());
                    format(w, f, depth - 1);
                    w.endNested(start);
                }
                continue;
            }
            int times = a.multiAttr() ? random.nextInt(3) : 1;
            for (int i = 0; i < times; i++) {
                attribute(w, a, depth);
            }
        }
    }

    private void format(AttributeWriter w, YnlSubMessageFormat f, int depth) {
        Optional<YnlStruct> header = f.fixedHeader().flatMap(spec::struct);
        if (header.isPresent()) {
            int size = struct(w.buffer(), header.get());
            w.buffer().writeZero((size + 3 & ~3) - size);
        }
        f.attributeSet().flatMap(spec::attributeSet).ifPresent(s -> attributes(w, s, depth));
    }

    private void attribute(AttributeWriter w, YnlAttribute a, int depth) {
        YnlType t = a.type();
        int n = a.value();
        switch (t.name()) {
            case "flag" -> w.putFlag(n);
            case "string" -> w.putString(n, "s" + random.nextInt(1000));
            case "bitfield32" -> w.putBitfield32(n, random.nextInt(), random.nextInt());
            case "nest" -> {
                Optional<YnlAttributeSet> inner = a.nestedAttributes().flatMap(spec::attributeSet);
                if (depth > 0 && inner.isPresent()) {
                    int start = w.startNested(n);
                    attributes(w, inner.get(), depth - 1);
                    w.endNested(start);
                }
            }
            case "indexed-array" -> {
                int start = w.startNested(n);
                YnlType sub = a.subType().orElse(YnlType.NEST);
                Optional<YnlAttributeSet> inner = a.nestedAttributes().flatMap(spec::attributeSet);
                for (int i = 0, count = depth > 0 ? random.nextInt(3) : 0; i < count; i++) {
                    if (sub.equals(YnlType.NEST)) {
                        if (inner.isPresent()) {
                            int s = w.startNested(i + 1);
                            attributes(w, inner.get(), depth - 1);
                            w.endNested(s);
                        }
                    } else {
                        scalar(w, i + 1, sub, a);
                    }
                }
                w.endNested(start);
            }
            case "nest-type-value" -> {
                Optional<YnlAttributeSet> inner = a.nestedAttributes().flatMap(spec::attributeSet);
                if (depth == 0 || inner.isEmpty()) {
                    return;
                }
                int start = w.startNested(n);
                typeValue(w, inner.get(), Math.max(1, a.typeValue().size()), depth);
                w.endNested(start);
            }
            default -> scalar(w, n, t, a);
        }
    }

    private void typeValue(AttributeWriter w, YnlAttributeSet inner, int levels, int depth) {
        int key = random.nextInt(5);
        int start = w.startNested(key);
        if (levels == 1) {
            attributes(w, inner, depth - 1);
        } else {
            typeValue(w, inner, levels - 1, depth);
        }
        w.endNested(start);
    }

    private void scalar(AttributeWriter w, int n, YnlType t, YnlAttribute a) {
        switch (t.name()) {
            case "u8", "s8" -> w.putU8(n, random.nextInt(256));
            case "u16", "s16" -> w.putU16(n, random.nextInt(65536));
            case "u32", "s32" -> w.putU32(n, random.nextInt());
            case "u64", "s64" -> w.putU64(n, random.nextLong());
            case "uint", "sint" -> w.putUint(n, random.nextBoolean() ? random.nextInt() & 0xffffffffL
                    : random.nextLong() | Long.MIN_VALUE);
            case "string" -> w.putString(n, "s" + random.nextInt(1000));
            default -> binary(w, n, a);
        }
    }

    private void binary(AttributeWriter w, int n, YnlAttribute a) {
        Optional<YnlStruct> s = a.struct().flatMap(spec::struct);
        if (s.isPresent()) {
            int start = w.startNested(n, false);
            struct(w.buffer(), s.get());
            w.endNested(start);
            int length = w.buffer().writerIndex() - start;
            w.buffer().writeZero((length + 3 & ~3) - length);
            return;
        }
        int length = switch (a.displayHint().orElse("")) {
            case "ipv4" -> 4;
            case "ipv6", "uuid", "ipv4-or-v6" -> 16;
            case "mac" -> 6;
            default -> random.nextInt(12);
        };
        byte[] b = new byte[length];
        random.nextBytes(b);
        w.putBinary(n, b);
    }

    /** Writes a struct whose members round-trip (padding zero, strings NUL-padded); its size. */
    int struct(ByteBuf out, YnlStruct s) {
        int before = out.writerIndex();
        for (YnlStructMember m : s.members()) {
            YnlType t = m.type();
            int len = m.len().map(v -> (int) spec.resolve(v)).orElse(0);
            if (t.equals(YnlType.PAD)) {
                out.writeZero(len);
            } else if (t.width() > 0) {
                for (int i = 0; i < t.width(); i++) {
                    out.writeByte(random.nextInt(256));
                }
            } else if (t.equals(YnlType.STRING)) {
                byte[] text = "n".repeat(Math.max(0, Math.min(3, len - 1))).getBytes(StandardCharsets.UTF_8);
                out.writeBytes(text).writeZero(len - text.length);
            } else if (m.struct().isPresent()) {
                struct(out, spec.struct(m.struct().get()).orElseThrow());
            } else {
                byte[] b = new byte[len];
                random.nextBytes(b);
                out.writeBytes(b);
            }
        }
        return out.writerIndex() - before;
    }

    static List<String> families() {
        return YnlSpec.bundledNames();
    }
}
