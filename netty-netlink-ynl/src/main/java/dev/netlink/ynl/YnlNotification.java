package dev.netlink.ynl;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message a YNL family's kernel side sends unasked on one of its {@code mcast-groups}: a {@code notify} or
 * {@code event} operation, decoded by the spec. Immutable (its map is the caller's to keep; nothing refers to a
 * buffer).
 *
 * @param operation  the spec's operation for the message's command, such as {@code dev-add-ntf}; empty when the
 *                   spec does not know the command (then every attribute is keyed by its decimal number)
 * @param cmd        the command ({@code genlmsghdr.cmd}), or a netlink-raw message's type ({@code nlmsg_type}:
 *                   {@code RTM_NEWLINK} is 16)
 * @param group      the multicast group it came on, by the kernel's name ({@code mgmt}); empty when unknown
 * @param attributes the fixed header's members and the attributes, keyed by the spec's names (see
 *                   {@link YnlFamily} for the Java types); every attribute by its decimal number, as bytes, when
 *                   they do not decode as the spec says (a kernel that changed an attribute's type)
 */
public record YnlNotification(Optional<String> operation, int cmd, Optional<String> group,
                              Map<String, Object> attributes) {
    /** Checks that nothing is {@code null}. */
    public YnlNotification {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(attributes, "attributes");
    }
}
