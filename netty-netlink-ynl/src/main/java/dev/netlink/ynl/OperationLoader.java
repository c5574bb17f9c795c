package dev.netlink.ynl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads a spec's {@code operations}: assigns each operation its request and reply ids by the {@code enum-model}
 * (see {@link YnlOperations} for the rules, which follow the kernel's {@code tools/net/ynl} loader), takes the
 * family's default {@code fixed-header} where an operation has none, and gives a notification without its own
 * {@code attribute-set} the notified operation's. Package-private; one instance reads one file.
 */
final class OperationLoader {
    private final SpecNode operations;

    OperationLoader(SpecNode operations) {
        this.operations = operations;
    }

    YnlOperations load() {
        String modelName = operations.optString("enum-model").orElse(YnlEnumModel.UNIFIED.yamlName());
        YnlEnumModel model = YnlEnumModel.ofYamlName(modelName);
        if (model == null) {
            throw operations.error("enum-model", "expected unified or directional, got '" + modelName + "'");
        }
        Optional<String> defaultHeader = operations.optString("fixed-header");
        List<SpecNode> nodes = operations.nodes("list");
        Map<String, SpecNode> byName = new HashMap<>();
        for (SpecNode node : nodes) {
            byName.putIfAbsent(node.string("name"), node);
        }
        List<YnlOperation> list = new ArrayList<>(nodes.size());
        int nextRequest = 1;
        int nextReply = 1;
        for (SpecNode node : nodes) {
            OptionalInt request;
            OptionalInt reply;
            if (model == YnlEnumModel.UNIFIED) {
                int value = node.optUint("value").orElse(nextRequest);
                request = OptionalInt.of(value);
                reply = request;
                nextRequest = value + 1;
            } else if (node.has("notify") || node.has("event")) {
                int value = node.optUint("value").orElse(nextReply);
                request = OptionalInt.empty();
                reply = OptionalInt.of(value);
                nextReply = value + 1;
            } else if (node.has("do") || node.has("dump")) {
                SpecNode mode = node.node(node.has("do") ? "do" : "dump");
                nextRequest = nonZero(mode.node("request").optUint("value")).orElse(nextRequest);
                request = OptionalInt.of(nextRequest++);
                if (mode.has("reply")) {
                    nextReply = nonZero(mode.node("reply").optUint("value")).orElse(nextReply);
                    reply = OptionalInt.of(nextReply++);
                } else {
                    reply = OptionalInt.empty();
                }
            } else {
                throw node.error("a directional operation needs a do, a dump, a notify or an event");
            }
            list.add(operation(node, request, reply, attributeSet(node, byName), defaultHeader));
        }
        return new YnlOperations(model, operations.optString("name-prefix"), operations.optString("async-prefix"),
                defaultHeader, list);
    }

    /** A message {@code value} of 0 does not override the count (the kernel's loader reads it so too). */
    private static OptionalInt nonZero(OptionalInt value) {
        return value.isPresent() && value.getAsInt() == 0 ? OptionalInt.empty() : value;
    }

    private static Optional<String> attributeSet(SpecNode node, Map<String, SpecNode> byName) {
        Optional<String> own = node.optString("attribute-set");
        if (own.isPresent() || !node.has("notify")) {
            return own;
        }
        String notified = node.string("notify");
        SpecNode target = byName.get(notified);
        if (target == null) {
            throw node.error("notify", "no operation named '" + notified + "'");
        }
        return target.optString("attribute-set");
    }

    private static YnlOperation operation(SpecNode node, OptionalInt request, OptionalInt reply,
                                          Optional<String> attributeSet, Optional<String> defaultHeader) {
        Optional<String> fixedHeader = node.optString("fixed-header");
        return new YnlOperation(node.string("name"), request, reply, attributeSet,
                fixedHeader.isPresent() ? fixedHeader : defaultHeader, node.strings("flags"),
                node.strings("dont-validate"), node.optString("config-cond"), handler(node, "do"),
                handler(node, "dump"), node.optString("notify"),
                node.has("event") ? Optional.of(message(node.node("event"))) : Optional.empty(),
                node.optString("mcgrp"));
    }

    private static Optional<YnlHandler> handler(SpecNode node, String key) {
        if (!node.has(key)) {
            return Optional.empty();
        }
        SpecNode handler = node.node(key);
        return Optional.of(new YnlHandler(
                handler.has("request") ? Optional.of(message(handler.node("request"))) : Optional.empty(),
                handler.has("reply") ? Optional.of(message(handler.node("reply"))) : Optional.empty()));
    }

    private static YnlMessage message(SpecNode message) {
        return new YnlMessage(message.optUint("value"), message.strings("attributes"));
    }
}
