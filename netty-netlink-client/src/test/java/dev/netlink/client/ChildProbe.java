package dev.netlink.client;

import dev.netlink.codec.NetlinkException;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkProtocol;
import dev.netlink.codec.Rtnetlink;
import dev.netlink.codec.attr.AttributeWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.Future;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs in a child JVM that {@link ReliabilityIT} starts with fewer resources or privileges, and prints one line per
 * finding on stdout: {@code emfile} opens files until none is left and then connects; {@code eperm NETNS} asks for
 * a link without {@code CAP_NET_ADMIN}; {@code quiet} makes a request and prints only that it was answered.
 */
public final class ChildProbe {
    private ChildProbe() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "emfile" -> emfile();
            case "eperm" -> eperm(args[1]);
            case "quiet" -> quiet();
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    /** A request on the shared event loop, in whatever namespace the JVM was started in; prints one line. */
    private static void quiet() throws Exception {
        try (NetlinkSocket s = NetlinkSocket.connect(NetlinkProtocol.NETLINK_ROUTE).sync().getNow()) {
            s.noop().sync();
        }
        System.out.println("noop: answered");
    }

    private static void emfile() throws Exception {
        // A daemon that already works: event loop started, classes loaded (loading a class needs an fd too).
        NetlinkSocket warm = NetlinkSocket.connect(NetlinkProtocol.NETLINK_ROUTE).sync().getNow();
        warm.noop().sync();
        warm.close();
        List<FileChannel> files = new ArrayList<>();
        try {
            while (true) {
                files.add(FileChannel.open(Path.of("/dev/null")));
            }
        } catch (IOException full) {
            System.out.println("files: " + files.size() + " open, then " + full.getMessage());
        }
        Future<NetlinkSocket> f = NetlinkSocket.connect(NetlinkProtocol.NETLINK_ROUTE);
        f.await(10, TimeUnit.SECONDS);
        System.out.println("connect: " + (f.isSuccess() ? "succeeded" : "failed: " + f.cause().getMessage()));
        for (FileChannel c : files) {
            c.close();
        }
        NetlinkSocket s = NetlinkSocket.connect(NetlinkProtocol.NETLINK_ROUTE).sync().getNow();
        s.noop().sync();
        System.out.println("after closing the files: connected and answered");
        s.close();
    }

    private static void eperm(String netns) throws Exception {
        try (NetlinkSocket s = NetlinkSocket.builder(NetlinkProtocol.NETLINK_ROUTE).netns(netns).connect().sync()
                .getNow()) {
            ByteBuf payload = Unpooled.buffer();
            payload.writeZero(Rtnetlink.IFINFOMSG_SIZE);
            AttributeWriter w = new AttributeWriter(payload);
            w.putString(Rtnetlink.IFLA_IFNAME, "nlt-eperm");
            int info = w.startNested(Rtnetlink.IFLA_LINKINFO);
            w.putString(Rtnetlink.IFLA_INFO_KIND, "bridge");
            w.endNested(info);
            Future<?> f = s.request(Rtnetlink.RTM_NEWLINK, payload, NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_EXCL);
            f.await(10, TimeUnit.SECONDS);
            System.out.println("newlink: " + (f.cause() instanceof NetlinkException e ? e.errnoName() + " " + e.getMessage()
                    : String.valueOf(f.cause())));
            s.noop().sync();
            System.out.println("noop: answered");
        }
    }
}
