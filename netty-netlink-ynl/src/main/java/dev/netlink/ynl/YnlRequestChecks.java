package dev.netlink.ynl;

import io.netty.buffer.ByteBuf;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A spec's {@code checks} ({@link YnlChecks}) applied to a request's values before anything is sent, as the
 * kernel's policy would apply them on receipt: an integer within its type's range and within {@code min} and
 * {@code max}, and its bits within {@code flags-mask}; a string's bytes (UTF-8, without the NUL this library
 * always adds) and a binary's within {@code min-len}, {@code max-len} and {@code exact-len}; a string without a
 * NUL inside unless {@code unterminated-ok} (the kernel would end it there). Limits may name a spec's
 * {@code const} ({@link YnlSpec#resolve}). Values of other forms (an enum's name, a struct's map) pass: the codec
 * checks what they stand for. Immutable and thread-safe.
 */
final class YnlRequestChecks {
    private final YnlSpec spec;

    YnlRequestChecks(YnlSpec spec) {
        this.spec = spec;
    }

    /**
     * {@code v}, the value given at {@code leaf}, once checked.
     *
     * @throws IllegalArgumentException naming the attribute and what is allowed, if {@code v} breaks a check
     */
    Object check(YnlValueTree.Leaf leaf, Object v) {
        YnlType t = leaf.type();
        if (t.isInteger() && (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger big && big.bitLength() <= 64)) {
            integer(leaf, ((Number) v).longValue());
        } else if (t.equals(YnlType.STRING) && v instanceof CharSequence cs) {
            String s = cs.toString();
            if (!leaf.checks().unterminatedOk() && s.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("attribute \"" + leaf.path() + "\" contains a NUL character,"
                        + " where the kernel would end the string");
            }
            length(leaf, "string", s.getBytes(StandardCharsets.UTF_8).length);
        } else if (t.equals(YnlType.BINARY) && v instanceof byte[] b) {
            length(leaf, "binary", b.length);
        } else if (t.equals(YnlType.BINARY) && v instanceof ByteBuf b) {
            length(leaf, "binary", b.readableBytes());
        }
        return v;
    }

    /**
     * Checks {@code given}; an unsigned value may be given by its bits as a negative number of the same width
     * ({@code -1} for {@code 0xffffffff}), as the codec takes it.
     */
    private void integer(YnlValueTree.Leaf leaf, long given) {
        YnlType t = leaf.type();
        boolean unsigned = !t.isSigned();
        int bits = t.width() * 8;
        long x = given;
        if (bits > 0 && bits < 64) {
            long least = unsigned ? 0 : -(1L << (bits - 1));
            long most = unsigned ? (1L << bits) - 1 : (1L << (bits - 1)) - 1;
            if (given < -(1L << (bits - 1)) || given > most) {
                throw new IllegalArgumentException("attribute \"" + leaf.path() + "\" is a " + t + ": " + given
                        + " is outside " + least + " to " + most);
            }
            x = unsigned ? given & most : given;
        }
        long value = x;
        YnlChecks c = leaf.checks();
        limit(c.min()).filter(min -> compare(unsigned, value, min) < 0).ifPresent(min -> {
            throw new IllegalArgumentException("attribute \"" + leaf.path() + "\" must be at least "
                    + text(unsigned, min) + ", not " + text(unsigned, value));
        });
        limit(c.max()).filter(max -> compare(unsigned, value, max) > 0).ifPresent(max -> {
            throw new IllegalArgumentException("attribute \"" + leaf.path() + "\" must be at most "
                    + text(unsigned, max) + ", not " + text(unsigned, value));
        });
        c.flagsMask().flatMap(spec::enumeration).ifPresent(def -> {
            long mask = def.mask(true);
            if ((value & ~mask) != 0) {
                throw new IllegalArgumentException("attribute \"" + leaf.path() + "\" may only have bits of "
                        + def.name() + " (0x" + Long.toHexString(mask) + "), not 0x" + Long.toHexString(value & ~mask));
            }
        });
    }

    private void length(YnlValueTree.Leaf leaf, String what, int length) {
        YnlChecks c = leaf.checks();
        limit(c.exactLen()).filter(n -> length != n).ifPresent(n -> {
            throw new IllegalArgumentException("attribute \"" + leaf.path() + "\" must be exactly " + n
                    + " bytes long, not " + length);
        });
        limit(c.minLen()).filter(n -> length < n).ifPresent(n -> {
            throw new IllegalArgumentException(what + " attribute \"" + leaf.path() + "\" is too short: at least " + n
                    + " bytes, not " + length);
        });
        limit(c.maxLen()).filter(n -> length > n).ifPresent(n -> {
            throw new IllegalArgumentException(what + " attribute \"" + leaf.path() + "\" is too long: at most " + n
                    + " bytes, not " + length);
        });
    }

    private Optional<Long> limit(Optional<YnlValue> value) {
        return value.map(spec::resolve);
    }

    private static int compare(boolean unsigned, long a, long b) {
        return unsigned ? Long.compareUnsigned(a, b) : Long.compare(a, b);
    }

    private static String text(boolean unsigned, long x) {
        return unsigned ? Long.toUnsignedString(x) : Long.toString(x);
    }
}
