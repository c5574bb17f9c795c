package dev.netlink.watch;

import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.transport.SocketFilter;
import dev.netlink.ynl.typed.FamilySocket;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.Future;

import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An rtnetlink {@link WatchSource}: one object kind's {@code RTM_NEW*}/{@code RTM_DEL*} pair, its groups, the
 * generated message decoder and the generated family's dump. One instance per watch: its attribute reader is
 * confined to the watch's event loop.
 *
 * @param <K> the key type
 * @param <M> the generated message type ({@code LinkMessage})
 * @param <V> the object type ({@code Link})
 */
final class RtnlSource<K, M, V> implements WatchSource<K, V> {
    /** {@code NETLINK_ROUTE}. */
    private static final int NETLINK_ROUTE = 0;

    private final int[] groups;
    private final int newType;
    private final int delType;
    private final int headerSize;
    private final FamilySocket.Decoder<M> decoder;
    private final Function<? super M, ? extends V> object;
    private final Predicate<? super V> present;
    private final Function<? super V, ? extends K> key;
    private final Function<? super V, ?> group;
    private final BiPredicate<? super V, ? super V> same;
    private final BiFunction<NetlinkSocket, Consumer<? super M>, Future<Void>> dump;
    private final SocketFilter filter;
    private final AttributeReader reader = new AttributeReader();

    /**
     * @param groups     the {@code RTNLGRP_*} numbers
     * @param newType    {@code RTM_NEW*}
     * @param headerSize the fixed header's size ({@code sizeof(struct ifinfomsg)})
     * @param decoder    the generated decoder
     * @param object     the object a message describes, {@code null} to ignore it
     * @param present    whether the object counts (its state, the watch's filter): dumps leave out the others, and
     *                   a notification of one that no longer counts removes it
     * @param group      an object's replace group ({@link WatchSource#group}), or {@code null}
     * @param dump       the generated family's dump on a socket
     * @param filter     the socket's BPF program, or {@code null}
     */
    RtnlSource(int[] groups, int newType, int headerSize, FamilySocket.Decoder<M> decoder,
               Function<? super M, ? extends V> object, Predicate<? super V> present,
               Function<? super V, ? extends K> key,
               Function<? super V, ?> group, BiPredicate<? super V, ? super V> same,
               BiFunction<NetlinkSocket, Consumer<? super M>, Future<Void>> dump, SocketFilter filter) {
        this.groups = groups.clone();
        this.newType = newType;
        this.delType = newType + 1; // RTM_DELLINK = RTM_NEWLINK + 1, and so on for each kind
        this.headerSize = headerSize;
        this.decoder = decoder;
        this.object = object;
        this.present = present;
        this.key = key;
        this.group = group;
        this.same = same;
        this.dump = dump;
        this.filter = filter;
    }

    @Override
    public int protocol() {
        return NETLINK_ROUTE;
    }

    @Override
    public int[] groups() {
        return groups.clone();
    }

    @Override
    public Change<V> notification(NetlinkMessage message) {
        if (message.type() != newType && message.type() != delType) {
            return null;
        }
        ByteBuf content = message.content();
        int header = content.readerIndex();
        int attributes = Math.min(header + NetlinkMessage.align(headerSize), content.writerIndex());
        M m = decoder.decode(content, header, reader.reset(content, attributes, content.writerIndex() - attributes));
        V v = object.apply(m);
        return v == null ? null : new Change<>(v, message.type() == delType || !present.test(v),
                message.hasFlags(NetlinkFlags.NLM_F_REPLACE));
    }

    @Override
    public K key(V v) {
        return key.apply(v);
    }

    @Override
    public Object group(V v) {
        return group.apply(v);
    }

    @Override
    public boolean same(V a, V b) {
        return same.test(a, b);
    }

    @Override
    public SocketFilter filter() {
        return filter;
    }

    @Override
    public Future<Void> dump(NetlinkSocket socket, Consumer<? super V> parts) {
        return dump.apply(socket, m -> {
            V v = object.apply(m);
            if (v != null && present.test(v)) {
                parts.accept(v);
            }
        });
    }
}
