package dev.netlink.examples;

import dev.netlink.client.NetlinkRequest;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkProtocol;
import dev.netlink.client.NetlinkSocket;
import io.netty.buffer.Unpooled;

import java.io.PrintStream;
import java.util.Map;

import static dev.netlink.codec.Rtnetlink.*;

/**
 * {@code route-dump [-4|-6] [--count] [--netns NAME]}: every route of every table through a streamed
 * {@code RTM_GETROUTE} dump, with interface names from a link dump first. Each part is printed (or counted) and
 * released as it arrives, so memory stays flat however large the table.
 */
final class RouteDump {
    static final String USAGE = "usage: route-dump [-4|-6] [--count] [--netns NAME]";

    private RouteDump() {
    }

    static int run(Args args, PrintStream out) throws Exception {
        boolean countOnly = args.flag("--count");
        int family = args.flag("-4") ? AF_INET : args.flag("-6") ? AF_INET6 : AF_UNSPEC;
        NetlinkSocket socket = Tools.await(NetlinkSocket.builder(NetlinkProtocol.NETLINK_ROUTE)
                .netns(args.netnsPath()).timeoutMillis(0).connect());
        try {
            Map<Integer, String> names = countOnly ? Map.of() : RtnlFormat.linkNames(socket);
            long[] routes = {0};
            byte[] rtmsg = new byte[RTMSG_SIZE];
            rtmsg[0] = (byte) family;
            NetlinkRequest dump = socket.newRequest(RTM_GETROUTE, Unpooled.wrappedBuffer(rtmsg),
                    NetlinkFlags.NLM_F_DUMP).consumer(m -> {
                        routes[0]++;
                        if (!countOnly) {
                            out.println(RtnlFormat.route(m, names));
                        }
                    });
            Tools.await(socket.execute(dump));
            if (countOnly) {
                out.println(routes[0] + " routes");
            }
        } finally {
            socket.close();
        }
        return 0;
    }
}
