package dev.netlink.ynl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Turns one parsed spec file into a {@link YnlSpec}: the header comments, the family keys, the definitions
 * (enum entries numbered, {@code value-start} resolved), the sub-messages and the multicast groups; attribute sets
 * and operations are read by {@link AttributeSetLoader} and {@link OperationLoader}, and every reference is checked
 * by {@link SpecReferences}. Package-private; one instance reads one file.
 */
final class SpecLoader {
    static final String SPDX = "# SPDX-License-Identifier: ";
    static final String PROVENANCE = "# Provenance: ";

    private final SpecNode root;
    private final Map<String, YnlConst> constants = new HashMap<>();

    private SpecLoader(SpecNode root) {
        this.root = root;
    }

    static YnlSpec load(String source, String text) {
        SpecLoader loader = new SpecLoader(SpecNode.root(source, SpecYaml.parse(source, text)));
        YnlSpec spec = loader.spec(headerLine(text, SPDX), headerLine(text, PROVENANCE));
        SpecReferences.check(spec);
        return spec;
    }

    /** The text after {@code prefix} on one of the comment lines that open the file. */
    private static Optional<String> headerLine(String text, String prefix) {
        for (String line : (Iterable<String>) text.lines()::iterator) {
            String stripped = line.strip();
            if (!stripped.startsWith("#")) {
                break;
            }
            if (stripped.startsWith(prefix)) {
                return Optional.of(stripped.substring(prefix.length()).strip());
            }
        }
        return Optional.empty();
    }

    private YnlSpec spec(Optional<String> license, Optional<String> provenance) {
        String name = root.string("name");
        String protocolName = root.optString("protocol").orElse(YnlProtocol.GENETLINK.yamlName());
        YnlProtocol protocol = YnlProtocol.ofYamlName(protocolName);
        if (protocol == null) {
            throw root.error("protocol",
                    "expected genetlink, genetlink-c, genetlink-legacy or netlink-raw, got '" + protocolName + "'");
        }
        OptionalInt version = root.optUint("version");
        List<YnlDefinition> definitions = definitions();
        List<YnlAttributeSet> attributeSets = new AttributeSetLoader(root).load();
        if (!root.has("operations")) {
            throw root.error("operations", "required");
        }
        return new YnlSpec(root.source(), license, provenance, name, protocol, root.optUint("protonum"),
                root.optString("uapi-header"), version.orElse(1), root.optString("kernel-policy"), definitions,
                attributeSets, subMessages(), new OperationLoader(root.node("operations")).load(), mcastGroups());
    }

    private List<YnlDefinition> definitions() {
        List<SpecNode> nodes = root.nodes("definitions");
        for (SpecNode node : nodes) {
            if ("const".equals(node.map().get("type"))) {
                YnlConst constant = new YnlConst(node.string("name"),
                        node.optValue("value").orElseThrow(() -> node.error("value", "required for a const")),
                        node.optString("header"));
                constants.putIfAbsent(constant.name(), constant);
            }
        }
        List<YnlDefinition> definitions = new ArrayList<>(nodes.size());
        for (SpecNode node : nodes) {
            String name = node.string("name");
            String type = node.string("type");
            definitions.add(switch (type) {
                case "const" -> constants.get(name);
                case "enum", "flags" -> enumeration(node, name, type.equals("flags"));
                case "struct" -> struct(node, name);
                default -> throw node.error("type", "expected const, enum, flags or struct, got '" + type + "'");
            });
        }
        return definitions;
    }

    private YnlEnum enumeration(SpecNode node, String name, boolean flags) {
        long start = node.optValue("value-start").map(v -> resolve(node, "value-start", v)).orElse(0L);
        List<?> rawEntries = node.rawList("entries");
        List<YnlEnumEntry> entries = new ArrayList<>(rawEntries.size());
        long next = start;
        for (int i = 0; i < rawEntries.size(); i++) {
            Object raw = rawEntries.get(i);
            String entryName;
            long value = next;
            if (raw instanceof String s) {
                entryName = s;
            } else if (raw instanceof Map<?, ?> map) {
                SpecNode entry = node.withMap(map);
                if (!(map.get("name") instanceof String s)) {
                    throw node.error("entries[" + i + "].name", "a string is required");
                }
                entryName = s;
                Optional<Long> own;
                try {
                    own = entry.optLong("value");
                } catch (YnlSpecException e) {
                    throw node.error("entries[" + s + "].value", "expected an integer, got "
                            + SpecNode.describe(map.get("value")));
                }
                if (own.isPresent()) {
                    value = own.get();
                }
            } else {
                throw node.error("entries[" + i + "]", "expected a name or a mapping, got " + SpecNode.describe(raw));
            }
            entries.add(new YnlEnumEntry(entryName, value, flags));
            next = value + 1;
        }
        return new YnlEnum(name, flags, start, entries, node.optString("name-prefix"), node.optString("header"));
    }

    private YnlStruct struct(SpecNode node, String name) {
        List<YnlStructMember> members = new ArrayList<>();
        for (SpecNode member : node.nodes("members")) {
            members.add(new YnlStructMember(member.string("name"), YnlType.valueOf(member.string("type")),
                    member.optValue("len"), member.optByteOrder("byte-order"), member.optString("enum"),
                    member.flag("enum-as-flags"), member.optString("display-hint"), member.optString("struct")));
        }
        return new YnlStruct(name, members, node.optString("header"));
    }

    private long resolve(SpecNode node, String key, YnlValue value) {
        try {
            return resolve(value, new HashSet<>());
        } catch (IllegalArgumentException e) {
            throw node.error(key, "cannot resolve '" + value + "': " + e.getMessage());
        }
    }

    private long resolve(YnlValue value, Set<String> visiting) {
        return value.resolve(name -> {
            YnlConst constant = constants.get(name);
            if (constant == null) {
                return null;
            }
            if (!visiting.add(name)) {
                throw new IllegalArgumentException("const '" + name + "' is defined by itself");
            }
            return resolve(constant.value(), visiting);
        });
    }

    private List<YnlSubMessage> subMessages() {
        List<YnlSubMessage> subMessages = new ArrayList<>();
        for (SpecNode node : root.nodes("sub-messages")) {
            List<YnlSubMessageFormat> formats = new ArrayList<>();
            for (SpecNode format : node.nodes("formats")) {
                formats.add(new YnlSubMessageFormat(
                        format.optScalarText("value").orElseThrow(() -> format.error("value", "required")),
                        format.optString("fixed-header"), format.optString("attribute-set")));
            }
            subMessages.add(new YnlSubMessage(node.string("name"), formats));
        }
        return subMessages;
    }

    private List<YnlMcastGroup> mcastGroups() {
        List<YnlMcastGroup> groups = new ArrayList<>();
        for (SpecNode node : root.node("mcast-groups").nodes("list")) {
            groups.add(new YnlMcastGroup(node.string("name"), node.optUint("value"), node.strings("flags")));
        }
        return groups;
    }
}
