package dev.netlink.client;

import io.netty.util.NetUtil;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads Netty's {@code NetUtil} before its epoll transport does, without the warnings it logs where the network
 * namespace has no configured interface (a fresh namespace, {@code lo} down): "Failed to retrieve the list of
 * available network interfaces" with a stack trace, and "Failed to find the loopback interface". They are about IP
 * sockets, which a netlink socket does not use, so a library that only speaks netlink should not print them. Only
 * for Netty's default JDK logging: under another logging backend the user's configuration decides. Once per JVM.
 */
final class QuietNetty {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(QuietNetty.class);
    private static final String NET_UTIL_LOGGER = "io.netty.util.NetUtilInitializations";
    private static volatile boolean done;

    private QuietNetty() {
    }

    /** Initialises {@code NetUtil} with its interface warnings held back; a no-op after the first call. */
    static synchronized void initialize() {
        if (done) {
            return;
        }
        done = true;
        if (!(InternalLoggerFactory.getDefaultFactory() instanceof JdkLoggerFactory)) {
            return;
        }
        Logger netUtil = Logger.getLogger(NET_UTIL_LOGGER); // held here, so the level sticks while NetUtil loads
        Level level = netUtil.getLevel();
        netUtil.setLevel(Level.SEVERE);
        try {
            if (NetUtil.LOOPBACK_IF == null || NetUtil.NETWORK_INTERFACES.isEmpty()) {
                logger.debug("no network interface is configured in this namespace; netlink does not need one");
            }
        } finally {
            netUtil.setLevel(level);
        }
    }
}
