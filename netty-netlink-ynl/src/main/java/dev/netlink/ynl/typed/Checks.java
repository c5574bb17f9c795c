package dev.netlink.ynl.typed;

import java.nio.charset.StandardCharsets;

/**
 * The input checks of a YNL spec ({@code checks}: {@code min}, {@code max}, {@code min-len}, {@code max-len},
 * {@code exact-len}) and the ranges of its integer types, as generated builders apply them before anything is
 * sent. Each refusal is an {@link IllegalArgumentException} naming the set, the attribute and what is allowed.
 * Stateless.
 */
public final class Checks {
    private Checks() {
    }

    /** Refuses {@code value} outside {@code [min, max]} (signed). */
    public static void range(String where, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(where + " must be in [" + min + ", " + max + "], not " + value);
        }
    }

    /** Refuses {@code value} outside {@code [min, max]}, the three read as unsigned 64-bit numbers. */
    public static void unsignedRange(String where, long value, long min, long max) {
        if (Long.compareUnsigned(value, min) < 0 || Long.compareUnsigned(value, max) > 0) {
            throw new IllegalArgumentException(where + " must be in [" + Long.toUnsignedString(min) + ", "
                    + Long.toUnsignedString(max) + "], not " + Long.toUnsignedString(value));
        }
    }

    /** Refuses a payload whose length is outside {@code [min, max]} bytes. */
    public static void length(String where, int length, int min, int max) {
        if (length < min || length > max) {
            throw new IllegalArgumentException(where + (min == max ? " must be " + min + " bytes"
                    : " must be " + min + " to " + max + " bytes") + ", not " + length);
        }
    }

    /** The length of {@code s} on the wire: its UTF-8 bytes, without the terminating NUL. */
    public static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
