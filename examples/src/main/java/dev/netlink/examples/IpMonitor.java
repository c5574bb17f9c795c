package dev.netlink.examples;

import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkProtocol;
import dev.netlink.client.NetlinkSocket;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.netlink.codec.Rtnetlink.*;

/**
 * {@code ip-monitor [link|addr|route]... [--netns NAME] [--count N]}: rtnetlink notifications as one readable
 * line each, until Ctrl-C (or N lines). Interface names come from a link dump at start and from link events.
 */
final class IpMonitor {
    static final String USAGE = "usage: ip-monitor [link|addr|route]... [--netns NAME] [--count N]";

    private IpMonitor() {
    }

    static int run(Args args, PrintStream out) throws Exception {
        int count = args.intOption("--count", -1);
        List<String> what = new ArrayList<>();
        for (String w : args.rest()) {
            if (!List.of("link", "addr", "route").contains(w)) {
                throw new Tools.UsageException("unknown object \"" + w + "\"");
            }
            what.add(w);
        }
        if (what.isEmpty()) {
            what = List.of("link", "addr", "route");
        }
        NetlinkSocket socket = Tools.await(NetlinkSocket.builder(NetlinkProtocol.NETLINK_ROUTE)
                .netns(args.netnsPath()).connect());
        try {
            for (String w : what) {
                for (int group : switch (w) {
                    case "link" -> new int[] {RTNLGRP_LINK};
                    case "addr" -> new int[] {RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR};
                    default -> new int[] {RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE};
                }) {
                    Tools.await(socket.addMembership(group));
                }
            }
            Map<Integer, String> names = RtnlFormat.linkNames(socket);
            out.println("monitoring " + String.join(", ", what) + (count < 0 ? "; Ctrl-C to stop" : ""));
            out.flush();
            for (int printed = 0; count < 0 || printed < count; printed++) {
                NetlinkMessage m = Tools.await(socket.receive());
                try {
                    RtnlFormat.learn(m, names);
                    out.println(RtnlFormat.format(m, names));
                    out.flush();
                } finally {
                    m.release();
                }
            }
        } finally {
            socket.close();
        }
        return 0;
    }
}
