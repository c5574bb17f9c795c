package dev.netlink.watch;

import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.ynl.YnlFamily;
import dev.netlink.ynl.YnlNotification;
import dev.netlink.ynl.YnlOperation;
import io.netty.util.concurrent.Future;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link WatchSource} of any YNL family whose spec pairs a dump with notifications: the operations that say
 * {@code notify: <the dump's operation>} (netdev's {@code dev-add-ntf}, {@code dev-del-ntf}, {@code dev-change-ntf}
 * for {@code dev-get}), and the multicast groups they name in {@code mcgrp} ({@code mgmt}). Objects are the family's
 * decoded maps ({@link YnlFamily}'s Java values), the same from a dump part and from a notification, which repeats
 * the dump's reply. Stateless past its construction; runs on the family's event loop.
 *
 * @param <K> the key type
 */
final class FamilySource<K> implements WatchSource<K, Map<String, Object>> {
    private final YnlFamily family;
    private final String dump;
    private final int[] groups;
    private final Set<String> notifications;
    private final Set<String> removals;
    private final Function<? super Map<String, Object>, ? extends K> key;

    private FamilySource(YnlFamily family, String dump, int[] groups, Set<String> notifications,
                         Set<String> removals, Function<? super Map<String, Object>, ? extends K> key) {
        this.family = family;
        this.dump = dump;
        this.groups = groups;
        this.notifications = notifications;
        this.removals = removals;
        this.key = key;
    }

    /**
     * The source of {@code family}'s operation {@code dump}, whose notifications named in {@code removals} say an
     * object is gone.
     *
     * @throws IllegalArgumentException when the spec has no such dump, pairs no notification with it, or
     *                                  {@code removals} names an operation that is not one of them
     */
    static <K> FamilySource<K> of(YnlFamily family, String dump, Set<String> removals,
                                  Function<? super Map<String, Object>, ? extends K> key) {
        String name = family.spec().name();
        if (family.spec().operations().operation(dump).flatMap(YnlOperation::dumpHandler).isEmpty()) {
            throw new IllegalArgumentException(name + " has no dump \"" + dump + "\"");
        }
        List<YnlOperation> notifying = family.spec().operations().list().stream()
                .filter(o -> o.notifies().filter(dump::equals).isPresent() && o.mcgrp().isPresent()).toList();
        if (notifying.isEmpty()) {
            throw new IllegalArgumentException(name + "'s spec pairs no notification (notify: " + dump
                    + ", mcgrp: ...) with dump \"" + dump + "\"");
        }
        Set<String> names = Set.copyOf(notifying.stream().map(YnlOperation::name).toList());
        for (String r : removals) {
            if (!names.contains(r)) {
                throw new IllegalArgumentException("\"" + r + "\" is not one of " + name + "'s notifications of "
                        + dump + ": " + names);
            }
        }
        int[] groups = notifying.stream().map(o -> o.mcgrp().orElseThrow()).distinct()
                .mapToInt(family::groupId).toArray();
        return new FamilySource<>(family, dump, groups, names, Set.copyOf(removals), Objects.requireNonNull(key));
    }

    @Override
    public int protocol() {
        return family.socket().protocol();
    }

    @Override
    public int[] groups() {
        return groups.clone();
    }

    @Override
    public Change<Map<String, Object>> notification(NetlinkMessage message) {
        Optional<YnlNotification> n = family.notification(message);
        String op = n.flatMap(YnlNotification::operation).orElse(null);
        if (op == null || !notifications.contains(op)) {
            return null; // another family's, another group's, or an operation the spec does not know
        }
        return new Change<>(n.get().attributes(), removals.contains(op), false);
    }

    @Override
    public K key(Map<String, Object> object) {
        return key.apply(object);
    }

    @Override
    public boolean same(Map<String, Object> a, Map<String, Object> b) {
        return a.equals(b);
    }

    @Override
    public Future<Void> dump(NetlinkSocket socket, Consumer<? super Map<String, Object>> parts) {
        return family.dump(dump, Map.of(), parts); // on the family's socket, which is the watch's
    }
}
