package dev.netlink.ynl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One of a YNL spec's {@code attribute-sets}: an attribute space (an {@code nla_type} numbering) of the family.
 * A {@code subset-of} set lists part of another set's attributes, for use in one nest; its attributes here are
 * already the full set's definitions (merged with the subset's own keys) at the full set's values. Immutable.
 *
 * @param name       the {@code name}
 * @param namePrefix the C prefix of the attributes' names ({@code name-prefix}), if given
 * @param subsetOf   the set this one is a subset of, if any
 * @param attributes the attributes in spec order
 */
public record YnlAttributeSet(String name, Optional<String> namePrefix, Optional<String> subsetOf,
                              List<YnlAttribute> attributes) {
    public YnlAttributeSet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namePrefix, "namePrefix");
        Objects.requireNonNull(subsetOf, "subsetOf");
        attributes = List.copyOf(attributes);
    }

    /** The attribute of that name. */
    public Optional<YnlAttribute> attribute(String attributeName) {
        return attributes.stream().filter(a -> a.name().equals(attributeName)).findFirst();
    }

    /** The attribute numbered {@code value} on the wire. */
    public Optional<YnlAttribute> attributeByValue(int value) {
        return attributes.stream().filter(a -> a.value() == value).findFirst();
    }
}
