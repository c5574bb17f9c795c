package dev.netlink.transport;

import dev.netlink.codec.NetlinkProtocol;
import org.junit.jupiter.api.Assumptions;

/**
 * JUnit assumptions about this machine's netlink, shared with the modules above through the transport's test jar.
 * Stateless.
 */
public final class NetlinkAssumptions {
    private NetlinkAssumptions() {
    }

    /** Skips the test, saying why, unless an {@code AF_NETLINK} socket can be opened here. */
    public static void assumeNetlink() {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "netlink needs Linux");
        try {
            new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE).unsafe().closeForcibly();
        } catch (RuntimeException | LinkageError e) {
            Assumptions.abort("no AF_NETLINK sockets here: " + e);
        }
    }
}
