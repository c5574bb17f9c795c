package dev.netlink.ynl;

import java.util.Objects;
import java.util.Optional;

/**
 * A YNL operation's {@code do} or {@code dump}: how the kernel handles it (a {@code doit} or a {@code dumpit}),
 * with its {@code request} and {@code reply} messages. Immutable.
 *
 * @param request the {@code request}, if the spec describes one
 * @param reply   the {@code reply}, if the kernel answers with one
 */
public record YnlHandler(Optional<YnlMessage> request, Optional<YnlMessage> reply) {
    public YnlHandler {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(reply, "reply");
    }
}
