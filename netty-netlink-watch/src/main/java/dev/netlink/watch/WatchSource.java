package dev.netlink.watch;

import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.transport.SocketFilter;
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
     * What a notification says: {@code object} exists now, or is gone when {@code removed} (a removal, or a state the
     * watch leaves out, as a neighbour that fell back to {@code NUD_NONE}); when {@code replace}, it took the place
     * of the other object of its {@link #group replace group} ({@code NLM_F_REPLACE}).
     */
    record Change<V>(V object, boolean removed, boolean replace) {
    }

    /**
     * What {@code message} changes, or {@code null} when the watch ignores it (another message type, a bridge port's
     * {@code RTM_NEWLINK}, a cloned route). {@code message} stays the caller's.
     */
    Change<V> notification(NetlinkMessage message);

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

    /**
     * A classic BPF program for the socket, so that the kernel queues only what the watch reads
     * ({@code SO_ATTACH_FILTER}); {@code null}, the default, for none. It must let the dump's replies through.
     */
    default SocketFilter filter() {
        return null;
    }

    /** Dumps everything on {@code socket}, each object to {@code parts} on the event loop as it arrives. */
    Future<Void> dump(NetlinkSocket socket, Consumer<? super V> parts);
}
