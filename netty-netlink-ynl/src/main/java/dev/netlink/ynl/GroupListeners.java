package dev.netlink.ynl;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A YNL family's {@link YnlFamily#subscribe} listeners by multicast group number, and the rule that hands a
 * notification to them: to its group's listener, or to every listener when the kernel did not say the group
 * ({@code NETLINK_PKTINFO} off: group 0). Thread-safe; listeners run on the event loop.
 */
final class GroupListeners {
    private final Map<Integer, Consumer<? super YnlNotification>> byGroup = new ConcurrentHashMap<>();

    void put(int group, Consumer<? super YnlNotification> listener) {
        byGroup.put(group, listener);
    }

    void remove(int group, Consumer<? super YnlNotification> listener) {
        byGroup.remove(group, listener);
    }

    void remove(int group) {
        byGroup.remove(group);
    }

    /** Hands the notification of group {@code group} to whom it is for; {@code decode} runs only if someone is. */
    void dispatch(int group, Supplier<YnlNotification> decode) {
        if (byGroup.isEmpty() || group != 0 && !byGroup.containsKey(group)) {
            return;
        }
        YnlNotification n = decode.get();
        Consumer<? super YnlNotification> listener = byGroup.get(group);
        if (listener != null) {
            listener.accept(n);
        } else if (group == 0) {
            byGroup.values().forEach(l -> l.accept(n));
        }
    }
}
