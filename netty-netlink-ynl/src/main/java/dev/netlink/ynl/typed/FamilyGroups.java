package dev.netlink.ynl.typed;

import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.genl.GenericNetlinkSocket;
import dev.netlink.genl.MulticastGroup;
import dev.netlink.ynl.YnlMcastGroup;
import dev.netlink.ynl.YnlSpec;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The multicast groups a {@link FamilySocket} has joined and who takes their messages: a handler per group and
 * message id, the group resolved by name (nlctrl's id for generic netlink, the spec's {@code value} for
 * netlink-raw). Thread-safe; notifications are dispatched on the event loop.
 */
final class FamilyGroups {
    /** The message id of a handler that takes every message of its group. */
    static final int ANY = -1;

    private final YnlSpec spec;
    private final NetlinkSocket socket;
    private final GenericNetlinkSocket genl;
    /** Handlers by {@code group << 32 | message id}. */
    private final Map<Long, Consumer<NetlinkMessage>> handlers = new ConcurrentHashMap<>();

    FamilyGroups(YnlSpec spec, NetlinkSocket socket, GenericNetlinkSocket genl) {
        this.spec = spec;
        this.socket = socket;
        this.genl = genl;
    }

    /**
     * Hands {@code group}'s messages of id {@code messageId} ({@link #ANY}: all of them) to {@code handler}, then
     * joins the group; the handler is forgotten when joining fails.
     */
    Future<Void> join(String group, int messageId, Consumer<NetlinkMessage> handler) {
        int id;
        try {
            id = groupId(group);
        } catch (IllegalArgumentException e) {
            return socket.<Void>newPromise().setFailure(e);
        }
        long key = (long) id << 32 | (messageId & 0xffffffffL);
        handlers.put(key, handler); // before joining, so that nothing sent after the join is missed
        Promise<Void> result = socket.newPromise();
        Future<Void> joined = genl != null ? genl.addMembership(group) : socket.addMembership(id);
        joined.addListener(f -> {
            if (f.isSuccess()) {
                result.trySuccess(null);
            } else {
                handlers.remove(key);
                result.tryFailure(f.cause());
            }
        });
        return result;
    }

    /** Leaves multicast group {@code group} and forgets its handlers. */
    Future<Void> leave(String group) {
        int id;
        try {
            id = groupId(group);
        } catch (IllegalArgumentException e) {
            return socket.<Void>newPromise().setFailure(e);
        }
        handlers.keySet().removeIf(k -> (int) (k >>> 32) == id);
        return genl != null ? genl.dropMembership(group) : socket.dropMembership(id);
    }

    private int groupId(String group) {
        if (genl != null) {
            return genl.family().mcastGroup(group).map(MulticastGroup::id).orElseThrow(() ->
                    new IllegalArgumentException(spec.name() + " has no multicast group \"" + group + "\"; it has "
                            + genl.family().mcastGroups().stream().map(MulticastGroup::name).toList()));
        }
        return spec.mcastGroup(group).filter(g -> g.value().isPresent()).map(g -> g.value().getAsInt())
                .orElseThrow(() -> new IllegalArgumentException(spec.name() + " has no multicast group \"" + group
                        + "\"; it has " + spec.mcastGroups().stream().map(YnlMcastGroup::name).toList()));
    }

    /** Hands a notification to the handler of its group and id (a genl command, a netlink-raw type), if any. */
    void dispatch(NetlinkMessage m) {
        if (handlers.isEmpty()) {
            return;
        }
        int id = genl != null ? m.content().getUnsignedByte(m.content().readerIndex()) : m.type();
        long group = (long) m.group() << 32;
        Consumer<NetlinkMessage> h = handlers.get(group | id);
        if (h == null) {
            h = handlers.get(group | (ANY & 0xffffffffL));
        }
        if (h == null && m.group() == 0) {
            h = handlers.entrySet().stream().filter(e -> (int) (long) e.getKey() == id).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
        if (h != null) {
            h.accept(m);
        }
    }
}
