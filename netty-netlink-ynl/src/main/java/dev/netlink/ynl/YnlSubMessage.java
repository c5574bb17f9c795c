package dev.netlink.ynl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One of a YNL spec's {@code sub-messages} (netlink-raw): a polymorphic attribute payload whose format is picked
 * by the value of another attribute, the {@code selector} of the attribute of type {@code sub-message} that
 * names it. Immutable.
 *
 * @param name    the {@code name}
 * @param formats the {@code formats} in spec order
 */
public record YnlSubMessage(String name, List<YnlSubMessageFormat> formats) {
    public YnlSubMessage {
        Objects.requireNonNull(name, "name");
        formats = List.copyOf(formats);
    }

    /** The format selected by {@code value}. */
    public Optional<YnlSubMessageFormat> format(String value) {
        return formats.stream().filter(f -> f.value().equals(value)).findFirst();
    }
}
