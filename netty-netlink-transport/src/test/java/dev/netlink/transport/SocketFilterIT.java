package dev.netlink.transport;

import dev.netlink.codec.NetlinkDatagram;
import dev.netlink.codec.NetlinkProtocol;
import dev.netlink.codec.Rtnetlink;
import dev.netlink.testing.TestNetns;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A socket filter attached to a real socket: the kernel queues only what the program accepts. */
class SocketFilterIT {
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        NetlinkAssumptions.assumeNetlink();
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    }

    @AfterAll
    static void stop() {
        if (group != null) {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static int ifindex(TestNetns ns, String name) {
        String line = ns.ip("-o", "link", "show", name);
        return Integer.parseInt(line.substring(0, line.indexOf(':')).strip());
    }

    /** The link names of the RTM_NEWLINK messages in {@code d}; releases it. */
    private static List<String> links(NetlinkDatagram d) {
        List<String> names = new ArrayList<>();
        try {
            for (NetlinkTestSupport.Msg m : NetlinkTestSupport.messages(d.content())) {
                if (m.type() == Rtnetlink.RTM_NEWLINK) {
                    names.add(NetlinkTestSupport.string(NetlinkTestSupport.attributes(m.payload(), 16)
                            .get(Rtnetlink.IFLA_IFNAME)));
                }
            }
        } finally {
            d.release();
        }
        return names;
    }

    @Test
    void onlyTheFilteredInterfacesEventsAreQueuedAndRequestsStillGetTheirAnswers() throws Exception {
        try (TestNetns ns = TestNetns.create()) {
            ns.ip("link", "add", "flt-a", "type", "bridge");
            ns.ip("link", "add", "flt-b", "type", "bridge");
            int a = ifindex(ns, "flt-a");
            NetlinkTestSupport.Inbox inbox = new NetlinkTestSupport.Inbox();
            NetlinkChannel ch = NetlinkTestSupport.bind(group, new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE,
                    ns.path()), inbox, Map.of());
            try {
                ch.attachFilter(SocketFilter.builder().types(Rtnetlink.RTM_NEWLINK).interfaces(a).build()).sync();
                ch.joinGroup(Rtnetlink.RTNLGRP_LINK).sync();
                ns.ip("link", "set", "flt-b", "mtu", "1400");
                ns.ip("link", "set", "flt-a", "mtu", "1400");
                ns.ip("link", "set", "flt-b", "mtu", "1300");
                ns.ip("link", "del", "flt-a"); // RTM_DELLINK: not a listed type
                ns.ip("link", "set", "flt-b", "mtu", "1200");
                List<String> seen = new ArrayList<>(links(inbox.next()));
                // A request on the filtered socket: its NLMSG_ERROR acknowledgement passes the filter.
                ch.writeAndFlush(NetlinkTestSupport.getLink(ch.alloc(), 7, 1)).sync();
                boolean acked = false;
                for (int i = 0; i < 5 && !acked; i++) {
                    NetlinkDatagram d = inbox.next();
                    try {
                        for (NetlinkTestSupport.Msg m : NetlinkTestSupport.messages(d.content())) {
                            acked |= m.type() == NetlinkTestSupport.NLMSG_ERROR && m.seq() == 7;
                            if (m.type() == Rtnetlink.RTM_NEWLINK && m.seq() == 0) {
                                seen.add("event");
                            }
                        }
                    } finally {
                        d.release();
                    }
                }
                assertTrue(acked, "the ACK got through");
                assertEquals(List.of("flt-a"), seen, "flt-b's events and the RTM_DELLINK were filtered out");
                assertTrue(inbox.datagrams.isEmpty(), "nothing else queued");

                ch.detachFilter().sync();
                ns.ip("link", "set", "flt-b", "mtu", "1100");
                assertEquals(List.of("flt-b"), links(inbox.next()), "without the filter flt-b is seen again");
                ch.attachFilter(SocketFilter.builder().types(Rtnetlink.RTM_NEWLINK).build()).sync();
                ch.lockFilter().sync();
                NativeIoException refused = assertInstanceOf(NativeIoException.class,
                        ch.attachFilter(SocketFilter.builder().build()).await().cause());
                assertTrue(refused.getMessage().contains("EPERM"), "a locked filter stays: " + refused.getMessage());
            } finally {
                ch.close().sync();
            }
        }
    }
}
