package dev.netlink.ynl;

import java.util.Optional;

/**
 * One item of a YNL spec's {@code definitions}: a {@code const} ({@link YnlConst}), an {@code enum} or
 * {@code flags} ({@link YnlEnum}), or a {@code struct} ({@link YnlStruct}). Every implementation is immutable.
 */
public sealed interface YnlDefinition permits YnlConst, YnlEnum, YnlStruct {
    /** The definition's {@code name}, by which attributes, members and operations refer to it. */
    String name();

    /** The C header that already defines it ({@code header}), if the spec names one. */
    Optional<String> header();
}
