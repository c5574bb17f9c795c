package dev.netlink.client.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.netlink.client.NetlinkDumpInterruptedException;
import dev.netlink.client.NetlinkReplies;
import dev.netlink.client.NetlinkRequest;
import dev.netlink.client.NetlinkRequestHandler;
import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.MalformedNetlinkException;
import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkException;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageDecoder;
import dev.netlink.codec.attr.AttributeReader;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;

/**
 * Hostile bytes as the kernel's answer to a request in flight (sequence 1 on port 0x0d91, as in the kernel
 * captures), through the decoder and the request handler, and through the request handler alone reading parts in
 * place: the request ends or stays pending, but nothing else escapes and nothing leaks. Replays the corpus in {@code RequestHandlerFuzzTestInputs} in every build; with
 * {@code JAZZER_FUZZ=1} it fuzzes.
 */
class RequestHandlerFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void inbound(byte[] bytes) {
        EmbeddedChannel ch = channel(new NetlinkMessageDecoder(), new NetlinkRequestHandler(0, 32));
        try {
            answer(ch, new NetlinkRequest(
                    new DefaultNetlinkMessage(0x10, NetlinkFlags.NLM_F_DUMP, 0, 0, Unpooled.buffer(0)),
                    ch.eventLoop()), bytes);
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    /** A channel bound to port 0x0d91, as in the kernel captures. */
    private static EmbeddedChannel channel(io.netty.channel.ChannelHandler... handlers) {
        return new EmbeddedChannel(handlers) {
            @Override
            protected java.net.SocketAddress localAddress0() {
                return NetlinkAddress.ofPort(0x0d91);
            }
        };
    }

    /**
     * Sends {@code request} (sequence 1), reads {@code bytes} as the kernel's answer, and checks that the request
     * ended well, with a kernel error or a malformed answer, or is still pending; releases whatever passed on.
     */
    private static void answer(EmbeddedChannel ch, NetlinkRequest request, byte[] bytes) {
        Future<NetlinkReplies<NetlinkMessage>> f = request.send(ch);
        ReferenceCountUtil.release(ch.readOutbound());
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes));
        } catch (DecoderException malformed) {
            // reported to the pipeline, and the channel goes on
        }
        if (f.isSuccess()) {
            f.getNow().release();
        } else if (f.isDone() && !(f.cause() instanceof NetlinkException)
                && !(f.cause() instanceof NetlinkDumpInterruptedException)
                && !(f.cause() instanceof MalformedNetlinkException)) {
            throw new AssertionError("unexpected failure", f.cause());
        }
        for (Object o; (o = ch.readInbound()) != null; ) {
            ReferenceCountUtil.release(o);
        }
    }

    /**
     * The same bytes to the request handler alone, as a socket's pipeline has it: it splits the datagram itself and
     * hands the dump's parts to a part reader where they lie, which walks their attributes (after a 4-byte genl
     * header). A part's bounds must hold the reader in the part; an ACK or {@code NLMSG_DONE} read in place must end
     * the dump only when it is a plain success.
     */
    @FuzzTest(maxDuration = "30s")
    void inboundInPlace(byte[] bytes) {
        EmbeddedChannel ch = channel(new NetlinkRequestHandler(0, 32));
        try {
            AttributeReader reader = new AttributeReader();
            NetlinkRequest dump = new NetlinkRequest(
                    new DefaultNetlinkMessage(0x10, NetlinkFlags.NLM_F_DUMP, 0, 0, Unpooled.buffer(0)),
                    ch.eventLoop()).partReader((buf, type, index, length) -> {
                        if (index < 16 || length < 0 || index + length > bytes.length) {
                            throw new AssertionError("a part outside its datagram: " + index + "+" + length);
                        }
                        if (length >= 4) {
                            for (AttributeReader a = reader.reset(buf, index + 4, length - 4); a.next(); ) {
                                a.type();
                            }
                        }
                    });
            answer(ch, dump, bytes);
        } finally {
            ch.finishAndReleaseAll();
        }
    }
}
