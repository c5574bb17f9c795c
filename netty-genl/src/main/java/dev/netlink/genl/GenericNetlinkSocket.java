package dev.netlink.genl;

import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.client.NetlinkReplies;
import dev.netlink.client.NetlinkRequest;
import dev.netlink.codec.attr.AttributeSchema;
import dev.netlink.codec.attr.AttributeWriter;
import dev.netlink.client.NetlinkSocket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A socket bound to one generic netlink {@link Family}: requests of the family's commands, its notifications,
 * and membership of its multicast groups by name. Several family sockets share one {@link NetlinkSocket} (and
 * so one channel); {@link #receive()} returns only this family's notifications.
 *
 * <p>A family with known attributes is best given a subclass that declares them once by overriding
 * {@link #schema()}; errors then name the offending attribute, and {@link #request(int, Map, int, ByteBuf)}
 * encodes maps with it. Make one with {@link GenericNetlinkController#get(String, Factory)}.
 *
 * <p>Every method may be called from any thread; futures complete on the channel's event loop.
 */
public class GenericNetlinkSocket {
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
        onEventLoop(() -> router.register(family.id(), family.hdrsize()));
    }

    /** The family this socket speaks. */
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
     * {@code header} (released; {@code null} when the family has none). Completes with the replies decoded as
     * genl messages, which the caller releases.
     *
     * @param flags extra {@code nlmsg_flags}, e.g. {@code NLM_F_DUMP}; {@code NLM_F_REQUEST|NLM_F_ACK} are
     *              always set
     */
    public Future<List<GenericNetlinkMessage>> request(int cmd, Consumer<AttributeWriter> attrs, int flags,
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
     * Sends command {@code cmd} with attributes encoded from {@code attrs} by {@link #schema()}.
     *
     * @throws IllegalStateException (in the future) when the family declares no schema
     */
    public Future<List<GenericNetlinkMessage>> request(int cmd, Map<Integer, ?> attrs, int flags, ByteBuf header) {
        AttributeSchema schema = schema();
        if (schema == null) {
            ReferenceCountUtil.release(header);
            return eventLoop().newFailedFuture(new IllegalStateException(getClass().getSimpleName()
                    + " declares no attribute schema for family " + family.name() + "; write the attributes"));
        }
        return request(cmd, w -> schema.encode(attrs, w), flags, header);
    }

    /**
     * Sends a dump of {@code cmd} and hands each part to {@code consumer} on the event loop as it arrives (released
     * when the consumer returns): memory does not grow with the dump. Completes when the dump ends.
     */
    public Future<Void> dump(int cmd, Consumer<AttributeWriter> attrs, ByteBuf header,
                             Consumer<? super GenericNetlinkMessage> consumer) {
        NetlinkRequest request;
        try {
            request = newRequest(cmd, attrs, dev.netlink.codec.NetlinkFlags.NLM_F_DUMP, header);
        } catch (RuntimeException e) {
            return eventLoop().newFailedFuture(e);
        }
        int hdrsize = family.hdrsize();
        request.consumer(m -> {
            GenericNetlinkMessage g = GenlCodec.decode(m, hdrsize);
            try {
                consumer.accept(g);
            } finally {
                g.release();
            }
        });
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
        ByteBuf payload = socket.channel().alloc().buffer(64);
        try {
            GenlCodec.writeGenlHeader(payload, cmd, family.version());
            if (header != null) {
                payload.writeBytes(header);
                payload.writeZero(GenlCodec.align(headerSize) - headerSize);
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
        NetlinkRequest request = new NetlinkRequest(new DefaultNetlinkMessage(family.id(), flags, 0, 0, payload),
                newPromise());
        AttributeSchema schema = schema();
        if (schema != null) {
            request.schema(schema, GenlCtrl.GENL_HDRLEN + GenlCodec.align(family.hdrsize()));
        }
        return request;
    }

    /** Converts replies to genl messages, releasing the netlink ones. */
    protected Future<List<GenericNetlinkMessage>> decodeReplies(Future<NetlinkReplies> replies) {
        Promise<List<GenericNetlinkMessage>> result = newPromise();
        replies.addListener((Future<NetlinkReplies> f) -> {
            if (!f.isSuccess()) {
                result.tryFailure(f.cause());
                return;
            }
            NetlinkReplies raw = f.getNow();
            List<GenericNetlinkMessage> out = new ArrayList<>(raw.size());
            try {
                for (NetlinkMessage m : raw) {
                    out.add(GenlCodec.decode(m, family.hdrsize()));
                }
            } catch (RuntimeException e) {
                out.forEach(GenericNetlinkMessage::release);
                result.tryFailure(e);
                return;
            } finally {
                raw.release();
            }
            if (!result.trySuccess(out)) {
                out.forEach(GenericNetlinkMessage::release);
            }
        });
        return result;
    }

    /** The next notification of this family; the caller releases it. */
    public Future<GenericNetlinkMessage> receive() {
        Promise<GenericNetlinkMessage> promise = newPromise();
        onEventLoop(() -> router.receive(family.id(), promise));
        return promise;
    }

    /**
     * Joins the family's multicast group called {@code name}. Fails with {@link IllegalArgumentException} listing
     * the known names when the family has no such group.
     */
    public Future<Void> addMembership(String name) {
        return family.mcastGroup(name).<Future<Void>>map(g -> socket.addMembership(g.id()))
                .orElseGet(() -> eventLoop().newFailedFuture(new IllegalArgumentException("family " + family.name()
                        + " has no multicast group \"" + name + "\"; it has " + family.mcastGroups().stream()
                        .map(MulticastGroup::name).collect(Collectors.joining(", ", "[", "]")))));
    }

    /** Leaves the family's multicast group called {@code name}. */
    public Future<Void> dropMembership(String name) {
        return family.mcastGroup(name).<Future<Void>>map(g -> socket.dropMembership(g.id()))
                .orElseGet(() -> eventLoop().newFailedFuture(new IllegalArgumentException("family " + family.name()
                        + " has no multicast group \"" + name + "\"")));
    }

    /** Routes this family's notifications to {@code watcher} instead of {@link #receive()}. */
    protected void watch(Consumer<GenericNetlinkMessage> watcher) {
        onEventLoop(() -> router.watch(family.id(), watcher));
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

    private void onEventLoop(Runnable task) {
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
