package dev.netlink.client;

import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.NetlinkMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.util.ArrayList;
import java.util.List;

/**
 * Several requests sent in one datagram, each with its own future: the kernel runs the messages of a datagram in
 * order inside one {@code sendmsg} and answers each on its own, so a batch asks N questions for one system call.
 * Made by {@link NetlinkSocket#batch()}; add requests, then {@link #send()}.
 *
 * <p>The kernel's rules hold: each answer completes its own request, an error fails only its request, and a dump
 * cannot share a batch (the kernel runs one dump at a time per socket), so adding one is refused. The batch goes
 * out whole when the socket's window has room for all of it (or nothing is outstanding); the encoder packs it into
 * as few datagrams as its 32 KiB limit allows. Not thread-safe: fill and send it on one thread; its futures
 * complete on the socket's event loop.
 */
public final class NetlinkBatch {
    private final NetlinkSocket socket;
    private final List<NetlinkRequest> requests = new ArrayList<>();
    private boolean sent;

    NetlinkBatch(NetlinkSocket socket) {
        this.socket = socket;
    }

    /**
     * Adds a request of {@code type} with {@code payload} (released once sent) and {@code flags}; as
     * {@link NetlinkSocket#request(int, ByteBuf, int)}, but sent with the rest of the batch.
     *
     * @throws IllegalArgumentException for a dump ({@code NLM_F_DUMP}, both bits); the payload is released
     * @throws IllegalStateException    after {@link #send()}; the payload is released
     */
    public Future<NetlinkReplies<NetlinkMessage>> request(int type, ByteBuf payload, int flags) {
        return add(new NetlinkRequest(new DefaultNetlinkMessage(type, flags, 0, 0, payload),
                socket.<NetlinkReplies<NetlinkMessage>>newPromise()));
    }

    /**
     * Adds a request configured by the caller (timeout, schema).
     *
     * @throws IllegalArgumentException for a dump; the request is released
     * @throws IllegalStateException    after {@link #send()}; the request is released
     */
    public Future<NetlinkReplies<NetlinkMessage>> add(NetlinkRequest request) {
        if (sent) {
            ReferenceCountUtil.release(request);
            throw new IllegalStateException("the batch was sent already");
        }
        if (request.isDump()) {
            ReferenceCountUtil.release(request);
            throw new IllegalArgumentException("a dump cannot share a batch: the kernel runs one dump at a time "
                    + "per socket (send it with NetlinkSocket.request or dump)");
        }
        requests.add(request);
        return request.replies();
    }

    /** The requests added so far. */
    public int size() {
        return requests.size();
    }

    /**
     * Sends every request added, together. A write that fails before the socket's handler takes them (a closed
     * channel) fails each request's future with its cause.
     */
    public void send() {
        if (sent) {
            throw new IllegalStateException("the batch was sent already");
        }
        sent = true;
        if (requests.isEmpty()) {
            return;
        }
        Channel channel = socket.channel();
        List<NetlinkRequest> batch = List.copyOf(requests);
        channel.writeAndFlush(new NetlinkRequestBatch(batch)).addListener(f -> {
            if (!f.isSuccess()) {
                for (NetlinkRequest r : batch) {
                    Promise<NetlinkReplies<NetlinkMessage>> replies = r.replies();
                    replies.tryFailure(f.cause());
                }
            }
        });
    }
}
