package dev.netlink.ynl.typed;

import dev.netlink.client.NetlinkPartReader;
import dev.netlink.client.NetlinkReplies;
import dev.netlink.client.NetlinkRequest;
import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.MalformedNetlinkException;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.genl.Family;
import dev.netlink.genl.GenericNetlink;
import dev.netlink.genl.GenericNetlinkController;
import dev.netlink.genl.GenericNetlinkMessage;
import dev.netlink.genl.GenericNetlinkSocket;
import dev.netlink.ynl.YnlSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The socket a generated family client ({@code dev.netlink.family.netdev.Netdev}, {@code ...rtlink.RtLink}) talks
 * through: its requests framed as the spec says (a generic netlink family's id, {@code genlmsghdr} with the
 * kernel's version, then the fixed header and attributes; a netlink-raw family's message type, fixed header and
 * attributes), each carrying its operation's schema so that the kernel's errors name attributes in the spec's
 * words, and its replies, dump parts and notifications decoded straight from the received buffers by the
 * generated code. Requests are checked against the operation's {@code request} list before they are sent.
 *
 * <p>Every method may be called from any thread; futures complete, and decoders, consumers and listeners run, on
 * the channel's event loop. Decoders must not keep the buffers they are given; nothing this class returns holds
 * one.
 */
public final class FamilySocket implements AutoCloseable {
    /** Reads one message of the family into its Java value. */
    @FunctionalInterface
    public interface Decoder<R> {
        /**
         * The value of the message in {@code buf}: its fixed header (if any) at {@code headerIndex}, its attributes
         * under {@code attributes}. Neither may be kept.
         */
        R decode(ByteBuf buf, int headerIndex, AttributeReader attributes);
    }

    /** Specs read from class path resources, by owner class. */
    private static final ClassValue<Map<String, YnlSpec>> RESOURCE_SPECS = new ClassValue<>() {
        @Override
        protected Map<String, YnlSpec> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private final YnlSpec spec;
    private final NetlinkSocket socket;
    private final GenericNetlinkSocket genl;
    private final AutoCloseable owned;
    private final Map<String, FamilyOperation> operations = new ConcurrentHashMap<>();
    private final FamilyGroups groups;
    /** Used on the event loop only. */
    private final AttributeReader reader = new AttributeReader();

    private FamilySocket(YnlSpec spec, NetlinkSocket socket, GenericNetlinkSocket genl, AutoCloseable owned) {
        this.spec = spec;
        this.socket = socket;
        this.genl = genl;
        this.owned = owned;
        this.groups = new FamilyGroups(spec, socket, genl);
        if (genl != null) {
            genl.onNotification(groups::dispatch);
        } else {
            socket.onNotification(groups::dispatch);
        }
    }

    /**
     * {@code spec}'s family on a socket of its own, configured by {@code configure}: for generic netlink, looked up
     * through nlctrl by the spec's name (failing with {@link dev.netlink.codec.NetlinkException} {@code ENOENT} when
     * the kernel has no such family); for netlink-raw, a socket of the spec's {@code protonum}.
     */
    public static Future<FamilySocket> connect(YnlSpec spec, Consumer<NetlinkSocket.Builder> configure) {
        if (!spec.protocol().isGenetlink()) {
            NetlinkSocket.Builder builder;
            try {
                builder = NetlinkSocket.builder(spec.protonum().orElse(0));
                configure.accept(builder);
            } catch (RuntimeException e) {
                return ImmediateEventExecutor.INSTANCE.newFailedFuture(e);
            }
            return map(builder.connect(), s -> new FamilySocket(spec, s, null, s));
        }
        return GenericNetlink.connect(configure, ctrl -> open(ctrl, spec, ctrl));
    }

    /**
     * Generic netlink {@code spec}'s family on the socket of {@code ctrl} (shared; an {@code EmbeddedChannel} with
     * a fake kernel in tests); closing this leaves the controller open.
     */
    public static Future<FamilySocket> on(GenericNetlinkController ctrl, YnlSpec spec) {
        if (!spec.protocol().isGenetlink()) {
            return ctrl.socket().<FamilySocket>newPromise().setFailure(new IllegalArgumentException(
                    "spec " + spec.name() + " is " + spec.protocol().yamlName() + ", not generic netlink"));
        }
        return open(ctrl, spec, null);
    }

    /**
     * Netlink-raw {@code spec}'s family on {@code socket}, a socket of the spec's protocol; this takes the socket's
     * notifications, and closing it leaves the socket open.
     */
    public static FamilySocket on(NetlinkSocket socket, YnlSpec spec) {
        Objects.requireNonNull(socket, "socket");
        if (spec.protocol().isGenetlink()) {
            throw new IllegalArgumentException("spec " + spec.name() + " is " + spec.protocol().yamlName()
                    + "; speak it through a GenericNetlinkController");
        }
        return new FamilySocket(spec, socket, null, null);
    }

    private static Future<FamilySocket> open(GenericNetlinkController ctrl, YnlSpec spec, AutoCloseable owned) {
        Promise<FamilySocket> result = ctrl.socket().newPromise();
        ctrl.get(spec.name(), GenericNetlinkSocket::new).addListener((Future<GenericNetlinkSocket> f) -> {
            if (f.isSuccess()) {
                result.trySuccess(new FamilySocket(spec, f.getNow().socket(), f.getNow(), owned));
            } else {
                result.tryFailure(f.cause());
            }
        });
        return result;
    }

    /** The spec the family is spoken by. */
    public YnlSpec spec() {
        return spec;
    }

    /** The socket underneath, shared with the family's other users. */
    public NetlinkSocket socket() {
        return socket;
    }

    /** The family as nlctrl described it; empty for a netlink-raw family. */
    public java.util.Optional<Family> family() {
        return genl == null ? java.util.Optional.empty() : java.util.Optional.of(genl.family());
    }

    /**
     * Operation {@code name} of the spec, resolved once per socket.
     *
     * @throws IllegalArgumentException if the spec has no such operation
     */
    public FamilyOperation operation(String name) {
        return operations.computeIfAbsent(name, n -> new FamilyOperation(spec, n,
                genl == null ? 0 : genl.family().hdrsize()));
    }

    /**
     * The {@code do} of {@code op}: sends the message {@code body} writes (fixed header and attributes, after the
     * {@code genlmsghdr} this writes for generic netlink) with {@code flags} added to
     * {@code NLM_F_REQUEST | NLM_F_ACK}, and completes with its one reply decoded by {@code decode}, or
     * {@code null} when the kernel only acknowledges. Refused before sending, naming the operation and the
     * attribute, when {@code body} writes an attribute the request does not take.
     */
    public <R> Future<R> request(FamilyOperation op, int flags, Consumer<ByteBuf> body, Decoder<R> decode) {
        Promise<R> result = socket.newPromise();
        NetlinkRequest request;
        try {
            request = newRequest(op, false, flags, body);
        } catch (RuntimeException e) {
            return result.setFailure(e);
        }
        DoReply<R> reply = new DoReply<>(op.replyHeaderSize(), decode);
        request.partReader(reply);
        socket.request(request).addListener((Future<NetlinkReplies<NetlinkMessage>> f) -> {
            if (!f.isSuccess()) {
                result.tryFailure(f.cause());
                return;
            }
            f.getNow().release(); // empty: the reply was read in place
            if (reply.parts > 1) {
                result.tryFailure(new IllegalStateException(spec.name() + ' ' + op.name()
                        + ": the kernel answered the do with " + reply.parts + " messages"));
            } else {
                result.trySuccess(reply.value);
            }
        });
        return result;
    }

    /** A do's reply, decoded where it lies in the datagram; more than one is counted, not decoded. */
    private final class DoReply<R> implements NetlinkPartReader {
        private final int headerSize;
        private final Decoder<R> decode;
        R value;
        int parts;

        DoReply(int headerSize, Decoder<R> decode) {
            this.headerSize = headerSize;
            this.decode = decode;
        }

        @Override
        public void read(ByteBuf buf, int type, int index, int length) {
            if (parts++ == 0) {
                value = decode(buf, index, length, headerSize, decode);
            }
        }
    }

    /**
     * The {@code dump} of {@code op}, each part decoded by {@code decode} and handed to {@code consumer} as it
     * arrives, so memory does not grow with the dump; completes when the dump ends. Refused as
     * {@link #request} refuses.
     */
    public <R> Future<Void> dump(FamilyOperation op, Consumer<ByteBuf> body, Decoder<R> decode,
                                 Consumer<? super R> consumer) {
        NetlinkRequest request;
        try {
            request = newRequest(op, true, NetlinkFlags.NLM_F_DUMP, body);
        } catch (RuntimeException e) {
            return socket.<Void>newPromise().setFailure(e);
        }
        int size = op.replyHeaderSize();
        request.partReader((buf, type, index, length) -> consumer.accept(decode(buf, index, length, size, decode)));
        return socket.execute(request);
    }

    /** The {@code dump} of {@code op}: every part, decoded, in order, once the dump ends. */
    public <R> Future<List<R>> dump(FamilyOperation op, Consumer<ByteBuf> body, Decoder<R> decode) {
        Promise<List<R>> result = socket.newPromise();
        List<R> parts = new ArrayList<>();
        dump(op, body, decode, parts::add).addListener(f -> {
            if (f.isSuccess()) {
                result.trySuccess(Collections.unmodifiableList(parts));
            } else {
                result.tryFailure(f.cause());
            }
        });
        return result;
    }

    /**
     * Joins multicast group {@code group} (the spec's name: {@code mgmt}) and hands each of its notifications of
     * {@code op} (a {@code notify} or {@code event} operation, by its message id), decoded by {@code decode}, to
     * {@code listener}, replacing an earlier listener of the same group and operation. Fails with
     * {@link IllegalArgumentException} listing the family's groups when it has no such group.
     */
    public <R> Future<Void> subscribe(String group, FamilyOperation op, Decoder<R> decode,
                                      Consumer<? super R> listener) {
        int size = op.replyHeaderSize();
        return groups.join(group, op.notificationValue(), m -> listener.accept(decode(m, size, decode)));
    }

    /**
     * Joins multicast group {@code group} of a netlink-raw family ({@code rtnlgrp-link}) and hands each message it
     * carries of one of {@code types}, decoded by {@code decode} with {@code op}'s fixed header, to {@code listener}
     * with the operation its type belongs to: the one whose request has it ({@code RTM_NEWLINK}: {@code newlink},
     * {@code RTM_DELLINK}: {@code dellink}), else the one whose reply has it. Other types are left alone.
     */
    public <R> Future<Void> subscribeGroup(String group, FamilyOperation op, int[] types, Decoder<R> decode,
                                           Consumer<? super Notification<R>> listener) {
        int size = op.replyHeaderSize();
        java.util.BitSet wanted = new java.util.BitSet();
        for (int t : types) {
            wanted.set(t);
        }
        return groups.join(group, FamilyGroups.ANY, m -> {
            if (!wanted.get(m.type())) {
                return;
            }
            String name = spec.operations().byRequestValue(m.type())
                    .or(() -> spec.operations().byReplyValue(m.type())).map(o -> o.name()).orElse("");
            listener.accept(new Notification<>(name, m.type(), decode(m, size, decode)));
        });
    }

    /** Leaves multicast group {@code group} and forgets its listeners. */
    public Future<Void> unsubscribe(String group) {
        return groups.leave(group);
    }

    private NetlinkRequest newRequest(FamilyOperation op, boolean dump, int flags, Consumer<ByteBuf> body) {
        int type = op.requestValue(dump);
        // Copied into the datagram by the encoder: an unpooled heap buffer is the cheapest (see NetlinkSocket.request).
        ByteBuf payload = Unpooled.buffer(64);
        try {
            if (genl != null) {
                GenericNetlinkMessage.writeHeader(payload, type, genl.family().version());
            }
            int header = payload.writerIndex();
            body.accept(payload);
            int attributes = header + NetlinkMessage.align(op.requestHeaderSize());
            op.checkRequest(dump, reader.reset(payload, attributes, payload.writerIndex() - attributes));
            if (!dump && flags == 0 && genl == null && op.name().startsWith("new")) {
                flags = NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_EXCL; // as ip ... add asks
            }
            NetlinkRequest request = socket.newRequest(genl != null ? genl.family().id() : type, payload, flags);
            return op.schema() == null ? request : request.schema(op.schema(), attributes);
        } catch (RuntimeException e) {
            if (payload.refCnt() > 0) {
                payload.release();
            }
            throw e;
        }
    }

    private <R> R decode(NetlinkMessage m, int headerSize, Decoder<R> decode) {
        ByteBuf content = m.content();
        return decode(content, content.readerIndex(), content.readableBytes(), headerSize, decode);
    }

    /** Decodes the payload in the {@code length} bytes at {@code index}: genlmsghdr if any, fixed header, attributes. */
    private <R> R decode(ByteBuf buf, int index, int length, int headerSize, Decoder<R> decode) {
        int end = index + length;
        int header = index + (genl != null ? GenericNetlinkMessage.GENL_HDRLEN : 0);
        if (header + headerSize > end) { // read in place, a short part must not reach into the next message
            throw new MalformedNetlinkException(0, spec.name() + ": a part of " + length
                    + " bytes is shorter than its headers (" + (header + headerSize - index) + " bytes)");
        }
        int attributes = Math.min(header + NetlinkMessage.align(headerSize), end);
        return decode.decode(buf, header, reader.reset(buf, attributes, end - attributes));
    }

    /**
     * The spec in class path resource {@code resource} of {@code owner}'s class loader (a user's spec, copied beside
     * the client generated from it), read once per owner.
     *
     * @throws IllegalStateException if the resource is missing or unreadable
     */
    public static YnlSpec resourceSpec(Class<?> owner, String resource) {
        return RESOURCE_SPECS.get(owner).computeIfAbsent(resource, r -> {
            try (java.io.InputStream in = owner.getResourceAsStream(r)) {
                if (in == null) {
                    throw new IllegalStateException("YNL spec resource " + r + " of " + owner.getName()
                            + " is missing");
                }
                return YnlSpec.parse(r, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read YNL spec resource " + r, e);
            }
        });
    }

    /** Maps a future's value once it succeeds; its failure stays. */
    public static <T, R> Future<R> map(Future<T> future, Function<? super T, ? extends R> f) {
        Promise<R> result = ImmediateEventExecutor.INSTANCE.newPromise();
        future.addListener((Future<T> done) -> {
            if (done.isSuccess()) {
                try {
                    result.trySuccess(f.apply(done.getNow()));
                } catch (RuntimeException e) {
                    result.tryFailure(e);
                }
            } else {
                result.tryFailure(done.cause());
            }
        });
        return result;
    }

    @Override
    public void close() {
        if (genl != null) {
            genl.close();
        } else {
            socket.onNotification(null);
        }
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + this, e);
            }
        }
    }

    @Override
    public String toString() {
        return "FamilySocket(" + spec.name() + ", " + socket + ')';
    }
}
