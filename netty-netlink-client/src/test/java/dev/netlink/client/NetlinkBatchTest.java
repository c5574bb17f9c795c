package dev.netlink.client;

import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkException;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.testkit.FakeKernel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several requests in one datagram, each with its own future, against the fake kernel. */
class NetlinkBatchTest {
    static final int TYPE = 0x10;

    private final List<Integer> datagramSizes = new ArrayList<>();
    private FakeKernel kernel;
    private EmbeddedChannel ch;
    private NetlinkSocket socket;

    private void start(FakeKernel.Responder responder) {
        kernel = new FakeKernel(responder);
        ch = FakeKernel.newChannel(kernel, new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (msg instanceof ByteBuf datagram) {
                    datagramSizes.add(datagram.readableBytes());
                }
                ctx.write(msg, promise);
            }
        });
        socket = NetlinkSocket.on(ch, 1000);
    }

    @AfterEach
    void tearDown() {
        ch.finishAndReleaseAll();
    }

    @Test
    void sixtyFourRequestsGoInOneDatagramAndEachGetsItsOwnAnswer() {
        start((req, reply) -> {
            ByteBuf p = Unpooled.buffer(4).writeInt(req.sequence());
            reply.message(TYPE, p);
        });
        NetlinkBatch batch = socket.batch();
        List<Future<NetlinkReplies<NetlinkMessage>>> futures = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            futures.add(batch.request(TYPE, Unpooled.buffer(4).writeInt(i), 0));
        }
        assertEquals(64, batch.size());
        batch.send();
        assertEquals(List.of(64 * 20), datagramSizes, "one datagram of 64 requests, above the window of 32");
        assertEquals(64, kernel.requests().size());
        for (Future<NetlinkReplies<NetlinkMessage>> f : futures) {
            try (NetlinkReplies<NetlinkMessage> r = f.getNow()) {
                NetlinkMessage m = r.get(0);
                assertEquals(m.sequence(), m.content().getInt(m.content().readerIndex()), "its own answer");
            }
        }
    }

    @Test
    void anErrorFailsOnlyItsRequest() {
        start((req, reply) -> {
            if (req.content().getInt(req.content().readerIndex()) == 1) {
                reply.error(Errno.ENOENT, "not this one");
            }
        });
        NetlinkBatch batch = socket.batch();
        Future<NetlinkReplies<NetlinkMessage>> a = batch.request(TYPE, Unpooled.buffer(4).writeInt(0), 0);
        Future<NetlinkReplies<NetlinkMessage>> b = batch.request(TYPE, Unpooled.buffer(4).writeInt(1), 0);
        Future<NetlinkReplies<NetlinkMessage>> c = batch.request(TYPE, Unpooled.buffer(4).writeInt(2), 0);
        batch.send();
        assertTrue(a.isSuccess() && c.isSuccess());
        assertEquals("not this one", assertInstanceOf(NetlinkException.class, b.cause()).extendedAck().message());
        a.getNow().close();
        c.getNow().close();
    }

    @Test
    void aDumpIsRefusedAndASentBatchTakesNoMore() {
        start((req, reply) -> { });
        NetlinkBatch batch = socket.batch();
        ByteBuf payload = Unpooled.buffer(4);
        assertThrows(IllegalArgumentException.class, () -> batch.request(TYPE, payload, NetlinkFlags.NLM_F_DUMP));
        assertEquals(0, payload.refCnt(), "the refused payload is released");
        batch.request(TYPE, Unpooled.buffer(0), 0);
        batch.send();
        ByteBuf late = Unpooled.buffer(4);
        assertThrows(IllegalStateException.class, () -> batch.request(TYPE, late, 0));
        assertEquals(0, late.refCnt());
        assertThrows(IllegalStateException.class, batch::send);
    }

    @Test
    void aBatchWrittenToAClosedChannelFailsEveryRequest() {
        start((req, reply) -> { });
        ch.close();
        NetlinkBatch batch = socket.batch();
        Future<NetlinkReplies<NetlinkMessage>> a = batch.request(TYPE, Unpooled.buffer(4), 0);
        Future<NetlinkReplies<NetlinkMessage>> b = batch.request(TYPE, Unpooled.buffer(4), 0);
        batch.send();
        assertInstanceOf(ClosedChannelException.class, a.cause());
        assertInstanceOf(ClosedChannelException.class, b.cause());
    }
}
