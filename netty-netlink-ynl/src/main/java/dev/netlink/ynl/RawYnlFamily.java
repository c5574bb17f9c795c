package dev.netlink.ynl;

import dev.netlink.client.NetlinkBatch;
import dev.netlink.client.NetlinkReplies;
import dev.netlink.client.NetlinkRequest;
import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.MalformedNetlinkException;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageEncoder;
import dev.netlink.codec.attr.AttributeWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link YnlFamily} of a netlink-raw protocol (rtnetlink and the like): each operation's request sent on a
 * {@link NetlinkSocket} of the spec's {@code protonum} as a message of the operation's request type
 * ({@code RTM_GETLINK}), its fixed header struct ({@code ifinfomsg}) first and the attributes after it, with the
 * operation's schema so that errors name attributes; replies and notifications decoded by their message type.
 * A {@code do} of a {@code new*} operation asks {@code NLM_F_CREATE | NLM_F_EXCL}, as {@code ip ... add} does,
 * unless the caller gives other creation flags ({@link YnlFamily#request(String, Map, int)}).
 *
 * <p>A spec with {@code batch-begin} and {@code batch-end} operations (nfnetlink's {@code NFNL_MSG_BATCH_BEGIN}
 * and {@code _END}: nftables) changes state only inside a batch: the do of each {@code new*}, {@code del*} and
 * {@code destroy*} operation goes out framed by the two in one datagram ({@link NetlinkBatch}), the begin's
 * {@code res-id} the subsystem of the operation's message type ({@code type >> 8}), every message acknowledged.
 * The kernel answers the begin first (or only, when it refuses the whole batch: {@code ERESTART},
 * {@code EOPNOTSUPP}, a failed commit), then the operation, then the end only when the batch committed; so the
 * do's future fails with the first of those that fails and succeeds when the end is acknowledged, and the
 * requests left unanswered are cancelled. Gets and dumps are not batched.
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
    private final GroupListeners listeners = new GroupListeners();
    /** nfnetlink's batch framing operations, when the spec has them. */
    private final Optional<YnlOperation> batchBegin;
    private final Optional<YnlOperation> batchEnd;

    /** A family on {@code socket}; {@code owned} says whether closing the family closes the socket. */
    RawYnlFamily(YnlOperationCodec codec, NetlinkSocket socket, boolean owned) {
        this.codec = codec;
        this.socket = socket;
        this.owned = owned;
        Optional<YnlOperation> begin = codec.spec().operations().operation("batch-begin");
        Optional<YnlOperation> end = codec.spec().operations().operation("batch-end");
        boolean framed = begin.isPresent() && end.isPresent();
        this.batchBegin = framed ? begin : Optional.empty();
        this.batchEnd = framed ? end : Optional.empty();
        socket.onNotification(this::dispatch);
    }

    @Override
    public YnlSpec spec() {
        return codec.spec();
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
        Future<NetlinkReplies<NetlinkMessage>> replies;
        try {
            replies = batched(operation) ? sendBatched(operation, request) : socket.request(request);
        } catch (RuntimeException e) {
            return result.setFailure(e);
        }
        // With NLM_F_ECHO the kernel's copy of the new object is the do's one reply (the correlator takes it).
        YnlReplies.completeDo(replies, result, codec.spec().name(), op, m -> decode(operation, m));
        return result;
    }

    /** Whether the do of {@code op} must go inside a batch: a change of an nfnetlink subsystem's state. */
    private boolean batched(YnlOperation op) {
        if (batchBegin.isEmpty() || op.equals(batchBegin.get()) || op.equals(batchEnd.get())) {
            return false;
        }
        String name = op.name();
        return name.startsWith("new") || name.startsWith("del") || name.startsWith("destroy");
    }

    /**
     * Sends {@code request}, the do of {@code op}, between a batch begin and a batch end in one datagram; the
     * future is the operation's replies, once the end is acknowledged, or the first failure (see the class).
     */
    private Future<NetlinkReplies<NetlinkMessage>> sendBatched(YnlOperation op, NetlinkRequest request) {
        NetlinkRequest begin;
        NetlinkRequest end;
        try {
            Map<String, Object> subsystem = Map.of("res-id", op.requestValue().getAsInt() >> 8);
            begin = newRequest(batchBegin.get(), false, subsystem, 0);
            end = newRequest(batchEnd.get(), false, subsystem, 0);
        } catch (RuntimeException e) {
            request.release();
            throw e;
        }
        int size = begin.message().content().readableBytes() + end.message().content().readableBytes()
                + request.message().content().readableBytes() + 3 * NetlinkMessage.HEADER_LENGTH;
        if (size > NetlinkMessageEncoder.DEFAULT_MAX_DATAGRAM_SIZE) {
            begin.release();
            end.release();
            request.release();
            throw new IllegalArgumentException(codec.spec().name() + ' ' + op.name() + ": " + size
                    + " bytes with its batch framing, more than one datagram takes ("
                    + NetlinkMessageEncoder.DEFAULT_MAX_DATAGRAM_SIZE + ')');
        }
        NetlinkBatch batch = socket.batch();
        Future<NetlinkReplies<NetlinkMessage>> began = batch.add(begin);
        Future<NetlinkReplies<NetlinkMessage>> done = batch.add(request);
        Future<NetlinkReplies<NetlinkMessage>> ended = batch.add(end);
        Promise<NetlinkReplies<NetlinkMessage>> result = socket.newPromise();
        began.addListener((Future<NetlinkReplies<NetlinkMessage>> f) -> {
            if (f.isSuccess()) {
                f.getNow().release();
            } else if (result.tryFailure(f.cause())) {
                done.cancel(false); // a batch refused whole: nothing else is answered
                ended.cancel(false);
            }
        });
        done.addListener((Future<NetlinkReplies<NetlinkMessage>> f) -> {
            if (f.isSuccess()) {
                if (result.isDone()) {
                    f.getNow().release();
                }
            } else if (result.tryFailure(f.cause())) {
                ended.cancel(false); // the batch is aborted: the kernel acknowledges no end
            }
        });
        ended.addListener((Future<NetlinkReplies<NetlinkMessage>> f) -> {
            if (f.isSuccess()) {
                f.getNow().release();
                if (done.isSuccess()) {
                    if (!result.trySuccess(done.getNow())) {
                        done.getNow().release();
                    }
                } else {
                    result.tryFailure(done.isDone() && done.cause() != null ? done.cause()
                            : new IllegalStateException("the batch end was acknowledged before its operation"));
                }
            } else {
                if (done.isSuccess()) {
                    done.getNow().release(); // held for the end, which failed (or was cancelled) after it
                }
                result.tryFailure(f.cause());
            }
        });
        batch.send();
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

    @Override
    public int groupId(String group) {
        return groupValue(group);
    }

    @Override
    public NetlinkSocket socket() {
        return socket;
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
        listeners.dispatch(m.group(), () -> decodeNotification(m));
    }

    /** Every message of a netlink-raw family's socket is the family's: one of a type the spec does not know too. */
    @Override
    public Optional<YnlNotification> notification(NetlinkMessage message) {
        return Optional.of(decodeNotification(message));
    }

    private YnlNotification decodeNotification(NetlinkMessage m) {
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
        return new YnlNotification(op.map(YnlOperation::name), m.type(), group, attributes);
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
