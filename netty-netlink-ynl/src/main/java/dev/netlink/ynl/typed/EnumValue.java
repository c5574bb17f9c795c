package dev.netlink.ynl.typed;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The value of an attribute or struct member that a YNL {@code enum} definition names: one of the generated Java
 * enum's constants, or a number the spec does not know (a kernel newer than the spec), kept as it came. Compare
 * with {@link #is}; {@link #toString()} is the spec's name or the number. Immutable; the values of known constants
 * are shared, so decoding them allocates nothing.
 *
 * @param <E> the generated enum
 */
public final class EnumValue<E extends Enum<E> & KernelConstant> {
    private final E constant;
    private final long value;

    private EnumValue(E constant, long value) {
        this.constant = constant;
        this.value = value;
    }

    /** The named constant, or empty for a number the spec does not know. */
    public Optional<E> constant() {
        return Optional.ofNullable(constant);
    }

    /** Whether this is {@code c}. */
    public boolean is(E c) {
        return constant == c;
    }

    /** Whether the spec knows the number. */
    public boolean isKnown() {
        return constant != null;
    }

    /** The number on the wire. */
    public long value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnumValue<?> v && v.value == value && Objects.equals(v.constant, constant);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    /** The spec's name of the constant, or the number. */
    @Override
    public String toString() {
        return constant != null ? constant.specName() : Long.toString(value);
    }

    /**
     * The values of one generated enum by number, built once per enum: {@code Lookup.of(IfOperState.class)}.
     * Thread-safe.
     *
     * @param <E> the generated enum
     */
    public static final class Lookup<E extends Enum<E> & KernelConstant> {
        /** Values below this are looked up in an array, without boxing the number. */
        private static final int DENSE = 1024;
        private final Class<E> type;
        private final Map<Long, EnumValue<E>> byValue = new HashMap<>();
        private final EnumValue<E>[] dense;
        private final EnumValue<E>[] byOrdinal;

        @SuppressWarnings({"unchecked", "rawtypes"}) // generic arrays
        private Lookup(Class<E> type) {
            this.type = type;
            E[] constants = type.getEnumConstants();
            byOrdinal = new EnumValue[constants.length];
            dense = new EnumValue[DENSE];
            for (E c : constants) {
                EnumValue<E> v = new EnumValue<>(c, c.value());
                byOrdinal[c.ordinal()] = v;
                byValue.putIfAbsent(c.value(), v);
                if (c.value() >= 0 && c.value() < DENSE && dense[(int) c.value()] == null) {
                    dense[(int) c.value()] = v;
                }
            }
        }

        /** The lookup of {@code type}. */
        public static <E extends Enum<E> & KernelConstant> Lookup<E> of(Class<E> type) {
            return new Lookup<>(type);
        }

        /** The value of number {@code value}: a known constant's shared value, or a new one kept by number. */
        public EnumValue<E> value(long value) {
            EnumValue<E> v = value >= 0 && value < DENSE ? dense[(int) value] : byValue.get(value);
            return v != null ? v : new EnumValue<>(null, value);
        }

        /** The value of {@code constant}. */
        public EnumValue<E> value(E constant) {
            return byOrdinal[constant.ordinal()];
        }

        /** The enum this lookup serves. */
        public Class<E> type() {
            return type;
        }
    }
}
