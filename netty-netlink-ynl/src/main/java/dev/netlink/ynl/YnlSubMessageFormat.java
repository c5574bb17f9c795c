package dev.netlink.ynl;

import java.util.Objects;
import java.util.Optional;

/**
 * One of the {@code formats} of a YNL {@code sub-messages} definition: what a sub-message attribute holds when
 * its selector attribute has this {@code value} (such as {@code vlan} for rt-link's {@code linkinfo} kind).
 * Immutable.
 *
 * @param value        the selector value that picks this format, as text
 * @param fixedHeader  the {@code struct} at the start of the payload ({@code fixed-header}), if any
 * @param attributeSet the attribute set of the payload (after any fixed header), if any
 */
public record YnlSubMessageFormat(String value, Optional<String> fixedHeader, Optional<String> attributeSet) {
    public YnlSubMessageFormat {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(fixedHeader, "fixedHeader");
        Objects.requireNonNull(attributeSet, "attributeSet");
    }
}
