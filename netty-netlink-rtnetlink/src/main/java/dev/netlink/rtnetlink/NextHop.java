package dev.netlink.rtnetlink;

import dev.netlink.codec.HostOrder;
import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.codec.attr.AttributeWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * One path of a multipath route, a {@code struct rtnexthop} of {@code RTA_MULTIPATH} ({@code linux/rtnetlink.h};
 * the YNL spec leaves the attribute binary): its output interface, weight ({@code rtnh_hops + 1}), flags
 * ({@code RTNH_F_*}) and gateway ({@code RTA_GATEWAY} inside it). Immutable.
 *
 * @param oif     {@code rtnh_ifindex}
 * @param weight  {@code rtnh_hops + 1}, 1 to 256
 * @param flags   {@code rtnh_flags}
 * @param gateway the path's {@code RTA_GATEWAY}, {@code null} for a direct path
 */
public record NextHop(int oif, int weight, int flags, InetAddress gateway) {
    /** {@code sizeof(struct rtnexthop)}. */
    static final int RTNEXTHOP_SIZE = 8;
    /** {@code RTA_GATEWAY}. */
    static final int RTA_GATEWAY = 5;

    public NextHop {
        if (weight < 1 || weight > 256) {
            throw new IllegalArgumentException("next hop weight " + weight + " is outside 1..256");
        }
    }

    /** A path via {@code gateway} out of {@code oif}, weight 1. */
    public static NextHop via(InetAddress gateway, int oif) {
        return new NextHop(oif, 1, 0, gateway);
    }

    /** The paths in {@code RTA_MULTIPATH}'s payload. */
    static List<NextHop> decode(byte[] multipath) {
        List<NextHop> hops = new ArrayList<>();
        ByteBuf b = Unpooled.wrappedBuffer(multipath);
        int i = 0;
        while (i + RTNEXTHOP_SIZE <= b.writerIndex()) {
            int len = HostOrder.getU16(b, i);
            if (len < RTNEXTHOP_SIZE || i + len > b.writerIndex()) {
                break;
            }
            int flags = b.getUnsignedByte(i + 2);
            int rtnhHops = b.getUnsignedByte(i + 3);
            int oif = HostOrder.getI32(b, i + 4);
            InetAddress gw = null;
            AttributeReader r = new AttributeReader(b, i + RTNEXTHOP_SIZE, len - RTNEXTHOP_SIZE);
            while (r.next()) {
                if (r.type() == RTA_GATEWAY && (r.length() == 4 || r.length() == 16)) {
                    try {
                        gw = InetAddress.getByAddress(r.bytes());
                    } catch (UnknownHostException e) {
                        throw new AssertionError(e);
                    }
                }
            }
            hops.add(new NextHop(oif, rtnhHops + 1, flags, gw));
            i += len + 3 & ~3;
        }
        return hops;
    }

    /** {@code RTA_MULTIPATH}'s payload for {@code hops}. */
    static byte[] encode(List<NextHop> hops) {
        return Links.attributes(w -> {
            ByteBuf b = w.buffer();
            for (NextHop h : hops) {
                int start = b.writerIndex();
                HostOrder.writeI16(b, 0);
                b.writeByte(h.flags).writeByte(h.weight - 1);
                HostOrder.writeI32(b, h.oif);
                if (h.gateway != null) {
                    new AttributeWriter(b).putBinary(RTA_GATEWAY, h.gateway.getAddress());
                }
                HostOrder.setI16(b, start, b.writerIndex() - start);
            }
        });
    }

    @Override
    public String toString() {
        return (gateway == null ? "" : "via " + gateway.getHostAddress() + ' ') + "dev " + oif + " weight " + weight;
    }
}
