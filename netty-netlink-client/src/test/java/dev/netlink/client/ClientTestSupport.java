package dev.netlink.client;

import dev.netlink.codec.NetlinkProtocol;
import dev.netlink.transport.NetlinkChannel;
import org.junit.jupiter.api.Assumptions;

/** What the client's tests share: the check that this machine has netlink sockets. */
final class ClientTestSupport {
    private ClientTestSupport() {
    }

    /** Skips the test unless an AF_NETLINK socket can be opened here. */
    static void assumeNetlink() {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "netlink needs Linux");
        try {
            new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE).unsafe().closeForcibly();
        } catch (RuntimeException | LinkageError e) {
            Assumptions.abort("no AF_NETLINK sockets here: " + e);
        }
    }
}
