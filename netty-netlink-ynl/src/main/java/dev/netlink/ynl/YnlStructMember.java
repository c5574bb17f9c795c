package dev.netlink.ynl;

import java.nio.ByteOrder;
import java.util.Objects;
import java.util.Optional;

/**
 * One of the {@code members} of a YNL {@code struct} definition, in the order they sit in the C struct.
 * Immutable.
 *
 * @param name        the {@code name}
 * @param type        the {@code type}: {@code u8}..{@code s64}, {@code string}, {@code binary} (with a {@code len}
 *                    or a {@code struct}) or, in netlink-raw, {@code pad}
 * @param len         the {@code len} of a binary, string or pad member, if given
 * @param byteOrder   the {@code byte-order}; empty means host order
 * @param enumType    the definition named by {@code enum}, if any
 * @param enumAsFlags {@code enum-as-flags}: the enum's entries are bits of this member
 * @param displayHint the {@code display-hint} ({@code hex}, {@code mac}, {@code fddi}, {@code ipv4}, {@code ipv6},
 *                    {@code uuid}), if given
 * @param struct      the nested struct named by {@code struct}, if any
 */
public record YnlStructMember(String name, YnlType type, Optional<YnlValue> len, Optional<ByteOrder> byteOrder,
                              Optional<String> enumType, boolean enumAsFlags, Optional<String> displayHint,
                              Optional<String> struct) {
    public YnlStructMember {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(len, "len");
        Objects.requireNonNull(byteOrder, "byteOrder");
        Objects.requireNonNull(enumType, "enumType");
        Objects.requireNonNull(displayHint, "displayHint");
        Objects.requireNonNull(struct, "struct");
    }
}
