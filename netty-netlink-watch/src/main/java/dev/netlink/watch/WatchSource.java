package dev.netlink.watch;

import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import io.netty.util.concurrent.Future;

import java.util.function.Consumer;

/**
 * What a watch mirrors: a netlink protocol whose state can be dumped and whose changes are multicast, as
 * rtnetlink's {@code RTM_GETLINK} dump and {@code RTNLGRP_LINK} group. {@link Watches} has the rtnetlink ones.
 * Implementations are stateless or thread-safe; their methods run on the watch's event loop.
 *
 * @param <K> the key type
 * @param <V> the object type
 */
public interface WatchSource<K, V> {
    /** The netlink protocol ({@code NETLINK_ROUTE}: 0). */
    int protocol();

    /** The multicast groups that carry the changes, joined before the first dump. */
    int[] groups();

    /**
     * The object a notification describes, or {@code null} when the watch ignores it (another message type, a
     * bridge port's {@code RTM_NEWLINK}, a cloned route). {@code message} stays the caller's.
     */
    V notification(NetlinkMessage message);

    /** Whether {@code message}, which {@link #notification} read, says its object is gone. */
    boolean removal(NetlinkMessage message);

    /**
     * Whether {@code message}, which {@link #notification} read, replaced another object of its
     * {@link #group replace group}: {@code NLM_F_REPLACE} in a {@code RTM_NEW*} notification.
     */
    default boolean replace(NetlinkMessage message) {
        return message.hasFlags(NetlinkFlags.NLM_F_REPLACE);
    }

    /** The identity of {@code object}. */
    K key(V object);

    /**
     * The replace group of {@code object}: what one {@code NLM_F_REPLACE} replaces (a route's table, destination,
     * {@code tos} and priority, whatever its next hop); {@code null}, the default, for kinds whose key is the group.
     */
    default Object group(V object) {
        return null;
    }

    /** Whether two objects of one key are the same to the listener. */
    boolean same(V a, V b);

    /** Dumps everything on {@code socket}, each object to {@code parts} on the event loop as it arrives. */
    Future<Void> dump(NetlinkSocket socket, Consumer<? super V> parts);
}
