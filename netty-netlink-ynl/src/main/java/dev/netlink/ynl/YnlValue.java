package dev.netlink.ynl;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number as a YNL spec writes it where the schema allows a literal or a name ({@code len-or-define},
 * {@code len-or-limit}: a {@code const} value, {@code value-start}, a struct member's {@code len}, the
 * {@code min}/{@code max}/{@code min-len}/{@code max-len}/{@code exact-len} checks): a literal integer, the name
 * of a {@code const} definition, a fixed-width limit such as {@code u32-max} or {@code s16-min}, or a name
 * followed by {@code - 1}. Resolve names with {@link YnlSpec#resolve(YnlValue)}. Immutable.
 */
public final class YnlValue {
    private static final Pattern MINUS_ONE = Pattern.compile("^(\\S+)\\s*-\\s*1$");
    private static final Pattern LIMIT = Pattern.compile("^([su])(8|16|32|64)-(min|max)$");

    private final String text;
    private final Long literal;

    private YnlValue(String text, Long literal) {
        this.text = text;
        this.literal = literal;
    }

    /** A literal value (for {@code u64} limits, the unsigned bits of the value). */
    public static YnlValue of(long literal) {
        return new YnlValue(Long.toString(literal), literal);
    }

    /** A value written by name, such as {@code IFNAMSIZ}, {@code u16-max} or {@code ETH_ALEN - 1}. */
    public static YnlValue ofName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("empty name");
        }
        return new YnlValue(name.strip(), null);
    }

    /** Whether the spec wrote a literal number. */
    public boolean isLiteral() {
        return literal != null;
    }

    /** The literal number, empty for a value written by name. */
    public OptionalLong literal() {
        return literal == null ? OptionalLong.empty() : OptionalLong.of(literal);
    }

    /** The value as the spec wrote it (a literal in decimal). */
    public String text() {
        return text;
    }

    /**
     * The value of this number, the names looked up with {@code constant}: a {@code const} definition's value,
     * or {@code null} if the spec defines no such constant.
     */
    long resolve(java.util.function.Function<String, Long> constant) {
        if (literal != null) {
            return literal;
        }
        Matcher minusOne = MINUS_ONE.matcher(text);
        if (minusOne.matches()) {
            return YnlValue.ofName(minusOne.group(1)).resolve(constant) - 1;
        }
        Matcher limit = LIMIT.matcher(text);
        if (limit.matches()) {
            return limit(limit.group(1).equals("s"), Integer.parseInt(limit.group(2)), limit.group(3).equals("max"));
        }
        Long value = constant.apply(text);
        if (value == null) {
            throw new IllegalArgumentException("no const definition named '" + text + "'");
        }
        return value;
    }

    private static long limit(boolean signed, int bits, boolean max) {
        if (signed) {
            return max ? (1L << (bits - 1)) - 1 : -(1L << (bits - 1));
        }
        if (!max) {
            return 0;
        }
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof YnlValue other && text.equals(other.text) && Objects.equals(literal, other.literal);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
