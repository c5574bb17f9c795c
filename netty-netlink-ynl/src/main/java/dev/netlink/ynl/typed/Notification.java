package dev.netlink.ynl.typed;

import java.util.Objects;

/**
 * A message a netlink-raw family's multicast group carried ({@code RTM_NEWLINK} on {@code rtnlgrp-link}),
 * decoded into the family's generated message record. Immutable.
 *
 * @param op          the operation whose request has the message's type ({@code newlink}, {@code dellink}), or
 *                    whose reply has it when no request does; empty when the spec knows neither
 * @param messageType the {@code nlmsg_type}
 * @param message     the decoded message
 * @param <M>         the message record
 */
public record Notification<M>(String op, int messageType, M message) {
    public Notification {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(message, "message");
    }
}
