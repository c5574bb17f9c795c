package dev.netlink.ynl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A YNL spec's {@code operations}: the family's commands or message types, numbered by YNL's rules.
 *
 * <p>With {@code enum-model: unified} each operation's id is its {@code value} if given, else one more than the
 * operation before it, the first being 1; requests and replies share it. With {@code directional}, requests and
 * replies are counted apart, each from 1: a {@code do} or {@code dump} takes the next request id and, if it has
 * a {@code reply}, the next reply id (the {@code request}/{@code reply} {@code value}s override them and the
 * count goes on from there); a notification or event takes the next reply id (or its {@code value}) and no
 * request id. Immutable.
 *
 * @param enumModel   the {@code enum-model}
 * @param namePrefix  the C prefix of the operations' names ({@code name-prefix}), if given
 * @param asyncPrefix the C prefix of notifications and events ({@code async-prefix}), if given
 * @param fixedHeader the family's default {@code fixed-header} struct, if any
 * @param list        the operations in spec order
 */
public record YnlOperations(YnlEnumModel enumModel, Optional<String> namePrefix, Optional<String> asyncPrefix,
                            Optional<String> fixedHeader, List<YnlOperation> list) {
    public YnlOperations {
        Objects.requireNonNull(enumModel, "enumModel");
        Objects.requireNonNull(namePrefix, "namePrefix");
        Objects.requireNonNull(asyncPrefix, "asyncPrefix");
        Objects.requireNonNull(fixedHeader, "fixedHeader");
        list = List.copyOf(list);
    }

    /** The operation of that name. */
    public Optional<YnlOperation> operation(String name) {
        return list.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /** The first operation whose messages to the kernel have id {@code value}. */
    public Optional<YnlOperation> byRequestValue(int value) {
        return list.stream().filter(o -> o.requestValue().isPresent() && o.requestValue().getAsInt() == value)
                .findFirst();
    }

    /** The first operation whose messages from the kernel have id {@code value}. */
    public Optional<YnlOperation> byReplyValue(int value) {
        return list.stream().filter(o -> o.replyValue().isPresent() && o.replyValue().getAsInt() == value)
                .findFirst();
    }
}
