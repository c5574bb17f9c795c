package dev.netlink.ynl;

import dev.netlink.client.NetlinkRequest;
import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.MalformedNetlinkException;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.attr.AttributeSchema;
import dev.netlink.codec.attr.AttributeWriter;
import dev.netlink.genl.Family;
import dev.netlink.genl.GenericNetlinkController;
import dev.netlink.genl.GenericNetlinkMessage;
import dev.netlink.genl.GenericNetlinkSocket;
import dev.netlink.genl.MulticastGroup;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link YnlFamily} of generic netlink: the spec's family looked up through nlctrl, its requests sent on a
 * {@link GenericNetlinkSocket} with the kernel's version and header size, each carrying its operation's schema so
 * that errors name attributes. Thread-safe; see {@link YnlFamily}.
 */
final class GenericYnlFamily implements YnlFamily {
    private final YnlOperationCodec codec;
    private final OperationSocket socket;
    private final GenericNetlinkController owned;
    /** Listeners by multicast group id. */
    private final GroupListeners listeners = new GroupListeners();

    private GenericYnlFamily(YnlOperationCodec codec, OperationSocket socket, GenericNetlinkController owned) {
        this.codec = codec;
        this.socket = socket;
        this.owned = owned;
        socket.onNotification(this::dispatch);
    }

    /**
     * Looks the spec's family up through {@code ctrl} and binds to it; {@code owned} says whether closing the
     * family closes the controller.
     */
    static Future<YnlFamily> open(GenericNetlinkController ctrl, YnlSpec spec, boolean owned) {
        Promise<YnlFamily> result = ctrl.socket().newPromise();
        YnlOperationCodec codec;
        try {
            codec = new YnlOperationCodec(spec);
        } catch (RuntimeException e) {
            return result.setFailure(e);
        }
        ctrl.get(spec.name(), (s, f) -> new OperationSocket(s, f, codec)).addListener((Future<OperationSocket> f) -> {
            if (f.isSuccess()) {
                result.trySuccess(new GenericYnlFamily(codec, f.getNow(), owned ? ctrl : null));
            } else {
                result.tryFailure(f.cause());
            }
        });
        return result;
    }

    /** The family as nlctrl described it. */
    Family family() {
        return socket.family();
    }

    @Override
    public YnlSpec spec() {
        return codec.spec();
    }

    @Override
    public Future<Map<String, Object>> request(String op, Map<String, ?> attrs, int flags) {
        Promise<Map<String, Object>> result = socket.socket().newPromise();
        YnlOperationCodec.Request r;
        int checked;
        try {
            YnlOperation operation = codec.operation(op);
            checked = codec.doFlags(operation, flags);
            r = codec.request(operation, false, attrs, socket.family().hdrsize());
        } catch (RuntimeException e) {
            return result.setFailure(e);
        }
        YnlReplies.completeDo(socket.request(r.cmd(), r.attributes(), checked, header(r)), result,
                codec.spec().name(), op, m -> decode(r.op(), m));
        return result;
    }

    @Override
    public Future<List<Map<String, Object>>> dump(String op, Map<String, ?> attrs) {
        return YnlReplies.collect(socket.socket().newPromise(), parts -> dump(op, attrs, parts));
    }

    @Override
    public Future<Void> dump(String op, Map<String, ?> attrs, Consumer<? super Map<String, Object>> consumer) {
        YnlOperationCodec.Request r;
        try {
            r = codec.request(codec.operation(op), true, attrs, socket.family().hdrsize());
        } catch (RuntimeException e) {
            return socket.socket().<Void>newPromise().setFailure(e);
        }
        return socket.dump(r.cmd(), r.attributes(), header(r), m -> consumer.accept(decode(r.op(), m)));
    }

    @Override
    public Future<Void> subscribe(String group, Consumer<? super YnlNotification> listener) {
        Promise<Void> result = socket.socket().newPromise();
        Optional<MulticastGroup> g = socket.family().mcastGroup(group);
        if (g.isEmpty()) {
            return socket.addMembership(group); // fails with the list of the family's groups
        }
        listen(g.get(), listener); // before joining, so that nothing sent after the join is missed
        Future<Void> joined;
        try {
            joined = socket.addMembership(group);
        } catch (RuntimeException e) {
            listeners.remove(g.get().id(), listener);
            return result.setFailure(e);
        }
        joined.addListener(f -> {
            if (f.isSuccess()) {
                result.trySuccess(null);
            } else {
                listeners.remove(g.get().id(), listener);
                result.tryFailure(f.cause());
            }
        });
        return result;
    }

    /** Hands the notifications of {@code group} to {@code listener}, without joining it. */
    void listen(MulticastGroup group, Consumer<? super YnlNotification> listener) {
        listeners.put(group.id(), listener);
    }

    @Override
    public Future<Void> unsubscribe(String group) {
        socket.family().mcastGroup(group).ifPresent(mg -> listeners.remove(mg.id()));
        return socket.dropMembership(group);
    }

    /** Decodes a notification for its group's listener, or for every listener when its group is not known (0). */
    private void dispatch(GenericNetlinkMessage m) {
        listeners.dispatch(m.group(), () -> notification(m));
    }

    @Override
    public NetlinkSocket socket() {
        return socket.socket();
    }

    @Override
    public int groupId(String group) {
        return socket.family().mcastGroup(group).map(MulticastGroup::id).orElseThrow(() ->
                new IllegalArgumentException(codec.spec().name() + " has no multicast group \"" + group
                        + "\"; it has " + socket.family().mcastGroups().stream().map(MulticastGroup::name).toList()));
    }

    @Override
    public Optional<YnlNotification> notification(NetlinkMessage message) {
        if (message.type() != socket.family().id()) {
            return Optional.empty();
        }
        return Optional.of(notification(GenericNetlinkMessage.of(message, socket.family().hdrsize())));
    }

    /** {@code m} decoded by its command's operation; every attribute by number when the spec's types do not fit. */
    private YnlNotification notification(GenericNetlinkMessage m) {
        Optional<YnlOperation> op = codec.fromKernel(m.cmd());
        Optional<String> group = socket.family().mcastGroups().stream().filter(g -> g.id() == m.group())
                .map(MulticastGroup::name).findFirst();
        Map<String, Object> attributes;
        try {
            attributes = decode(op.orElse(null), m);
        } catch (MalformedNetlinkException e) {
            attributes = decode(null, m); // not as the spec says (a changed type): every attribute by number
        }
        return new YnlNotification(op.map(YnlOperation::name), m.cmd(), group, attributes);
    }

    private Map<String, Object> decode(YnlOperation op, GenericNetlinkMessage m) {
        return codec.decode(op, m.header(), m.attributeBlock());
    }

    private static ByteBuf header(YnlOperationCodec.Request r) {
        return r.header().length == 0 ? null : Unpooled.wrappedBuffer(r.header());
    }

    @Override
    public void close() {
        socket.close();
        if (owned != null) {
            owned.close();
        }
    }

    @Override
    public String toString() {
        return "YnlFamily(" + codec.spec().name() + ", " + socket + ')';
    }

    /** The family socket: every request carries the schema of the operation its command belongs to. */
    static final class OperationSocket extends GenericNetlinkSocket {
        private final YnlOperationCodec codec;

        OperationSocket(NetlinkSocket socket, Family family, YnlOperationCodec codec) {
            super(socket, family);
            this.codec = codec;
        }

        @Override
        protected NetlinkRequest newRequest(int cmd, Consumer<AttributeWriter> attrs, int flags, ByteBuf header) {
            NetlinkRequest request = super.newRequest(cmd, attrs, flags, header);
            AttributeSchema schema = codec.requestSchema(cmd);
            if (schema != null) {
                request.schema(schema, GenericNetlinkMessage.GENL_HDRLEN + NetlinkMessage.align(family().hdrsize()));
            }
            return request;
        }
    }
}
