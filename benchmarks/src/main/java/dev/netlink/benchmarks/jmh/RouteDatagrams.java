package dev.netlink.benchmarks.jmh;

import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.Rtnetlink;
import dev.netlink.codec.attr.AttributeWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A route-dump datagram as the kernel sends it for the peer benchmark's table: {@value #ROUTES} RTM_NEWROUTE
 * messages of 52 bytes (rtmsg, RTA_TABLE, RTA_DST, RTA_OIF), about 32 KiB.
 */
final class RouteDatagrams {
    static final int ROUTES = 620;

    private RouteDatagrams() {
    }

    static ByteBuf datagram(int seq, int portId) {
        ByteBuf b = Unpooled.directBuffer(ROUTES * 52);
        for (int i = 0; i < ROUTES; i++) {
            int start = b.writerIndex();
            b.writeIntLE(0).writeShortLE(Rtnetlink.RTM_NEWROUTE).writeShortLE(NetlinkFlags.NLM_F_MULTI)
                    .writeIntLE(seq).writeIntLE(portId);
            b.writeByte(Rtnetlink.AF_INET).writeByte(32).writeByte(0).writeByte(0).writeByte(254).writeByte(3)
                    .writeByte(253).writeByte(1).writeIntLE(0);
            new AttributeWriter(b).putU32(Rtnetlink.RTA_TABLE, 254).putBe32(Rtnetlink.RTA_DST, 0x0a000000 | i)
                    .putU32(Rtnetlink.RTA_OIF, 1);
            b.setIntLE(start, b.writerIndex() - start);
        }
        // putBe32 sets NLA_F_NET_BYTEORDER, which the kernel does not for RTA_DST: clear it to match its bytes.
        for (int off = 16 + 12 + 8; off < b.writerIndex(); off += 52) {
            b.setShortLE(off + 2, Rtnetlink.RTA_DST);
        }
        return b;
    }
}
