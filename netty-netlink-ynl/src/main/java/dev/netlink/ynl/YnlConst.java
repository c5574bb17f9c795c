package dev.netlink.ynl;

import java.util.Objects;
import java.util.Optional;

/**
 * A YNL {@code const} definition: a named number of the family's uAPI, such as a buffer length that
 * {@code len} and {@code checks} refer to by name. Immutable.
 *
 * @param name   the {@code name}
 * @param value  the {@code value}, a literal or (rarely) another name; resolve with {@link YnlSpec#resolve}
 * @param header the C header that defines it, if named
 */
public record YnlConst(String name, YnlValue value, Optional<String> header) implements YnlDefinition {
    public YnlConst {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(header, "header");
    }
}
