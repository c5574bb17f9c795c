package dev.netlink.transport;

import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkDatagram;
import dev.netlink.codec.NetlinkOverrunEvent;
import dev.netlink.codec.NetlinkProtocol;
import dev.netlink.codec.Rtnetlink;
import dev.netlink.testing.TestNetns;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static dev.netlink.transport.NetlinkTestSupport.TIMEOUT_SECONDS;
import static dev.netlink.codec.Rtnetlink.RTM_NEWADDR;
import static dev.netlink.codec.Rtnetlink.RTNLGRP_IPV4_IFADDR;
import static dev.netlink.codec.Rtnetlink.RTNLGRP_LINK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Multicast notifications, overruns and foreign senders, each in a private network namespace. */
class NetlinkMulticastIT extends NamespaceTest {
    @Test
    void receivesTheNewLinkOfABridgeWithItsGroup() throws Exception {
        NetlinkTestSupport.Inbox inbox = new NetlinkTestSupport.Inbox();
        NetlinkChannel ch = NetlinkTestSupport.bind(group, new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE,
                ns.path()), inbox, Map.of(NetlinkChannelOption.NETLINK_PKTINFO, true));
        try {
            ch.joinGroup(RTNLGRP_LINK).sync();
            ns.ip("link", "add", "br0", "type", "bridge");
            while (true) {
                NetlinkDatagram d = inbox.next();
                try {
                    assertTrue(d.sender().isKernel());
                    List<String> names = new ArrayList<>();
                    for (NetlinkTestSupport.Msg m : NetlinkTestSupport.messages(d.content())) {
                        if (m.type() == NetlinkTestSupport.RTM_NEWLINK) {
                            names.add(NetlinkTestSupport.string(NetlinkTestSupport.attributes(m.payload(), 16)
                                    .get(NetlinkTestSupport.IFLA_IFNAME)));
                        }
                    }
                    if (names.contains("br0")) {
                        assertEquals(RTNLGRP_LINK, d.group());
                        assertEquals(1, d.sender().groups(), "nl_groups carries the group's bit");
                        break;
                    }
                } finally {
                    d.release();
                }
            }
        } finally {
            ch.close().sync();
        }
    }

    /**
     * The kernel's bind() sets groups 1 to 32 to the address's nl_groups: a group joined before it would silently
     * be left. The channel joins it again, so the event still arrives.
     */
    @Test
    void aGroupJoinedBeforeBindIsStillJoinedAfterIt() throws Exception {
        NetlinkTestSupport.Inbox inbox = new NetlinkTestSupport.Inbox();
        NetlinkChannel ch = new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE, ns.path());
        ch.pipeline().addLast(inbox);
        group.register(ch).sync();
        try {
            ch.joinGroup(RTNLGRP_LINK).sync();
            ch.joinGroup(RTNLGRP_IPV4_IFADDR).sync();
            ch.leaveGroup(RTNLGRP_IPV4_IFADDR).sync();
            assertEquals(List.of(RTNLGRP_LINK), java.util.Arrays.stream(ch.groups()).boxed().toList());
            ch.bind(dev.netlink.codec.NetlinkAddress.ANY).sync();
            assertEquals(List.of(RTNLGRP_LINK), java.util.Arrays.stream(ch.groups()).boxed().toList(),
                    "joined before bind, still joined after it; the group left before bind stays left");
            ns.ip("link", "add", "br1", "type", "bridge");
            NetlinkDatagram d = inbox.next();
            try {
                assertEquals(1 << (RTNLGRP_LINK - 1), d.sender().groups(), "the link event arrives on its group");
            } finally {
                d.release();
            }
        } finally {
            ch.close().sync();
        }
    }

    /** Adds {@code count} addresses to lo in one {@code ip -batch}: a burst of RTM_NEWADDR notifications. */
    private void addressBurst(int count) {
        List<String> cmds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            cmds.add("addr add 10.77." + (i / 250) + "." + (i % 250 + 1) + "/32 dev lo");
        }
        ns.ipBatch(cmds);
    }

    /**
     * Floods a channel with a tiny receive buffer that is not reading; then lets it read and asks the kernel a
     * question. Returns the RTM_NEWADDR notifications it received.
     */
    private int floodThenAsk(NetlinkChannel ch, NetlinkTestSupport.Inbox inbox, int burst) throws Exception {
        if (burst > 0) {
            ch.joinGroup(RTNLGRP_IPV4_IFADDR).sync();
            addressBurst(burst);
        }
        // Room for the reply, then read what is queued. Until the reader has emptied the socket, the kernel keeps
        // it marked congested and drops even unicast replies (netlink_attachskb), so the request goes out only
        // once the notifications have stopped, and again if its answer was dropped all the same.
        ch.config().setOption(NetlinkChannelOption.SO_RCVBUFFORCE, 1 << 20);
        ch.config().setAutoRead(true);
        AtomicInteger notifications = new AtomicInteger();
        Predicate<NetlinkTestSupport.Msg> count = m -> {
            if (m.type() == RTM_NEWADDR) {
                notifications.incrementAndGet();
            }
            return true;
        };
        for (NetlinkDatagram d; (d = inbox.datagrams.poll(500, TimeUnit.MILLISECONDS)) != null; ) {
            try {
                NetlinkTestSupport.messages(d.content()).forEach(count::test);
            } finally {
                d.release();
            }
        }
        for (int attempt = 1; ; attempt++) {
            int seq = 98 + attempt;
            ch.writeAndFlush(NetlinkTestSupport.getLink(ch.alloc(), seq, 1)).sync();
            try {
                inbox.readUntil(count, m -> m.seq() == seq && m.type() == NetlinkTestSupport.NLMSG_ERROR,
                        attempt < 3 ? 5 : TIMEOUT_SECONDS);
                break;
            } catch (AssertionError noAnswer) {
                if (attempt == 3) {
                    throw noAnswer;
                }
            }
        }
        return notifications.get();
    }

    /**
     * Not reading (autoRead off), the overrun arrives as EPOLLERR and is taken with SO_ERROR; reading, it is
     * recvmsg's ENOBUFS. For the second, the event loop is held while the burst overflows the queue and reading
     * is switched on, so that its first wake-up finds read interest set.
     */
    @ParameterizedTest(name = "while reading: {0}")
    @ValueSource(booleans = {false, true})
    void anOverrunFiresTheEventAndTheChannelStillAnswers(boolean whileReading) throws Exception {
        NetlinkTestSupport.Inbox inbox = new NetlinkTestSupport.Inbox();
        NetlinkChannel ch = NetlinkTestSupport.bind(group, new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE,
                ns.path()), inbox, Map.of(ChannelOption.SO_RCVBUF, 1024, ChannelOption.AUTO_READ, false));
        CountDownLatch hold = new CountDownLatch(1);
        try {
            int burst = 300;
            int received;
            if (whileReading) {
                ch.joinGroup(RTNLGRP_IPV4_IFADDR).sync();
                CountDownLatch held = new CountDownLatch(1);
                ch.eventLoop().execute(() -> {
                    held.countDown();
                    try {
                        hold.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                assertTrue(held.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
                addressBurst(burst);
                ch.config().setAutoRead(true); // queued behind the hold: read interest before the next epoll_wait
                hold.countDown();
                Object event = inbox.events.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertSame(NetlinkOverrunEvent.KERNEL, event);
                received = floodThenAsk(ch, inbox, 0);
            } else {
                received = floodThenAsk(ch, inbox, burst);
            }
            if (!whileReading) {
                Object event = inbox.events.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertNotNull(event, "no overrun event");
                assertSame(NetlinkOverrunEvent.KERNEL, event);
            }
            assertTrue(received < burst, "some notifications were lost: " + received);
            assertTrue(ch.isActive());
            assertTrue(inbox.exceptions.isEmpty(), () -> inbox.exceptions.toString());
        } finally {
            hold.countDown();
            ch.close().sync();
        }
    }

    @Test
    void withNoEnobufsTheOverrunIsSilent() throws Exception {
        NetlinkTestSupport.Inbox inbox = new NetlinkTestSupport.Inbox();
        NetlinkChannel ch = NetlinkTestSupport.bind(group, new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE,
                ns.path()), inbox, Map.of(ChannelOption.SO_RCVBUF, 1024, ChannelOption.AUTO_READ, false,
                NetlinkChannelOption.NETLINK_NO_ENOBUFS, true));
        try {
            int burst = 300;
            int received = floodThenAsk(ch, inbox, burst);
            assertTrue(received < burst, "notifications were lost: " + received);
            // the reply came after anything the burst could have caused; nothing was reported
            assertTrue(inbox.events.isEmpty(), () -> "unexpected events " + inbox.events);
        } finally {
            ch.close().sync();
        }
    }

    @Test
    void aKernelOnlyChannelDropsMulticastFromUserSpace() throws Exception {
        NetlinkTestSupport.Inbox kernelOnly = new NetlinkTestSupport.Inbox();
        NetlinkTestSupport.Inbox peers = new NetlinkTestSupport.Inbox();
        NetlinkChannel guarded = NetlinkTestSupport.bind(group, new NetlinkChannel(NetlinkProtocol.NETLINK_USERSOCK,
                ns.path()), kernelOnly, Map.of());
        NetlinkChannel open = NetlinkTestSupport.bind(group, new NetlinkChannel(NetlinkProtocol.NETLINK_USERSOCK,
                ns.path()), peers, Map.of(NetlinkChannelOption.USER_SPACE_PEERS, true));
        NetlinkChannel sender = NetlinkTestSupport.bind(group, new NetlinkChannel(NetlinkProtocol.NETLINK_USERSOCK,
                ns.path()), new NetlinkTestSupport.Inbox(), Map.of(NetlinkChannelOption.USER_SPACE_PEERS, true));
        try {
            guarded.joinGroup(1).sync();
            open.joinGroup(1).sync();
            // the kernel delivers to the group, then also unicasts to port 0, which NETLINK_USERSOCK lacks:
            // the write fails with ECONNREFUSED although the multicast went out
            sender.writeAndFlush(new NetlinkDatagram(Unpooled.copiedBuffer(new byte[] {1, 2, 3, 4}),
                    new NetlinkAddress(0, 1))).await();
            NetlinkDatagram d = peers.next();
            try {
                assertEquals(sender.portId(), d.sender().portId());
                assertEquals(1, d.group());
            } finally {
                d.release();
            }
            NetlinkChannelIT.barrier(guarded);
            assertTrue(kernelOnly.datagrams.isEmpty(), "a forged multicast reached a kernel-only channel");
            assertEquals(1, guarded.foreignDatagrams(), "the forgery is counted");
            assertEquals(0, open.foreignDatagrams());
        } finally {
            guarded.close().sync();
            open.close().sync();
            sender.close().sync();
        }
    }

    @Test
    void withReceiveBatchEachDatagramKeepsItsSenderAndGroupAndForgeriesAreStillDropped() throws Exception {
        NetlinkTestSupport.Inbox kernelOnly = new NetlinkTestSupport.Inbox();
        NetlinkTestSupport.Inbox peers = new NetlinkTestSupport.Inbox();
        Map<ChannelOption<?>, Object> batch = Map.of(NetlinkChannelOption.RECEIVE_BATCH, 4,
                NetlinkChannelOption.NETLINK_PKTINFO, true);
        NetlinkChannel guarded = NetlinkTestSupport.bind(group, new NetlinkChannel(NetlinkProtocol.NETLINK_USERSOCK,
                ns.path()), kernelOnly, batch);
        Map<ChannelOption<?>, Object> open = new java.util.HashMap<>(batch);
        open.put(NetlinkChannelOption.USER_SPACE_PEERS, true);
        NetlinkChannel listener = NetlinkTestSupport.bind(group, new NetlinkChannel(NetlinkProtocol.NETLINK_USERSOCK,
                ns.path()), peers, open);
        NetlinkChannel[] senders = new NetlinkChannel[2];
        try {
            guarded.joinGroup(1).sync();
            listener.joinGroup(1).sync();
            listener.joinGroup(2).sync();
            for (int i = 0; i < senders.length; i++) {
                senders[i] = NetlinkTestSupport.bind(group, new NetlinkChannel(NetlinkProtocol.NETLINK_USERSOCK,
                        ns.path()), new NetlinkTestSupport.Inbox(), Map.of(NetlinkChannelOption.USER_SPACE_PEERS, true));
            }
            for (int i = 0; i < 6; i++) {
                int g = 1 + i % 2;
                // to the group; the kernel's unicast to port 0 then fails with ECONNREFUSED, as it lacks one
                senders[i % 2].writeAndFlush(new NetlinkDatagram(Unpooled.copiedBuffer(new byte[] {(byte) i}),
                        new NetlinkAddress(0, 1 << (g - 1)))).await();
            }
            for (int i = 0; i < 6; i++) {
                NetlinkDatagram d = peers.next();
                try {
                    assertEquals(senders[i % 2].portId(), d.sender().portId());
                    assertEquals(1 + i % 2, d.group());
                    assertEquals(i, d.content().getByte(d.content().readerIndex()));
                } finally {
                    d.release();
                }
            }
            NetlinkChannelIT.barrier(guarded);
            assertTrue(kernelOnly.datagrams.isEmpty(), "a forged multicast reached a kernel-only channel");
            assertEquals(3, guarded.foreignDatagrams(), "each forgery of group 1 is counted");
        } finally {
            guarded.close().sync();
            listener.close().sync();
            for (NetlinkChannel s : senders) {
                if (s != null) {
                    s.close().sync();
                }
            }
        }
    }

    private static int ifindex(TestNetns ns, String name) {
        String line = ns.ip("-o", "link", "show", name);
        return Integer.parseInt(line.substring(0, line.indexOf(':')).strip());
    }

    /** The link names of the RTM_NEWLINK messages in {@code d}; releases it. */
    private static List<String> linkNames(NetlinkDatagram d) {
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
    void aSocketFilterQueuesOnlyTheFilteredInterfacesEventsAndRequestsStillGetTheirAnswers() throws Exception {
        {
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
                List<String> seen = new ArrayList<>(linkNames(inbox.next()));
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
                assertEquals(List.of("flt-b"), linkNames(inbox.next()), "without the filter flt-b is seen again");
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
