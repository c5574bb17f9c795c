package dev.netlink.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import org.junit.jupiter.api.Test;

import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetlinkMessageEncoderTest {
    private static DefaultNetlinkMessage message(int type, int flags, int seq, int pid, String payload) {
        return new DefaultNetlinkMessage(type, flags, seq, pid,
                Unpooled.copiedBuffer(payload, StandardCharsets.US_ASCII));
    }

    @Test
    void writesHeaderPayloadAndZeroPadding() {
        EmbeddedChannel ch = new EmbeddedChannel(new NetlinkMessageEncoder());
        ch.writeAndFlush(message(0x1234, 0x0305, 0x01020304, 0x0a0b0c0d, "abcde"));
        ByteBuf out = ch.readOutbound();
        assertEquals("15000000" + "3412" + "0503" + "04030201" + "0d0c0b0a" + "6162636465" + "000000",
                ByteBufUtil.hexDump(out));
        out.release();
        assertFalse(ch.finish());
    }

    @Test
    void packsMessagesWrittenBeforeOneFlushIntoOneDatagram() {
        EmbeddedChannel ch = new EmbeddedChannel(new NetlinkMessageEncoder());
        List<ChannelFuture> futures = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            futures.add(ch.write(message(0x10, NetlinkFlags.NLM_F_REQUEST, i, 0, "x".repeat(i))));
        }
        assertNull(ch.readOutbound(), "nothing is sent before the flush");
        assertFalse(futures.get(0).isDone());
        ch.flush();
        ByteBuf out = ch.readOutbound();
        assertEquals(20 + 20 + 20, out.readableBytes());
        List<Object> decoded = new ArrayList<>();
        NetlinkMessageDecoder.decode(out, null, 0, decoded);
        assertEquals(3, decoded.size());
        for (int i = 0; i < 3; i++) {
            NetlinkMessage m = (NetlinkMessage) decoded.get(i);
            assertEquals(i + 1, m.sequence());
            assertEquals("x".repeat(i + 1), m.content().toString(StandardCharsets.US_ASCII));
            m.release();
        }
        out.release();
        assertNull(ch.readOutbound());
        for (ChannelFuture f : futures) {
            assertTrue(f.isSuccess());
        }
        assertFalse(ch.finish());
    }

    @Test
    void startsANewDatagramAtTheLimit() {
        EmbeddedChannel ch = new EmbeddedChannel(new NetlinkMessageEncoder(64));
        for (int i = 0; i < 5; i++) {
            ch.write(message(0x10, 0, i, 0, "0123456789abcdef")); // 32 bytes each
        }
        ch.write(message(0x10, 0, 5, 0, "y".repeat(100))); // larger than the limit: alone
        ch.flush();
        int[] sizes = {64, 64, 32, 116};
        for (int size : sizes) {
            ByteBuf out = ch.readOutbound();
            assertEquals(size, out.readableBytes());
            out.release();
        }
        assertNull(ch.readOutbound());
        assertFalse(ch.finish());
    }

    @Test
    void withoutPackingEveryMessageIsItsOwnDatagram() {
        EmbeddedChannel ch = new EmbeddedChannel(new NetlinkMessageEncoder(0));
        ch.write(message(0x10, 0, 1, 0, "a"));
        ch.write(message(0x10, 0, 2, 0, "b"));
        ch.flush();
        for (int i = 0; i < 2; i++) {
            ByteBuf out = ch.readOutbound();
            assertEquals(20, out.readableBytes());
            out.release();
        }
        assertFalse(ch.finish());
    }

    @Test
    void rawBuffersPassThroughInOrder() {
        EmbeddedChannel ch = new EmbeddedChannel(new NetlinkMessageEncoder());
        ch.write(message(0x10, 0, 1, 0, ""));
        ByteBuf raw = Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4});
        ch.write(raw);
        ch.flush();
        ByteBuf first = ch.readOutbound();
        assertEquals(16, first.readableBytes());
        first.release();
        assertSame(raw, ch.readOutbound());
        raw.release();
        assertFalse(ch.finish());
    }

    @Test
    void aTypeBeyondSixteenBitsFailsItsPromiseAndIsReleased() {
        EmbeddedChannel ch = new EmbeddedChannel(new NetlinkMessageEncoder());
        DefaultNetlinkMessage bad = message(0x10000, 0, 1, 0, "p");
        ChannelFuture f = ch.writeAndFlush(bad);
        assertInstanceOf(EncoderException.class, f.cause());
        assertEquals(0, bad.refCnt());
        assertNull(ch.readOutbound());
        assertFalse(ch.finish());
    }

    @Test
    void closeFailsWhatWasNotFlushed() {
        EmbeddedChannel ch = new EmbeddedChannel(new NetlinkMessageEncoder());
        ChannelFuture f = ch.write(message(0x10, 0, 1, 0, "pending"));
        ch.close();
        assertInstanceOf(ClosedChannelException.class, f.cause());
        assertFalse(ch.finish());
    }

    @Test
    void randomHeadersRoundTripThroughEncoderAndDecoder() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        EmbeddedChannel ch = new EmbeddedChannel(new NetlinkMessageDecoder(), new NetlinkMessageEncoder());
        for (int i = 0; i < 500; i++) {
            byte[] payload = new byte[random.nextInt(70)];
            random.nextBytes(payload);
            DefaultNetlinkMessage sent = new DefaultNetlinkMessage(random.nextInt(0x10000),
                    random.nextInt(0x10000), random.nextInt(), random.nextInt(), Unpooled.wrappedBuffer(payload));
            DefaultNetlinkMessage expected = sent.copy();
            ch.writeAndFlush(sent);
            ByteBuf wire = ch.readOutbound();
            assertEquals(0, wire.readableBytes() % 4, "seed " + seed);
            ch.writeInbound(wire);
            NetlinkMessage received = ch.readInbound();
            assertEquals(expected, received, "seed " + seed);
            expected.release();
            received.release();
        }
        assertFalse(ch.finish());
    }

    /** Sends at flush and lets go, as NetlinkChannel does: each datagram's bytes and buffer recorded, then released. */
    private static final class SendingSink extends io.netty.channel.ChannelOutboundHandlerAdapter {
        final List<String> sent = new ArrayList<>();
        final List<ByteBuf> buffers = new ArrayList<>();

        @Override
        public void write(io.netty.channel.ChannelHandlerContext ctx, Object msg, io.netty.channel.ChannelPromise p) {
            ByteBuf b = (ByteBuf) msg;
            sent.add(ByteBufUtil.hexDump(b));
            buffers.add(b);
            b.release();
            p.setSuccess();
        }
    }

    @Test
    void aDatagramSentAndLetGoAtTheFlushLendsItsBufferToTheNext() {
        SendingSink sink = new SendingSink();
        EmbeddedChannel ch = new EmbeddedChannel(sink, new NetlinkMessageEncoder());
        ChannelFuture first = ch.writeAndFlush(message(0x10, 0, 1, 0, "abcdefgh"));
        ChannelFuture second = ch.writeAndFlush(message(0x11, 0, 2, 0, "ab"));
        assertTrue(first.isSuccess() && second.isSuccess());
        assertEquals(2, sink.sent.size());
        assertSame(sink.buffers.get(0), sink.buffers.get(1), "the second datagram is packed into the first's buffer");
        assertEquals("12000000" + "1100" + "0000" + "02000000" + "00000000" + "6162" + "0000", sink.sent.get(1),
                "nothing of the first datagram is left in it");
        assertFalse(ch.finish()); // the kept buffer is released with the handler: PARANOID finds no leak
    }

    @Test
    void aDatagramStillQueuedAfterTheFlushIsNotReused() {
        EmbeddedChannel ch = new EmbeddedChannel(new NetlinkMessageEncoder()); // keeps what is written
        ch.writeAndFlush(message(0x10, 0, 1, 0, "abcd"));
        ch.writeAndFlush(message(0x10, 0, 2, 0, "efgh"));
        ByteBuf a = ch.readOutbound();
        ByteBuf b = ch.readOutbound();
        assertFalse(a == b, "a queued datagram must not be written into again");
        assertEquals(1, a.refCnt(), "the encoder kept no reference on a buffer it could not reuse");
        assertEquals(1, HostOrder.getI32(a, 8));
        assertEquals(2, HostOrder.getI32(b, 8));
        a.release();
        b.release();
        assertFalse(ch.finish());
    }
}
