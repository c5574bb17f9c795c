package dev.netlink.examples;

import dev.netlink.client.NetlinkReplies;
import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkException;
import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.genl.GenericNetlink;
import dev.netlink.genl.GenericNetlinkController;
import dev.netlink.genl.GenericNetlinkMessage;
import dev.netlink.genl.GenericNetlinkSocket;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ethtool-info IFNAME [--netns NAME] [--json]}: link information of one interface from the ethtool
 * generic netlink family, looked up through {@link GenericNetlinkController#get}: port and transceiver
 * ({@code ETHTOOL_MSG_LINKINFO_GET}), speed, duplex and autonegotiation ({@code ETHTOOL_MSG_LINKMODES_GET}),
 * and whether a link is detected ({@code ETHTOOL_MSG_LINKSTATE_GET}). What a device does not support is shown
 * as such.
 */
final class EthtoolInfo {
    static final String USAGE = "usage: ethtool-info IFNAME [--netns NAME] [--json]";

    private static final int LINKINFO_GET = 2;
    private static final int LINKMODES_GET = 4;
    private static final int LINKSTATE_GET = 6;
    private static final int A_HEADER = 1;
    private static final int A_HEADER_DEV_INDEX = 1;
    private static final int A_HEADER_DEV_NAME = 2;
    private static final String[] PORTS = {"TP", "AUI", "BNC", "MII", "FIBRE"};

    private EthtoolInfo() {
    }

    static int run(Args args, PrintStream out) throws Exception {
        String ifname = args.required("interface name");
        GenericNetlinkController ctrl = Tools.await(GenericNetlink.connect(b -> b.netns(args.netnsPath())));
        try {
            GenericNetlinkSocket ethtool = Tools.await(ctrl.get("ethtool", GenericNetlinkSocket::new));
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("ifname", ifname);
            query(ethtool, ifname, LINKINFO_GET, info, (a, m) -> {
                switch (a.type()) {
                    case 2 -> m.put("port", port(a.u8()));
                    case 3 -> m.put("phyaddr", a.u8());
                    case 6 -> m.put("transceiver", a.u8() == 0 ? "internal" : "external");
                    default -> {
                    }
                }
            });
            query(ethtool, ifname, LINKMODES_GET, info, (a, m) -> {
                switch (a.type()) {
                    case 2 -> m.put("autoneg", a.u8() != 0);
                    case 5 -> m.put("speed", a.u32() == -1 ? "unknown" : a.u32() + "Mb/s");
                    case 6 -> m.put("duplex", switch (a.u8()) {
                        case 0 -> "half";
                        case 1 -> "full";
                        default -> "unknown";
                    });
                    default -> {
                    }
                }
            });
            query(ethtool, ifname, LINKSTATE_GET, info, (a, m) -> {
                if (a.type() == 2) {
                    m.put("link", a.u8() != 0 ? "yes" : "no");
                }
            });
            if (args.json()) {
                out.println(Json.write(info));
            } else {
                info.forEach((k, v) -> out.println(k + ": " + v));
            }
        } finally {
            ctrl.socket().close();
        }
        return 0;
    }

    private static String port(int port) {
        return port < PORTS.length ? PORTS[port] : port == 0xef ? "NONE" : "0x" + Integer.toHexString(port);
    }

    private interface AttrVisitor {
        void visit(AttributeReader a, Map<String, Object> into);
    }

    private static void query(GenericNetlinkSocket ethtool, String ifname, int cmd, Map<String, Object> info,
                              AttrVisitor visitor) throws Exception {
        NetlinkReplies<GenericNetlinkMessage> replies;
        try {
            replies = Tools.await(ethtool.request(cmd, w -> {
                int nest = w.startNested(A_HEADER);
                w.putString(A_HEADER_DEV_NAME, ifname);
                w.endNested(nest);
            }, 0, null));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EOPNOTSUPP) {
                info.put(switch (cmd) {
                    case LINKINFO_GET -> "linkinfo";
                    case LINKMODES_GET -> "linkmodes";
                    default -> "linkstate";
                }, "not supported by the device");
                return;
            }
            if (e.errno() == Errno.ENODEV) {
                throw new IllegalArgumentException("no interface \"" + ifname + "\" (ENODEV"
                        + (e.extendedAck().message() != null ? ": " + e.extendedAck().message() : "") + ")");
            }
            throw e;
        }
        try {
            for (GenericNetlinkMessage m : replies) {
                AttributeReader a = m.attributes();
                while (a.next()) {
                    if (a.type() == A_HEADER) {
                        AttributeReader h = a.nested();
                        if (h.find(A_HEADER_DEV_INDEX)) {
                            info.putIfAbsent("ifindex", h.u32());
                        }
                    } else {
                        visitor.visit(a, info);
                    }
                }
            }
        } finally {
            replies.release();
        }
    }
}
