package dev.netlink.genl;

import dev.netlink.client.NetlinkReplies;
import dev.netlink.client.NetlinkRequest;
import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.attr.AttributeSchema;
import dev.netlink.codec.attr.AttributeWriter;
import dev.netlink.codec.attr.JavaTypedAttributes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A socket bound to one generic netlink {@link Family}: requests of the family's commands, its notifications,
 * and membership of its multicast groups by name. Several family sockets share one {@link NetlinkSocket} (and
 * so one channel); {@link #receive()} and {@link #onNotification} see only this family's notifications.
 *
 * <p>A family with known attributes is best given a subclass that declares them once by overriding
 * {@link #schema()}; errors then name the offending attribute, and {@link #request(int, Map, int, ByteBuf)}
 * encodes maps with it. Without a schema, a map is written by the Java types of its values
 * ({@link JavaTypedAttributes}). Make one with {@link GenericNetlinkController#get(String, Factory)}.
 *
 * <p>{@link #close()} stops routing this family's notifications here (queued ones are released); the netlink
 * socket underneath stays open for the other family sockets until the controller is closed. Every method may be
 * called from any thread; futures complete on the channel's event loop.
 */
public class GenericNetlinkSocket implements AutoCloseable {
    /** Makes a family socket once the family has been looked up, e.g. {@code GenericNetlinkSocket::new}. */
    @FunctionalInterface
    public interface Factory<T extends GenericNetlinkSocket> {
        /** Binds a family socket to {@code family} on {@code socket}. */
        T create(NetlinkSocket socket, Family family);
    }

    private final NetlinkSocket socket;
    private final Family family;
    private final GenlNotificationRouter router;

    /**
     * Binds to {@code family} on {@code socket}, which must have been opened by {@link GenericNetlink}, and
     * starts routing the family's notifications to {@link #receive()}.
     */
    public GenericNetlinkSocket(NetlinkSocket socket, Family family) {
        this.socket = socket;
        this.family = family;
        this.router = socket.channel().pipeline().get(GenlNotificationRouter.class);
        if (router == null) {
            throw new IllegalArgumentException("not a generic netlink socket (open it with GenericNetlink.connect): "
                    + socket);
        }
        onEventLoop(() -> router.register(family.id(), family.name(), family.hdrsize()));
    }

    /** The family this socket speaks, as the kernel described it when it was looked up. */
    public Family family() {
        return family;
    }

    /** The netlink socket underneath, shared with the other family sockets of the same controller. */
    public NetlinkSocket socket() {
        return socket;
    }

    /**
     * The family's attribute schema, used to encode maps and to name attributes in errors; {@code null} (the
     * default) when the family class declares none.
     */
    protected AttributeSchema schema() {
        return null;
    }

    /**
     * Sends command {@code cmd} with attributes written by {@code attrs} and the family header
     * {@code header} (released; {@code null} when the family has none). Completes with the replies, which the
     * caller releases ({@code try (NetlinkReplies<GenericNetlinkMessage> r = ...)}).
     *
     * @param flags extra {@code nlmsg_flags}, e.g. {@code NLM_F_DUMP}; {@code NLM_F_REQUEST|NLM_F_ACK} are
     *              always set
     */
    public Future<NetlinkReplies<GenericNetlinkMessage>> request(int cmd, Consumer<AttributeWriter> attrs, int flags,
                                                                 ByteBuf header) {
        NetlinkRequest request;
        try {
            request = newRequest(cmd, attrs, flags, header);
        } catch (RuntimeException e) {
            return eventLoop().newFailedFuture(e);
        }
        return decodeReplies(socket.request(request));
    }

    /**
     * Sends command {@code cmd} with attributes encoded from {@code attrs}: by {@link #schema()} when the family
     * declares one (keys are attribute numbers or kernel names), else by the Java type of each value as
     * {@link JavaTypedAttributes} says ({@code Map.of(2, "nlctrl")} writes a string attribute 2). A value that does
     * not fit fails the future with {@link IllegalArgumentException} naming the attribute; nothing is sent.
     */
    public Future<NetlinkReplies<GenericNetlinkMessage>> request(int cmd, Map<?, ?> attrs, int flags,
                                                                 ByteBuf header) {
        AttributeSchema schema = schema();
        return request(cmd, schema != null ? w -> schema.encode(attrs, w) : w -> JavaTypedAttributes.write(attrs, w),
                flags, header);
    }

    /**
     * Sends a dump of {@code cmd} and hands each part to {@code consumer} on the event loop as it arrives (released
     * when the consumer returns): memory does not grow with the dump. Completes when the dump ends.
     */
    public Future<Void> dump(int cmd, Consumer<AttributeWriter> attrs, ByteBuf header,
                             Consumer<? super GenericNetlinkMessage> consumer) {
        NetlinkRequest request;
        try {
            request = newRequest(cmd, attrs, NetlinkFlags.NLM_F_DUMP, header);
        } catch (RuntimeException e) {
            return eventLoop().newFailedFuture(e);
        }
        int hdrsize = family.hdrsize();
        request.consumer(m -> consumer.accept(GenericNetlinkMessage.of(m, hdrsize)));
        return socket.execute(request);
    }

    /**
     * Sends command {@code cmd} as an acknowledged change and completes when the kernel acknowledges it; any
     * replies are released.
     */
    public Future<Void> execute(int cmd, Consumer<AttributeWriter> attrs, ByteBuf header) {
        NetlinkRequest request;
        try {
            request = newRequest(cmd, attrs, 0, header);
        } catch (RuntimeException e) {
            return eventLoop().newFailedFuture(e);
        }
        return socket.execute(request);
    }

    /** Builds the netlink request; refuses a header whose size is not the family's {@code hdrsize}. */
    protected NetlinkRequest newRequest(int cmd, Consumer<AttributeWriter> attrs, int flags, ByteBuf header) {
        int headerSize = header == null ? 0 : header.readableBytes();
        if (headerSize != family.hdrsize()) {
            ReferenceCountUtil.release(header);
            throw new IllegalArgumentException("family " + family.name() + " has a " + family.hdrsize()
                    + "-byte header, but the request carries " + headerSize + " bytes");
        }
        // Copied into the datagram by the encoder: an unpooled heap buffer is the cheapest (see NetlinkSocket.request).
        ByteBuf payload = Unpooled.buffer(64);
        try {
            GenericNetlinkMessage.writeHeader(payload, cmd, family.version());
            if (header != null) {
                payload.writeBytes(header);
                payload.writeZero(NetlinkMessage.align(headerSize) - headerSize);
            }
            if (attrs != null) {
                attrs.accept(new AttributeWriter(payload));
            }
        } catch (RuntimeException e) {
            payload.release();
            throw e;
        } finally {
            ReferenceCountUtil.release(header);
        }
        NetlinkRequest request = new NetlinkRequest(new DefaultGenericNetlinkMessage(family.id(), flags, payload,
                family.hdrsize()), socket.<NetlinkReplies<NetlinkMessage>>newPromise());
        AttributeSchema schema = schema();
        if (schema != null) {
            request.schema(schema, GenericNetlinkMessage.GENL_HDRLEN + NetlinkMessage.align(family.hdrsize()));
        }
        return request;
    }

    /** The replies as generic netlink messages of this family; the raw container is consumed. */
    protected Future<NetlinkReplies<GenericNetlinkMessage>> decodeReplies(
            Future<NetlinkReplies<NetlinkMessage>> replies) {
        Promise<NetlinkReplies<GenericNetlinkMessage>> result = newPromise();
        int hdrsize = family.hdrsize();
        replies.addListener((Future<NetlinkReplies<NetlinkMessage>> f) -> {
            if (!f.isSuccess()) {
                result.tryFailure(f.cause());
                return;
            }
            NetlinkReplies<GenericNetlinkMessage> decoded;
            try {
                decoded = f.getNow().map(m -> GenericNetlinkMessage.of(m, hdrsize));
            } catch (RuntimeException e) {
                result.tryFailure(e);
                return;
            }
            if (!result.trySuccess(decoded)) {
                decoded.release();
            }
        });
        return result;
    }

    /**
     * The next notification of this family; the caller releases it. Fails with
     * {@link dev.netlink.client.NetlinkOverrunException} once after notifications were lost.
     */
    public Future<GenericNetlinkMessage> receive() {
        Promise<GenericNetlinkMessage> promise = newPromise();
        onEventLoop(() -> router.receive(family.id(), promise));
        return promise;
    }

    /**
     * Pushes this family's notifications to {@code listener} instead of queueing them for {@link #receive()}:
     * the queued ones first, then each as it arrives, on the event loop (it must not block), released when it
     * returns. {@code null} goes back to queueing.
     */
    public void onNotification(Consumer<? super GenericNetlinkMessage> listener) {
        onEventLoop(() -> router.watch(family.id(), listener));
    }

    /**
     * Joins the family's multicast group called {@code name}. Fails with {@link IllegalArgumentException} listing
     * the known names when the family has no such group.
     */
    public Future<Void> addMembership(String name) {
        return family.mcastGroup(name).<Future<Void>>map(g -> socket.addMembership(g.id()))
                .orElseGet(() -> eventLoop().newFailedFuture(unknownGroup(name)));
    }

    /** Leaves the family's multicast group called {@code name}. */
    public Future<Void> dropMembership(String name) {
        return family.mcastGroup(name).<Future<Void>>map(g -> socket.dropMembership(g.id()))
                .orElseGet(() -> eventLoop().newFailedFuture(unknownGroup(name)));
    }

    private IllegalArgumentException unknownGroup(String name) {
        return new IllegalArgumentException("family " + family.name() + " has no multicast group \"" + name
                + "\"; it has " + family.mcastGroups().stream().map(MulticastGroup::name)
                .collect(Collectors.joining(", ", "[", "]")));
    }

    /**
     * Stops routing this family's notifications to this socket; queued ones are released and a waiting
     * {@link #receive()} fails. The netlink socket underneath stays open.
     */
    @Override
    public void close() {
        onEventLoop(() -> router.unregister(family.id()));
    }

    /** The event loop of the underlying channel, where replies are handled and futures complete. */
    protected final EventLoop eventLoop() {
        return socket.channel().eventLoop();
    }

    /**
     * A promise of the underlying socket ({@link NetlinkSocket#newPromise()}): completed on its event loop, and
     * waited on with its busy-poll window.
     */
    protected final <V> Promise<V> newPromise() {
        return socket.newPromise();
    }

    final void onEventLoop(Runnable task) {
        if (eventLoop().inEventLoop()) {
            task.run();
        } else {
            eventLoop().execute(task);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + '(' + family.name() + " 0x" + Integer.toHexString(family.id()) + ", "
                + socket + ')';
    }
}
