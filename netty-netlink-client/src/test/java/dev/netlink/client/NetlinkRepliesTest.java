package dev.netlink.client;

import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.NetlinkMessage;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one container of request results: reference-counted like a message, closeable, convertible in place. */
class NetlinkRepliesTest {
    private static NetlinkMessage message(int seq) {
        return new DefaultNetlinkMessage(0x10, 0, seq, 0, Unpooled.buffer(4).writeInt(seq));
    }

    private static NetlinkReplies<NetlinkMessage> replies(NetlinkMessage... messages) {
        NetlinkReplies<NetlinkMessage> r = new NetlinkReplies<>();
        for (NetlinkMessage m : messages) {
            r.add(m);
        }
        return r;
    }

    @Test
    void referenceCountUtilReleasesEveryMessage() {
        NetlinkMessage a = message(1);
        NetlinkMessage b = message(2);
        NetlinkReplies<NetlinkMessage> r = replies(a, b);
        assertTrue(ReferenceCountUtil.release(r), "a ReferenceCounted, not a list that ignores release");
        assertEquals(0, a.refCnt());
        assertEquals(0, b.refCnt());
        assertTrue(r.toString().contains("released"), r.toString());
    }

    @Test
    void theLastReleaseReleasesAndCloseIsIdempotent() {
        NetlinkMessage a = message(1);
        NetlinkReplies<NetlinkMessage> r = replies(a).retain();
        r.close();
        assertEquals(1, a.refCnt(), "one reference left: the messages stay");
        r.close();
        assertEquals(0, a.refCnt());
        r.close(); // already released: nothing happens
        assertEquals(0, r.refCnt());
    }

    @Test
    void aListViewIteratesInOrderAndCannotBeChanged() {
        try (NetlinkReplies<NetlinkMessage> r = replies(message(1), message(2))) {
            assertEquals(List.of(1, 2), r.stream().map(NetlinkMessage::sequence).toList());
            int n = 0;
            for (NetlinkMessage m : r) {
                n += m.sequence();
            }
            assertEquals(3, n);
            assertThrows(UnsupportedOperationException.class, () -> r.asList().clear());
        }
    }

    @Test
    void mapConvertsWithoutCopyingAndConsumesTheOriginal() {
        NetlinkMessage a = message(1);
        NetlinkReplies<NetlinkMessage> r = replies(a);
        r.markDumpInterrupted();
        NetlinkReplies<NetlinkMessage> mapped = r.map(m -> m.replace(m.content())); // takes the payload over
        assertEquals(0, r.refCnt(), "the original container is consumed");
        assertEquals(1, a.refCnt(), "the payload is not released: the converted message holds it");
        assertTrue(mapped.dumpInterrupted());
        assertSame(a.content(), mapped.get(0).content(), "no copy");
        mapped.close();
        assertEquals(0, a.refCnt());
    }

    @Test
    void aFailingConversionReleasesEverything() {
        NetlinkMessage a = message(1);
        NetlinkMessage b = message(2);
        NetlinkReplies<NetlinkMessage> r = replies(a, b);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.map(m -> {
            if (m.sequence() == 2) {
                throw new IllegalStateException("malformed");
            }
            return m;
        }));
        assertEquals("malformed", e.getMessage());
        assertEquals(0, a.refCnt(), "converted before the failure: released");
        assertEquals(0, b.refCnt(), "the one that failed: released");
        assertEquals(0, r.refCnt());
    }
}
