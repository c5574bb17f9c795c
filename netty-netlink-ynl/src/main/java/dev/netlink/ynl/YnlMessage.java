package dev.netlink.ynl;

import java.util.List;
import java.util.OptionalInt;

/**
 * A message of a YNL operation: a {@code do} or {@code dump}'s {@code request} or {@code reply}, or an
 * operation's {@code event}. Immutable.
 *
 * @param value      the message id the spec gives it ({@code value}, directional operations only); the id
 *                   in use is {@link YnlOperation#requestValue()} or {@link YnlOperation#replyValue()}
 * @param attributes the names of the attributes it carries, from the operation's attribute set (for
 *                   netlink-raw specs also fields of the fixed header)
 */
public record YnlMessage(OptionalInt value, List<String> attributes) {
    public YnlMessage {
        java.util.Objects.requireNonNull(value, "value");
        attributes = List.copyOf(attributes);
    }
}
