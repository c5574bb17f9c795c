package dev.netlink.ynl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A YNL attribute or struct member {@code type} ({@code unused}, {@code pad}, {@code flag}, {@code binary},
 * {@code bitfield32}, {@code uint}, {@code sint}, {@code u8} to {@code s64}, {@code string}, {@code nest},
 * {@code indexed-array}, {@code nest-type-value}, {@code sub-message}), also used for an {@code indexed-array}'s
 * {@code sub-type}.
 *
 * <p>An open set, like the kernel's: {@link #valueOf(String)} returns the known instance or a new unknown one,
 * so a spec from a newer kernel with a type this library does not know still loads. Immutable.
 */
public final class YnlType {
    private static final Map<String, YnlType> KNOWN = new LinkedHashMap<>();

    public static final YnlType UNUSED = known("unused", 0, false);
    public static final YnlType PAD = known("pad", 0, false);
    public static final YnlType FLAG = known("flag", 0, false);
    public static final YnlType BINARY = known("binary", 0, false);
    public static final YnlType BITFIELD32 = known("bitfield32", 0, false);
    /** A variable-width unsigned integer: 4 or 8 bytes on the wire. */
    public static final YnlType UINT = known("uint", 0, false);
    /** A variable-width signed integer: 4 or 8 bytes on the wire. */
    public static final YnlType SINT = known("sint", 0, true);
    public static final YnlType U8 = known("u8", 1, false);
    public static final YnlType U16 = known("u16", 2, false);
    public static final YnlType U32 = known("u32", 4, false);
    public static final YnlType U64 = known("u64", 8, false);
    public static final YnlType S8 = known("s8", 1, true);
    public static final YnlType S16 = known("s16", 2, true);
    public static final YnlType S32 = known("s32", 4, true);
    public static final YnlType S64 = known("s64", 8, true);
    public static final YnlType STRING = known("string", 0, false);
    public static final YnlType NEST = known("nest", 0, false);
    public static final YnlType INDEXED_ARRAY = known("indexed-array", 0, false);
    public static final YnlType NEST_TYPE_VALUE = known("nest-type-value", 0, false);
    public static final YnlType SUB_MESSAGE = known("sub-message", 0, false);

    private final String name;
    private final int width;
    private final boolean signed;
    private final boolean known;

    private YnlType(String name, int width, boolean signed, boolean known) {
        this.name = name;
        this.width = width;
        this.signed = signed;
        this.known = known;
    }

    private static YnlType known(String name, int width, boolean signed) {
        YnlType type = new YnlType(name, width, signed, true);
        KNOWN.put(name, type);
        return type;
    }

    /** The known type named {@code name}, or a new unknown type of that name. */
    public static YnlType valueOf(String name) {
        Objects.requireNonNull(name, "name");
        YnlType type = KNOWN.get(name);
        return type != null ? type : new YnlType(name, 0, false, false);
    }

    /** The type's name as YNL spells it. */
    public String name() {
        return name;
    }

    /** Whether this library knows the type (it is in the 6.12 schemas or later ones). */
    public boolean isKnown() {
        return known;
    }

    /** Whether the type is an integer: fixed width ({@code u8}..{@code s64}) or {@code uint}/{@code sint}. */
    public boolean isInteger() {
        return width > 0 || this == UINT || this == SINT;
    }

    /** The fixed width in bytes of {@code u8}..{@code s64}, 0 for every other type. */
    public int width() {
        return width;
    }

    /** Whether the type is a signed integer. */
    public boolean isSigned() {
        return signed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof YnlType other && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
