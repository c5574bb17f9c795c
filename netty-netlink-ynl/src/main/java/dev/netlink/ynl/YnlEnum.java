package dev.netlink.ynl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A YNL {@code enum} or {@code flags} definition with its {@code entries} numbered (see {@link YnlEnumEntry}).
 * Attributes and struct members refer to it with {@code enum}, possibly with {@code enum-as-flags}. Immutable.
 *
 * @param name       the {@code name}
 * @param flags      whether the definition is {@code type: flags} (entry values are bit numbers)
 * @param valueStart the resolved {@code value-start}, 0 if absent
 * @param entries    the entries in spec order
 * @param namePrefix the C prefix of the entries' names ({@code name-prefix}), if given
 * @param header     the C header that defines it, if named
 */
public record YnlEnum(String name, boolean flags, long valueStart, List<YnlEnumEntry> entries,
                      Optional<String> namePrefix, Optional<String> header) implements YnlDefinition {
    public YnlEnum {
        Objects.requireNonNull(name, "name");
        entries = List.copyOf(entries);
        Objects.requireNonNull(namePrefix, "namePrefix");
        Objects.requireNonNull(header, "header");
    }

    /** The entry of that name. */
    public Optional<YnlEnumEntry> entry(String entryName) {
        return entries.stream().filter(e -> e.name().equals(entryName)).findFirst();
    }

    /** The first entry whose value (the bit number for flags) is {@code value}. */
    public Optional<YnlEnumEntry> entryByValue(long value) {
        return entries.stream().filter(e -> e.value() == value).findFirst();
    }

    /** Every entry's {@link YnlEnumEntry#userValue(boolean) user value} or'ed together. */
    public long mask(boolean asFlags) {
        long mask = 0;
        for (YnlEnumEntry entry : entries) {
            mask |= entry.userValue(asFlags);
        }
        return mask;
    }
}
