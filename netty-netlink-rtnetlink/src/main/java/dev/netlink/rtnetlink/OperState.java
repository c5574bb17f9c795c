package dev.netlink.rtnetlink;

/**
 * A link's RFC 2863 operational state, {@code IFLA_OPERSTATE} ({@code enum if_oper_state} of
 * {@code linux/if.h}, which the YNL spec leaves a plain {@code u8}), as {@code ip link} names it.
 */
public enum OperState {
    /** {@code IF_OPER_UNKNOWN} (0). */
    UNKNOWN,
    /** {@code IF_OPER_NOTPRESENT} (1). */
    NOTPRESENT,
    /** {@code IF_OPER_DOWN} (2). */
    DOWN,
    /** {@code IF_OPER_LOWERLAYERDOWN} (3). */
    LOWERLAYERDOWN,
    /** {@code IF_OPER_TESTING} (4). */
    TESTING,
    /** {@code IF_OPER_DORMANT} (5). */
    DORMANT,
    /** {@code IF_OPER_UP} (6). */
    UP;

    /** The state of number {@code value}; {@link #UNKNOWN} for a number past the known ones. */
    public static OperState of(int value) {
        OperState[] all = values();
        return value >= 0 && value < all.length ? all[value] : UNKNOWN;
    }
}
