package dev.netlink.examples;

import dev.netlink.codec.HostOrder;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.client.NetlinkReplies;
import dev.netlink.codec.Rtnetlink;
import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.client.NetlinkSocket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static dev.netlink.codec.Rtnetlink.*;

/**
 * One readable line per rtnetlink message, in the spirit of {@code ip monitor}: links by name and state,
 * addresses with their prefix, routes with gateway, device and table. Reads the fixed header and attributes
 * in place.
 */
final class RtnlFormat {
    private static final String[] OPERSTATES = {"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING",
        "DORMANT", "UP"};

    private RtnlFormat() {
    }

    /** The line for {@code m}, naming interfaces through {@code names} (ifindex to name). */
    static String format(NetlinkMessage m, Map<Integer, String> names) {
        return switch (m.type()) {
            case RTM_NEWLINK, RTM_DELLINK -> link(m, names);
            case RTM_NEWADDR, RTM_DELADDR -> addr(m, names);
            case RTM_NEWROUTE, RTM_DELROUTE -> route(m, names);
            default -> Rtnetlink.typeName(m.type()) + " (" + m.content().readableBytes() + " bytes)";
        };
    }

    /** Dumps the links ({@code RTM_GETLINK}) and returns their names by ifindex, a map that may be updated. */
    static Map<Integer, String> linkNames(NetlinkSocket socket) throws Exception {
        Map<Integer, String> names = new ConcurrentHashMap<>();
        NetlinkReplies<NetlinkMessage> links = Tools.await(socket.request(RTM_GETLINK,
                Unpooled.wrappedBuffer(new byte[IFINFOMSG_SIZE]), NetlinkFlags.NLM_F_DUMP));
        try {
            links.forEach(m -> learn(m, names));
        } finally {
            links.release();
        }
        return names;
    }

    /** Reads ifindex and IFLA_IFNAME of a link message into {@code names} (or removes it on RTM_DELLINK). */
    static void learn(NetlinkMessage m, Map<Integer, String> names) {
        if (m.type() != RTM_NEWLINK && m.type() != RTM_DELLINK) {
            return;
        }
        ByteBuf p = m.content();
        int index = HostOrder.getI32(p, p.readerIndex() + 4);
        AttributeReader a = attrs(p, IFINFOMSG_SIZE);
        if (m.type() == RTM_DELLINK) {
            names.remove(index);
        } else if (a.find(IFLA_IFNAME)) {
            names.put(index, a.string());
        }
    }

    private static AttributeReader attrs(ByteBuf p, int header) {
        int skip = Math.min(header, p.readableBytes());
        return new AttributeReader(p, p.readerIndex() + skip, p.readableBytes() - skip);
    }

    private static String link(NetlinkMessage m, Map<Integer, String> names) {
        ByteBuf p = m.content();
        int index = HostOrder.getI32(p, p.readerIndex() + 4);
        StringBuilder sb = new StringBuilder(typeName(m.type())).append(' ').append(index).append(": ");
        AttributeReader a = attrs(p, IFINFOMSG_SIZE);
        String name = names.getOrDefault(index, "?");
        String kind = null;
        int mtu = -1;
        int oper = -1;
        while (a.next()) {
            switch (a.type()) {
                case IFLA_IFNAME -> name = a.string();
                case IFLA_MTU -> mtu = a.u32();
                case IFLA_OPERSTATE -> oper = a.u8();
                case IFLA_LINKINFO -> {
                    AttributeReader info = a.nested();
                    if (info.find(IFLA_INFO_KIND)) {
                        kind = info.string();
                    }
                }
                default -> {
                }
            }
        }
        sb.append(name);
        if (kind != null) {
            sb.append(" type ").append(kind);
        }
        if (mtu >= 0) {
            sb.append(" mtu ").append(mtu);
        }
        if (oper >= 0) {
            sb.append(" state ").append(oper < OPERSTATES.length ? OPERSTATES[oper] : String.valueOf(oper));
        }
        return sb.toString();
    }

    private static String addr(NetlinkMessage m, Map<Integer, String> names) {
        ByteBuf p = m.content();
        int family = p.getUnsignedByte(p.readerIndex());
        int prefix = p.getUnsignedByte(p.readerIndex() + 1);
        int index = HostOrder.getI32(p, p.readerIndex() + 4);
        AttributeReader a = attrs(p, IFADDRMSG_SIZE);
        String address = null;
        String local = null;
        while (a.next()) {
            switch (a.type()) {
                case IFA_ADDRESS -> address = ip(a);
                case IFA_LOCAL -> local = ip(a);
                default -> {
                }
            }
        }
        String shown = local != null ? local : address;
        return typeName(m.type()) + ' ' + index + ": " + names.getOrDefault(index, "?") + ' '
                + (family == AF_INET6 ? "inet6 " : "inet ") + shown + '/' + prefix;
    }

    static String route(NetlinkMessage m, Map<Integer, String> names) {
        ByteBuf p = m.content();
        int ri = p.readerIndex();
        int family = p.getUnsignedByte(ri);
        int dstLen = p.getUnsignedByte(ri + 1);
        int table = p.getUnsignedByte(ri + 4);
        AttributeReader a = attrs(p, RTMSG_SIZE);
        String dst = null;
        String gateway = null;
        int oif = -1;
        int priority = -1;
        while (a.next()) {
            switch (a.type()) {
                case RTA_DST -> dst = ip(a);
                case RTA_GATEWAY -> gateway = ip(a);
                case RTA_OIF -> oif = a.u32();
                case RTA_PRIORITY -> priority = a.u32();
                case RTA_TABLE -> table = a.u32();
                default -> {
                }
            }
        }
        StringBuilder sb = new StringBuilder(typeName(m.type())).append(' ');
        sb.append(dst == null ? "default" : dst + '/' + dstLen);
        if (gateway != null) {
            sb.append(" via ").append(gateway);
        }
        if (oif >= 0) {
            sb.append(" dev ").append(names.getOrDefault(oif, String.valueOf(oif)));
        }
        if (priority >= 0) {
            sb.append(" metric ").append(priority);
        }
        sb.append(" table ").append(table == 254 ? "main" : table == 255 ? "local" : String.valueOf(table));
        if (family == AF_INET6) {
            sb.append(" inet6");
        }
        return sb.toString();
    }

    private static String ip(AttributeReader a) {
        try {
            return InetAddress.getByAddress(a.bytes()).getHostAddress();
        } catch (UnknownHostException e) {
            return "?(" + a.length() + " bytes)";
        }
    }
}
