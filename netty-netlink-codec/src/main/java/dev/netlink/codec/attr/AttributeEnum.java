package dev.netlink.codec.attr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Names for the values of an integer attribute, a YNL {@code definitions} entry of type {@code enum} (each entry a
 * value, e.g. {@code operstate}: {@code unknown}=0 … {@code up}=6) or {@code flags} (each entry one bit, e.g.
 * {@code 1 << 0} {@code up}). Use it with {@link AttributeType#enumOf} or {@link AttributeType#flagsOf}.
 *
 * <p>A value the table does not name is no error: the kernel is newer than any spec. Immutable and thread-safe.
 */
public final class AttributeEnum {
    private final String name;
    private final Map<Long, String> byValue;
    private final Map<String, Long> byName;

    private AttributeEnum(String name, Map<Long, String> byValue, Map<String, Long> byName) {
        this.name = name;
        this.byValue = byValue;
        this.byName = byName;
    }

    /** Starts a table; {@code name} is the YNL definition's name, e.g. {@code "operstate"}, used in messages. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The name of this table. */
    public String name() {
        return name;
    }

    /** The name of {@code value}, or {@code null} when the table has none. */
    public String name(long value) {
        return byValue.get(value);
    }

    /** The value named {@code entry}, or empty when the table has no such name. */
    public OptionalLong value(String entry) {
        Long v = byName.get(entry);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** Every value's name, in the order they were added. */
    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(byName.keySet()));
    }

    /** Every value, in the order they were added. */
    List<Long> values() {
        return new ArrayList<>(byValue.keySet());
    }

    /** The value named {@code entry}, or an exception that lists the allowed names. */
    long valueOrThrow(String entry) {
        Long v = byName.get(entry);
        if (v == null) {
            throw new IllegalArgumentException("\"" + entry + "\" is not a value of " + name + "; allowed: "
                    + String.join(", ", byName.keySet()));
        }
        return v;
    }

    /** The table, e.g. {@code operstate{0=unknown, 6=up}}. */
    @Override
    public String toString() {
        return name + byValue;
    }

    /** Collects the entries of an {@link AttributeEnum}. Not thread-safe; build once. */
    public static final class Builder {
        private final String name;
        private final Map<Long, String> byValue = new LinkedHashMap<>();
        private final Map<String, Long> byName = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * Names {@code value}: an enum's value, or a flag's bit ({@code 1L << n}, not {@code n}).
         *
         * @throws IllegalArgumentException if the name or the value is already in the table
         */
        public Builder add(String entry, long value) {
            Objects.requireNonNull(entry, "entry");
            if (byName.containsKey(entry)) {
                throw new IllegalArgumentException(entry + " is already a value of " + name);
            }
            if (byValue.containsKey(value)) {
                throw new IllegalArgumentException(value + " of " + name + " is already named " + byValue.get(value));
            }
            byValue.put(value, entry);
            byName.put(entry, value);
            return this;
        }

        /** The table defined so far. */
        public AttributeEnum build() {
            return new AttributeEnum(name, Collections.unmodifiableMap(new LinkedHashMap<>(byValue)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(byName)));
        }
    }
}
