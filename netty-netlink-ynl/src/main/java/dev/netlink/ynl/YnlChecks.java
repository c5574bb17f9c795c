package dev.netlink.ynl;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code checks} of a YNL attribute: the kernel's input validation of it (its {@code struct nla_policy}),
 * which a client applies before sending. Immutable.
 *
 * @param min           {@code min}: the least integer value
 * @param max           {@code max}: the greatest integer value
 * @param minLen        {@code min-len}: the least length of a binary or string
 * @param maxLen        {@code max-len}: the greatest length of a binary or string
 * @param exactLen      {@code exact-len}: the only length allowed
 * @param flagsMask     {@code flags-mask}: the {@code flags} definition whose bits are the only ones allowed
 * @param unterminatedOk {@code unterminated-ok}: a string need not end with a NUL
 */
public record YnlChecks(Optional<YnlValue> min, Optional<YnlValue> max, Optional<YnlValue> minLen,
                        Optional<YnlValue> maxLen, Optional<YnlValue> exactLen, Optional<String> flagsMask,
                        boolean unterminatedOk) {
    /** No checks. */
    public static final YnlChecks NONE = new YnlChecks(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), false);

    public YnlChecks {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(minLen, "minLen");
        Objects.requireNonNull(maxLen, "maxLen");
        Objects.requireNonNull(exactLen, "exactLen");
        Objects.requireNonNull(flagsMask, "flagsMask");
    }

    /** Whether there is no check at all. */
    public boolean isEmpty() {
        return equals(NONE);
    }
}
