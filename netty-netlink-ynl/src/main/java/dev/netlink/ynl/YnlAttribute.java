package dev.netlink.ynl;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One attribute of a YNL attribute set ({@code attribute-sets[].attributes[]}): an {@code nla_type} of the
 * family, its value assigned by YNL's rule (its own {@code value} if given, else one more than the attribute
 * before it, the first being 1); in a {@code subset-of} set, the full set's definition merged with the subset's
 * own keys, at the full set's value. Immutable.
 *
 * @param name             the {@code name}
 * @param type             the {@code type}; {@code unused} marks a reserved value
 * @param value            the attribute type number on the wire
 * @param multiAttr        {@code multi-attr}: the attribute may repeat, each occurrence one value
 * @param nestedAttributes the attribute set inside a {@code nest}, {@code indexed-array} or {@code nest-type-value}
 * @param subType          an {@code indexed-array}'s element type ({@code sub-type})
 * @param typeValue        a {@code nest-type-value}'s {@code type-value} names
 * @param enumType         the {@code enum} or {@code flags} definition of the value ({@code enum})
 * @param enumAsFlags      {@code enum-as-flags}: the enum's entries are bits of this attribute
 * @param byteOrder        the {@code byte-order} of an integer; empty means host order
 * @param displayHint      the {@code display-hint} ({@code hex}, {@code mac}, {@code fddi}, {@code ipv4},
 *                         {@code ipv6}, {@code uuid})
 * @param checks           the kernel's input {@code checks}
 * @param struct           the {@code struct} definition a binary attribute carries
 * @param subMessage       the {@code sub-message} definition of a {@code sub-message} attribute
 * @param selector         the sibling attribute whose value picks the sub-message's format ({@code selector})
 * @param namePrefix       the C prefix of the attribute's own enum values ({@code name-prefix}), if given
 */
public record YnlAttribute(String name, YnlType type, int value, boolean multiAttr,
                           Optional<String> nestedAttributes, Optional<YnlType> subType, List<String> typeValue,
                           Optional<String> enumType, boolean enumAsFlags, Optional<ByteOrder> byteOrder,
                           Optional<String> displayHint, YnlChecks checks, Optional<String> struct,
                           Optional<String> subMessage, Optional<String> selector, Optional<String> namePrefix) {
    public YnlAttribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(nestedAttributes, "nestedAttributes");
        Objects.requireNonNull(subType, "subType");
        typeValue = List.copyOf(typeValue);
        Objects.requireNonNull(enumType, "enumType");
        Objects.requireNonNull(byteOrder, "byteOrder");
        Objects.requireNonNull(displayHint, "displayHint");
        Objects.requireNonNull(checks, "checks");
        Objects.requireNonNull(struct, "struct");
        Objects.requireNonNull(subMessage, "subMessage");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(namePrefix, "namePrefix");
    }
}
