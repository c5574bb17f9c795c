package dev.netlink.ynl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A YNL {@code struct} definition: a C struct carried in a binary attribute ({@code struct} of an attribute) or
 * as a message's {@code fixed-header}, such as {@code ifinfomsg}. Members sit one after the other as the spec
 * lists them; widths come from their types and {@code len}s. Immutable.
 *
 * @param name    the {@code name}
 * @param members the {@code members} in order
 * @param header  the C header that defines it, if named
 */
public record YnlStruct(String name, List<YnlStructMember> members, Optional<String> header)
        implements YnlDefinition {
    public YnlStruct {
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
        Objects.requireNonNull(header, "header");
    }

    /** The member of that name. */
    public Optional<YnlStructMember> member(String memberName) {
        return members.stream().filter(m -> m.name().equals(memberName)).findFirst();
    }
}
