package dev.netlink.ynl;

import java.util.Optional;

/**
 * Checks that every name a spec refers to is defined in it: nested attribute sets, sub-messages, structs and
 * enums of attributes and members, sub-message formats' sets and headers, operations' attribute sets, fixed
 * headers and multicast groups. A dangling name fails the load at its key path, not later where it is used.
 * Package-private, stateless.
 */
final class SpecReferences {
    private SpecReferences() {
    }

    static void check(YnlSpec spec) {
        for (YnlDefinition definition : spec.definitions()) {
            if (definition instanceof YnlStruct struct) {
                for (YnlStructMember member : struct.members()) {
                    String at = "definitions[" + struct.name() + "].members[" + member.name() + "].";
                    enumType(spec, at + "enum", member.enumType());
                    struct(spec, at + "struct", member.struct());
                }
            }
        }
        for (YnlAttributeSet set : spec.attributeSets()) {
            for (YnlAttribute attribute : set.attributes()) {
                String at = "attribute-sets[" + set.name() + "].attributes[" + attribute.name() + "].";
                attributeSet(spec, at + "nested-attributes", attribute.nestedAttributes());
                enumType(spec, at + "enum", attribute.enumType());
                struct(spec, at + "struct", attribute.struct());
                if (attribute.subMessage().isPresent() && spec.subMessage(attribute.subMessage().get()).isEmpty()) {
                    throw missing(spec, at + "sub-message", "sub-message", attribute.subMessage().get());
                }
            }
        }
        for (YnlSubMessage subMessage : spec.subMessages()) {
            for (YnlSubMessageFormat format : subMessage.formats()) {
                String at = "sub-messages[" + subMessage.name() + "].formats[" + format.value() + "].";
                attributeSet(spec, at + "attribute-set", format.attributeSet());
                struct(spec, at + "fixed-header", format.fixedHeader());
            }
        }
        struct(spec, "operations.fixed-header", spec.operations().fixedHeader());
        for (YnlOperation operation : spec.operations().list()) {
            String at = "operations.list[" + operation.name() + "].";
            attributeSet(spec, at + "attribute-set", operation.attributeSet());
            struct(spec, at + "fixed-header", operation.fixedHeader());
            if (operation.mcgrp().isPresent() && spec.mcastGroup(operation.mcgrp().get()).isEmpty()) {
                throw missing(spec, at + "mcgrp", "multicast group", operation.mcgrp().get());
            }
        }
    }

    private static void attributeSet(YnlSpec spec, String path, Optional<String> name) {
        if (name.isPresent() && spec.attributeSet(name.get()).isEmpty()) {
            throw missing(spec, path, "attribute set", name.get());
        }
    }

    private static void struct(YnlSpec spec, String path, Optional<String> name) {
        if (name.isPresent() && spec.struct(name.get()).isEmpty()) {
            throw missing(spec, path, "struct definition", name.get());
        }
    }

    private static void enumType(YnlSpec spec, String path, Optional<String> name) {
        if (name.isPresent() && spec.enumeration(name.get()).isEmpty()) {
            throw missing(spec, path, "enum or flags definition", name.get());
        }
    }

    private static YnlSpecException missing(YnlSpec spec, String path, String what, String name) {
        return new YnlSpecException(spec.source(), path, "no " + what + " named '" + name + "' in this spec");
    }
}
