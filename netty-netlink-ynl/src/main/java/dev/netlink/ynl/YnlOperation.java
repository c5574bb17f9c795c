package dev.netlink.ynl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One of a YNL spec's {@code operations.list}: a command (genetlink {@code cmd}) or message type (netlink-raw
 * {@code nlmsg_type}) with the message ids YNL assigns it (see {@link YnlOperations}). Immutable.
 *
 * @param name            the {@code name}
 * @param requestValue    the id of its messages to the kernel; empty for a notification or an event
 * @param replyValue      the id of its messages from the kernel; with directional ids, empty if the kernel
 *                        sends none
 * @param attributeSet    the {@code attribute-set} of its messages (for a notification without one, the notified
 *                        operation's); empty only for a reserved id
 * @param fixedHeader     the {@code fixed-header} struct after the netlink (and genetlink) header: the
 *                        operation's own or the family's default
 * @param flags           the {@code flags} ({@code admin-perm}, {@code uns-admin-perm})
 * @param dontValidate    the kernel's relaxed validation ({@code dont-validate}: {@code strict}, {@code dump}, ...)
 * @param configCond      the kernel config option without which the operation does not exist ({@code config-cond},
 *                        without {@code CONFIG_}), if any
 * @param doHandler       the {@code do}, if the operation has one
 * @param dumpHandler     the {@code dump}, if the operation has one
 * @param notifies        ({@code notify}, a name Java keeps for itself) the operation whose reply this
 *                        notification repeats
 * @param event           the {@code event}'s message, for an event with its own attribute list
 * @param mcgrp           the multicast group that carries the notification or event ({@code mcgrp})
 */
public record YnlOperation(String name, OptionalInt requestValue, OptionalInt replyValue,
                           Optional<String> attributeSet, Optional<String> fixedHeader, List<String> flags,
                           List<String> dontValidate, Optional<String> configCond, Optional<YnlHandler> doHandler,
                           Optional<YnlHandler> dumpHandler, Optional<String> notifies, Optional<YnlMessage> event,
                           Optional<String> mcgrp) {
    public YnlOperation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(requestValue, "requestValue");
        Objects.requireNonNull(replyValue, "replyValue");
        Objects.requireNonNull(attributeSet, "attributeSet");
        Objects.requireNonNull(fixedHeader, "fixedHeader");
        flags = List.copyOf(flags);
        dontValidate = List.copyOf(dontValidate);
        Objects.requireNonNull(configCond, "configCond");
        Objects.requireNonNull(doHandler, "doHandler");
        Objects.requireNonNull(dumpHandler, "dumpHandler");
        Objects.requireNonNull(notifies, "notifies");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(mcgrp, "mcgrp");
    }

    /** The operation's single id where requests and replies share it (always so with {@code unified} ids). */
    public OptionalInt value() {
        if (requestValue.isPresent() && replyValue.isPresent() && requestValue.getAsInt() == replyValue.getAsInt()) {
            return requestValue;
        }
        return OptionalInt.empty();
    }

    /** Whether user space can call it: it has a {@code do} or a {@code dump}. */
    public boolean isCall() {
        return doHandler.isPresent() || dumpHandler.isPresent();
    }

    /** Whether the kernel sends it unasked: it is a {@code notify} or an {@code event}. */
    public boolean isAsync() {
        return notifies.isPresent() || event.isPresent();
    }

    /** Whether it only reserves an id: neither a call nor asynchronous. */
    public boolean isReserved() {
        return !isCall() && !isAsync();
    }
}
