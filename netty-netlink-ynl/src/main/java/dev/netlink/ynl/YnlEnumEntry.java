package dev.netlink.ynl;

import java.util.Objects;

/**
 * One of the {@code entries} of a YNL {@code enum} or {@code flags} definition, its value assigned by YNL's rule:
 * its own {@code value} if given, else one more than the entry before it, the first entry starting at the
 * definition's {@code value-start} (0 if absent). For {@code flags} the value is the bit number. Immutable.
 *
 * @param name  the entry's {@code name}
 * @param value the enum value, or for flags the bit number
 * @param flag  whether the entry belongs to a {@code flags} definition
 */
public record YnlEnumEntry(String name, long value, boolean flag) {
    public YnlEnumEntry {
        Objects.requireNonNull(name, "name");
    }

    /**
     * The value on the wire: the enum value, or {@code 1 << value} for a flag or where an attribute says
     * {@code enum-as-flags}.
     */
    public long userValue(boolean asFlags) {
        return flag || asFlags ? 1L << value : value;
    }
}
