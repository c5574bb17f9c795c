package dev.netlink.codec;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetlinkMessageTest {
    @Test
    void factoriesSetTheRequestFlags() {
        DefaultNetlinkMessage req = DefaultNetlinkMessage.request(0x10, NetlinkFlags.NLM_F_ACK, Unpooled.buffer());
        assertEquals(NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK, req.flags());
        assertEquals(0, req.sequence());
        req.release();
        DefaultNetlinkMessage dump = DefaultNetlinkMessage.dump(18, Unpooled.buffer());
        assertEquals(NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_DUMP, dump.flags());
        assertTrue(dump.hasFlags(NetlinkFlags.NLM_F_DUMP));
        dump.release();
    }

    @Test
    void toStringNamesTypeAndFlags() {
        DefaultNetlinkMessage m = new DefaultNetlinkMessage(NetlinkMessageType.NLMSG_ERROR,
                NetlinkFlags.NLM_F_ACK_TLVS, 7, -1, Unpooled.wrappedBuffer(new byte[36]), NetlinkAddress.KERNEL, 0);
        assertEquals("NetlinkMessage(NLMSG_ERROR, flags=ACK_TLVS, seq=7, pid=4294967295, 36B, from nl:0)",
                m.toString());
        m.release();
        assertTrue(m.toString().contains("freed"));
        DefaultNetlinkMessage req = DefaultNetlinkMessage.dump(0x10, Unpooled.EMPTY_BUFFER);
        assertEquals("NetlinkMessage(0x10, flags=REQUEST|0x300, seq=0, pid=0, 0B)", req.toString());
    }

    @Test
    void settersAndValueEquality() {
        DefaultNetlinkMessage a = new DefaultNetlinkMessage(0x10, 1, 2, 3, Unpooled.wrappedBuffer(new byte[] {1}));
        DefaultNetlinkMessage b = a.copy();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.setSequence(99).setPortId(5).setFlags(4).setType(0x11);
        assertNotEquals(a, b);
        assertEquals(99, b.sequence());
        assertEquals(5, b.portId());
        assertEquals(4, b.flags());
        assertEquals(0x11, b.type());
        a.release();
        b.release();
    }

    @Test
    void alignment() {
        assertEquals(0, NetlinkMessage.align(0));
        assertEquals(4, NetlinkMessage.align(1));
        assertEquals(4, NetlinkMessage.align(4));
        assertEquals(20, NetlinkMessage.align(17));
    }

    @Test
    void addressesAndDatagrams() {
        NetlinkAddress a = new NetlinkAddress(0x80000000, 0x5);
        assertEquals("nl:2147483648/groups=0x5", a.toString());
        assertEquals(1, a.lowestGroup());
        assertEquals(0, NetlinkAddress.ofPort(7).lowestGroup());
        assertEquals(NetlinkAddress.KERNEL, NetlinkAddress.ofPort(0));
        assertTrue(NetlinkAddress.KERNEL.isKernel());
        assertEquals(new NetlinkAddress(3, 4), new NetlinkAddress(3, 4));
        assertEquals(32, new NetlinkAddress(0, 0x80000000).lowestGroup());

        NetlinkDatagram d = new NetlinkDatagram(Unpooled.buffer(4).writeInt(1), NetlinkAddress.ofPort(9),
                new NetlinkAddress(0, 1 << 2), 0);
        assertEquals(3, d.group());
        assertEquals("NetlinkDatagram(4B, from nl:0/groups=0x4, to nl:9, group 3)", d.toString());
        d.release();
        NetlinkDatagram p = new NetlinkDatagram(Unpooled.buffer(), NetlinkAddress.ofPort(9), NetlinkAddress.KERNEL,
                33);
        assertEquals(33, p.group());
        p.release();
    }
}
