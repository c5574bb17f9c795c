package dev.netlink.ynl;

import dev.netlink.client.NetlinkRequest;
import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.MalformedNetlinkException;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.attr.AttributeWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link YnlFamily} of a netlink-raw protocol (rtnetlink and the like): each operation's request sent on a
 * {@link NetlinkSocket} of the spec's {@code protonum} as a message of the operation's request type
 * ({@code RTM_GETLINK}), its fixed header struct ({@code ifinfomsg}) first and the attributes after it, with the
 * operation's schema so that errors name attributes; replies and notifications decoded by their message type.
 * A {@code do} of a {@code new*} operation asks {@code NLM_F_CREATE | NLM_F_EXCL}, as {@code ip ... add} does,
 * unless the caller gives other creation flags ({@link YnlFamily#request(String, Map, int)}).
 * Thread-safe; see {@link YnlFamily}.
 */
final class RawYnlFamily implements YnlFamily {
    /** The flags that say how a {@code new*} request treats an existing object. */
    private static final int CREATION_FLAGS = NetlinkFlags.NLM_F_REPLACE | NetlinkFlags.NLM_F_EXCL
            | NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_APPEND;
    private final YnlOperationCodec codec;
    private final NetlinkSocket socket;
    private final boolean owned;
    /** Listeners by multicast group number ({@code RTNLGRP_*}). */
    private final Map<Integer, Consumer<? super YnlNotification>> listeners = new ConcurrentHashMap<>();
    /** How many dos with {@code NLM_F_ECHO} wait for their acknowledgement. */
    private final AtomicInteger echoing = new AtomicInteger();
    /**
     * The objects the kernel echoed, by the sequence number of the do they answer. rtnetlink's echo
     * ({@code nlmsg_notify}) is the multicast notification's buffer sent to us alone, so it arrives marked with the
     * group, and the socket passes it on as a notification; it comes before the do's acknowledgement.
     */
    private final Map<Integer, Map<String, Object>> echoes = new ConcurrentHashMap<>();

    /** A family on {@code socket}; {@code owned} says whether closing the family closes the socket. */
    RawYnlFamily(YnlOperationCodec codec, NetlinkSocket socket, boolean owned) {
        this.codec = codec;
        this.socket = socket;
        this.owned = owned;
        socket.onNotification(this::dispatch);
    }

    @Override
    public YnlSpec spec() {
        return codec.spec();
    }

    @Override
    public Future<Map<String, Object>> request(String op, Map<String, ?> attrs) {
        return request(op, attrs, 0);
    }

    @Override
    public Future<Map<String, Object>> request(String op, Map<String, ?> attrs, int flags) {
        Promise<Map<String, Object>> result = socket.newPromise();
        NetlinkRequest request;
        YnlOperation operation;
        int given;
        try {
            operation = codec.operation(op);
            given = codec.doFlags(operation, flags);
            if (operation.name().startsWith("new") && (given & CREATION_FLAGS) == 0) {
                given |= NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_EXCL;
            }
            request = newRequest(operation, false, attrs, given);
        } catch (RuntimeException e) {
            return result.setFailure(e);
        }
        if ((given & NetlinkFlags.NLM_F_ECHO) == 0) {
            YnlReplies.completeDo(socket.request(request), result, codec.spec().name(), op, m -> decode(operation, m));
            return result;
        }
        NetlinkMessage sent = request.message();
        echoing.incrementAndGet();
        Promise<Map<String, Object>> acked = socket.newPromise();
        YnlReplies.completeDo(socket.request(request), acked, codec.spec().name(), op, m -> decode(operation, m));
        acked.addListener(f -> {
            echoing.decrementAndGet();
            Map<String, Object> echo = echoes.remove(sent.sequence());
            if (!f.isSuccess()) {
                result.tryFailure(f.cause());
            } else {
                result.trySuccess(acked.getNow().isEmpty() && echo != null ? echo : acked.getNow());
            }
        });
        return result;
    }

    @Override
    public Future<List<Map<String, Object>>> dump(String op, Map<String, ?> attrs) {
        return YnlReplies.collect(socket.newPromise(), parts -> dump(op, attrs, parts));
    }

    @Override
    public Future<Void> dump(String op, Map<String, ?> attrs, Consumer<? super Map<String, Object>> consumer) {
        NetlinkRequest request;
        try {
            YnlOperation operation = codec.operation(op);
            request = newRequest(operation, true, attrs, NetlinkFlags.NLM_F_DUMP);
            request.consumer(m -> consumer.accept(decode(operation, m)));
        } catch (RuntimeException e) {
            return socket.<Void>newPromise().setFailure(e);
        }
        return socket.execute(request);
    }

    /**
     * The request of {@code op}: its fixed header, padded to {@code NLMSG_ALIGN}, then its attributes; named by
     * the operation's schema.
     */
    private NetlinkRequest newRequest(YnlOperation op, boolean dump, Map<String, ?> attrs, int flags) {
        int size = codec.headerSize(op);
        YnlOperationCodec.Request r = codec.request(op, dump, attrs, size);
        ByteBuf payload = Unpooled.buffer();
        try {
            payload.writeBytes(r.header());
            payload.writeZero(NetlinkMessage.align(size) - size);
            r.attributes().accept(new AttributeWriter(payload));
        } catch (RuntimeException e) {
            payload.release();
            throw e;
        }
        return socket.newRequest(r.cmd(), payload, flags).schema(codec.schema(op), NetlinkMessage.align(size));
    }

    @Override
    public Future<Void> subscribe(String group, Consumer<? super YnlNotification> listener) {
        Promise<Void> result = socket.newPromise();
        int value;
        try {
            value = groupValue(group);
        } catch (IllegalArgumentException e) {
            return result.setFailure(e);
        }
        listen(value, listener); // before joining, so that nothing sent after the join is missed
        Future<Void> joined;
        try {
            joined = socket.addMembership(value);
        } catch (RuntimeException e) {
            listeners.remove(value, listener);
            return result.setFailure(e);
        }
        joined.addListener(f -> {
            if (f.isSuccess()) {
                result.trySuccess(null);
            } else {
                listeners.remove(value, listener);
                result.tryFailure(f.cause());
            }
        });
        return result;
    }

    /** Hands the notifications of group number {@code group} to {@code listener}, without joining it. */
    void listen(int group, Consumer<? super YnlNotification> listener) {
        listeners.put(group, listener);
    }

    @Override
    public Future<Void> unsubscribe(String group) {
        int value;
        try {
            value = groupValue(group);
        } catch (IllegalArgumentException e) {
            return socket.<Void>newPromise().setFailure(e);
        }
        listeners.remove(value);
        return socket.dropMembership(value);
    }

    /** The number of the spec's multicast group {@code group}; refused with the list of the spec's groups. */
    private int groupValue(String group) {
        Optional<YnlMcastGroup> g = codec.spec().mcastGroup(group).filter(mg -> mg.value().isPresent());
        if (g.isEmpty()) {
            throw new IllegalArgumentException(codec.spec().name() + " has no multicast group \"" + group
                    + "\"; it has " + String.join(", ", codec.spec().mcastGroups().stream()
                    .map(YnlMcastGroup::name).toList()));
        }
        return g.get().value().getAsInt();
    }

    /**
     * Decodes a notification for its group's listener, or for every listener when its group is not known (0): by
     * the operation whose replies (or, as rtnetlink repeats {@code RTM_DELLINK}, requests) have its type.
     */
    private void dispatch(NetlinkMessage m) {
        boolean echo = echoing.get() > 0 && m.sequence() != 0 && m.portId() == socket.portId();
        if (!echo && (listeners.isEmpty() || m.group() != 0 && !listeners.containsKey(m.group()))) {
            return;
        }
        Optional<YnlOperation> op = codec.fromKernel(m.type())
                .or(() -> codec.spec().operations().byRequestValue(m.type()));
        Optional<String> group = codec.spec().mcastGroups().stream()
                .filter(g -> g.value().isPresent() && g.value().getAsInt() == m.group())
                .map(YnlMcastGroup::name).findFirst();
        Map<String, Object> attributes;
        try {
            attributes = decode(op.orElse(null), m);
        } catch (MalformedNetlinkException e) {
            attributes = Map.of(); // neither as the spec says nor attributes at all: a type this library cannot read
        }
        if (echo) {
            echoes.put(m.sequence(), attributes);
        }
        YnlNotification n = new YnlNotification(op.map(YnlOperation::name), m.type(), group, attributes);
        Consumer<? super YnlNotification> listener = listeners.get(m.group());
        if (listener != null) {
            listener.accept(n);
        } else if (m.group() == 0) {
            listeners.values().forEach(l -> l.accept(n));
        }
    }

    /**
     * The fixed header's members and the attributes of {@code m}, a message of {@code op}; with {@code op}
     * {@code null} (a type the spec does not know), every attribute by number, read from the start of the payload.
     */
    private Map<String, Object> decode(YnlOperation op, NetlinkMessage m) {
        ByteBuf content = m.content();
        int size = op == null ? 0 : codec.headerSize(op);
        int from = Math.min(NetlinkMessage.align(size), content.readableBytes());
        ByteBuf header = content.slice(content.readerIndex(), Math.min(size, content.readableBytes()));
        ByteBuf attributes = content.slice(content.readerIndex() + from, content.readableBytes() - from);
        return codec.decode(op, header, attributes);
    }

    @Override
    public void close() {
        socket.onNotification(null);
        if (owned) {
            socket.close();
        }
    }

    @Override
    public String toString() {
        return "YnlFamily(" + codec.spec().name() + ", " + socket + ')';
    }
}
