package dev.netlink.watch;

import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.Errno;
import dev.netlink.codec.HostOrder;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a watch's dumps go out, and how it reads the kernel's own dump off the wire: no kernel, no clock. */
class DumpGateTest {
    private final List<Integer> sent = new ArrayList<>();
    private final List<Runnable> timers = new ArrayList<>();
    private boolean kernelBusy;
    private final DumpGate gate = new DumpGate(sent::add, (task, nanos) -> timers.add(task), () -> kernelBusy);

    @Test
    void oneAtATimeTheLatestOnlyAndNeverWhileTheKernelRunsOne() {
        gate.request(1, 0);
        assertEquals(List.of(1), sent);
        gate.request(2, 0);
        gate.request(3, 0); // replaces 2, which was never sent
        assertEquals(List.of(1), sent);
        kernelBusy = true; // 1 ended on our side (ENOBUFS, an overrun) while the kernel runs on
        gate.ended();
        assertEquals(List.of(1), sent);
        assertTrue(gate.waiting());
        kernelBusy = false; // its NLMSG_DONE was read
        gate.open();
        assertEquals(List.of(1, 3), sent);
        assertFalse(gate.waiting());
    }

    @Test
    void aBackOffIsScheduledAndALaterRequestOvertakesIt() {
        gate.request(1, 0);
        gate.ended();
        gate.request(2, 4_000_000);
        assertEquals(List.of(1), sent, "scheduled, not sent");
        timers.remove(0).run();
        assertEquals(List.of(1, 2), sent);
        gate.ended();
        gate.request(3, 8_000_000);
        gate.request(4, 0); // an overrun: at once
        assertEquals(List.of(1, 2, 4), sent);
        gate.ended();
        timers.remove(0).run(); // 3's timer: stale
        assertEquals(List.of(1, 2, 4), sent);
    }

    private static ByteBuf errno(int error) {
        ByteBuf b = Unpooled.buffer(4);
        HostOrder.writeI32(b, error);
        return b;
    }

    @Test
    void theKernelsDumpRunsFromItsRequestToItsDoneThroughAnEnobufsRefusal() {
        KernelDump k = new KernelDump();
        int[] ends = {0};
        k.onEnd(() -> ends[0]++);
        EmbeddedChannel ch = new EmbeddedChannel(k);
        ch.writeOutbound(new DefaultNetlinkMessage(18, NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_DUMP, 7, 0,
                Unpooled.EMPTY_BUFFER));
        assertTrue(k.running());
        ch.writeInbound(new DefaultNetlinkMessage(NetlinkMessageType.NLMSG_ERROR, 0, 7, 1, errno(-Errno.ENOBUFS)));
        assertTrue(k.running(), "refused for want of room, and running all the same");
        ch.writeInbound(new DefaultNetlinkMessage(NetlinkMessageType.NLMSG_DONE, NetlinkFlags.NLM_F_MULTI, 6, 1,
                errno(0)));
        assertTrue(k.running(), "another sequence's end");
        ch.writeInbound(new DefaultNetlinkMessage(NetlinkMessageType.NLMSG_DONE, NetlinkFlags.NLM_F_MULTI, 7, 1,
                errno(0)));
        assertFalse(k.running());
        assertEquals(1, ends[0]);
        // In a whole datagram, as a request handler that splits datagrams itself is given them: EBUSY ends it.
        ch.writeOutbound(new DefaultNetlinkMessage(18, NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_DUMP, 8, 0,
                Unpooled.EMPTY_BUFFER));
        ByteBuf datagram = Unpooled.buffer();
        for (int[] m : new int[][] {{16, 0, 0}, {NetlinkMessageType.NLMSG_ERROR, 8, -Errno.EBUSY}}) {
            HostOrder.writeI32(datagram, 20);
            HostOrder.writeI16(datagram, m[0]);
            HostOrder.writeI16(datagram, 0);
            HostOrder.writeI32(datagram, m[1]);
            HostOrder.writeI32(datagram, 0);
            HostOrder.writeI32(datagram, m[2]);
        }
        ch.writeInbound(datagram);
        assertFalse(k.running());
        assertEquals(2, ends[0]);
        k.forget();
        assertTrue(ch.finishAndReleaseAll());
    }
}
