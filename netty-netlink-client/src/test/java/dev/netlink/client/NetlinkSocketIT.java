package dev.netlink.client;

import dev.netlink.transport.NetlinkChannel;
import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.NetlinkMessageEncoder;
import dev.netlink.codec.HostOrder;
import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkException;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkProtocol;
import dev.netlink.codec.Rtnetlink;
import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.codec.attr.AttributeSchema;
import dev.netlink.codec.attr.AttributeType;
import dev.netlink.codec.attr.AttributeWriter;
import dev.netlink.testing.TestNetns;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.netlink.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NetlinkSocket against the real kernel, each test in a private network namespace. */
class NetlinkSocketIT {

    static NetlinkSocket route(TestNetns ns) throws Exception {
        return await(NetlinkSocket.builder(NetlinkProtocol.NETLINK_ROUTE).netns(ns.path()).connect());
    }

    @Test
    void noopIsAcknowledged() throws Exception {
        try (TestNetns ns = TestNetns.create(); NetlinkSocket s = route(ns)) {
            assertNull(await(s.noop()));
            assertTrue(s.portId() != 0, "the kernel gave the socket a port id");
        }
    }

    @Test
    void linkDumpListsTheNamespacesLinks() throws Exception {
        try (TestNetns ns = TestNetns.create(); NetlinkSocket s = route(ns)) {
            ns.ip("link", "add", "nlt-br0", "type", "bridge");
            NetlinkReplies<NetlinkMessage> links = await(s.request(Rtnetlink.RTM_GETLINK,
                    Unpooled.wrappedBuffer(new byte[Rtnetlink.IFINFOMSG_SIZE]), NetlinkFlags.NLM_F_DUMP));
            Set<String> names = new HashSet<>();
            try {
                for (NetlinkMessage m : links) {
                    assertEquals(Rtnetlink.RTM_NEWLINK, m.type());
                    ByteBuf p = m.content();
                    AttributeReader a = new AttributeReader(p, p.readerIndex() + Rtnetlink.IFINFOMSG_SIZE,
                            p.readableBytes() - Rtnetlink.IFINFOMSG_SIZE);
                    assertTrue(a.find(Rtnetlink.IFLA_IFNAME));
                    names.add(a.string());
                }
            } finally {
                links.release();
            }
            assertEquals(Set.of("lo", "nlt-br0"), names);
        }
    }

    static final AttributeSchema LINKINFO = AttributeSchema.builder("IFLA_INFO")
            .add(Rtnetlink.IFLA_INFO_KIND, "IFLA_INFO_KIND", AttributeType.STRING).build();
    static final AttributeSchema IFLA = AttributeSchema.builder("IFLA")
            .add(Rtnetlink.IFLA_IFNAME, "IFLA_IFNAME", AttributeType.STRING)
            .add(Rtnetlink.IFLA_LINKINFO, "IFLA_LINKINFO", AttributeType.nested(LINKINFO)).build();

    private static NetlinkRequest newLink(NetlinkSocket s, String name, String kind, int flags) {
        ByteBuf payload = Unpooled.buffer();
        payload.writeZero(Rtnetlink.IFINFOMSG_SIZE);
        AttributeWriter w = new AttributeWriter(payload);
        w.putString(Rtnetlink.IFLA_IFNAME, name);
        int info = w.startNested(Rtnetlink.IFLA_LINKINFO);
        w.putString(Rtnetlink.IFLA_INFO_KIND, kind);
        w.endNested(info);
        return s.newRequest(Rtnetlink.RTM_NEWLINK, payload, flags).schema(IFLA, Rtnetlink.IFINFOMSG_SIZE);
    }

    @Test
    void creatingALinkThatExistsFailsWithEexistAndTheKernelsMessage() throws Exception {
        try (TestNetns ns = TestNetns.create(); NetlinkSocket s = route(ns)) {
            int create = NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_EXCL;
            await(s.request(newLink(s, "nlt-x", "bridge", create))).release();
            Future<NetlinkReplies<NetlinkMessage>> again = s.request(newLink(s, "nlt-x", "bridge", create));
            again.await(10, TimeUnit.SECONDS);
            NetlinkException e = assertInstanceOf(NetlinkException.class, again.cause());
            assertEquals(Errno.EEXIST, e.errno());
            assertEquals("EEXIST", e.errnoName());
            assertTrue(e.getMessage().startsWith("EEXIST (File exists)"), e.getMessage());

            Future<NetlinkReplies<NetlinkMessage>> badKind = s.request(newLink(s, "nlt-y", "no-such-kind", create));
            badKind.await(10, TimeUnit.SECONDS);
            NetlinkException k = assertInstanceOf(NetlinkException.class, badKind.cause());
            assertEquals(Errno.EOPNOTSUPP, k.errno());
            assertEquals("Unknown device type", k.extendedAck().message(), k.getMessage());

            // A name longer than IFNAMSIZ breaks IFLA_IFNAME's policy: the kernel points at the attribute, and
            // the request's schema names it.
            Future<NetlinkReplies<NetlinkMessage>> longName = s.request(newLink(s, "nlt-a-name-far-too-long", "bridge",
                    create));
            longName.await(10, TimeUnit.SECONDS);
            NetlinkException n = assertInstanceOf(NetlinkException.class, longName.cause());
            assertEquals(Errno.ERANGE, n.errno(), n.getMessage());
            assertEquals("IFLA_IFNAME", n.attributePath(), n.getMessage());
            assertEquals(16 + Rtnetlink.IFINFOMSG_SIZE, n.extendedAck().offset(), "IFLA_IFNAME is the first attribute");
            assertTrue(n.getMessage().contains(" at IFLA_IFNAME (offset 32)"), n.getMessage());
        }
    }

    /** An ACK, error, DONE or reply for sequence {@code seq} to {@code portId}, as a forger would send it. */
    private static ByteBuf forged(int type, int seq, int portId, int error) {
        ByteBuf payload = Unpooled.buffer(20);
        HostOrder.writeI32(payload, error); // nlmsgerr.error, then the echoed request header
        NetlinkMessageEncoder.encode(new DefaultNetlinkMessage(0x10, 5, seq, portId, Unpooled.EMPTY_BUFFER), payload);
        DefaultNetlinkMessage m = new DefaultNetlinkMessage(type, 0, seq, portId, payload);
        ByteBuf datagram = Unpooled.buffer();
        try {
            NetlinkMessageEncoder.encode(m, datagram);
        } finally {
            m.release();
        }
        return datagram;
    }

    @Test
    void forgedRepliesAndNotificationsNeverReachTheRequestHandler() throws Exception {
        try (TestNetns ns = TestNetns.create();
             NetlinkSocket s = await(NetlinkSocket.builder(NetlinkProtocol.NETLINK_GENERIC).netns(ns.path())
                     .connect())) {
            NetlinkChannel forger = (NetlinkChannel) await(NetlinkSocket.builder(NetlinkProtocol.NETLINK_GENERIC)
                    .netns(ns.path()).acceptUserSpacePeers(true).connect()).channel();
            try {
                int genlIdCtrl = 0x10;
                await(s.addMembership(genlIdCtrl)); // nlctrl's notify group
                int[] types = {2, 2, 3, genlIdCtrl}; // ACK, error, DONE, reply
                int[] errors = {0, -Errno.EPERM, 0, 0};
                for (int seq = 1; seq <= 8; seq++) {
                    for (int i = 0; i < types.length; i++) {
                        // Unicast to our port: the kernel refuses it, since the socket is connected to port 0.
                        Future<Void> w = forger.writeAndFlush(new dev.netlink.codec.NetlinkDatagram(
                                forged(types[i], seq, s.portId(), errors[i]), dev.netlink.codec.NetlinkAddress.ofPort(
                                        s.portId())));
                        w.await(5, TimeUnit.SECONDS);
                        assertTrue(w.cause() != null && w.cause().getMessage().contains("ECONNREFUSED"),
                                () -> "a forged unicast was accepted: " + w.cause());
                    }
                }
                // A forged notification on nlctrl's group: delivered by the kernel, dropped and counted by us.
                forger.writeAndFlush(new dev.netlink.codec.NetlinkDatagram(forged(genlIdCtrl, 0, 0, 0),
                        new dev.netlink.codec.NetlinkAddress(0, 1 << (genlIdCtrl - 1)))).await(5, TimeUnit.SECONDS);
                NetlinkChannel ch = (NetlinkChannel) s.channel();
                for (int i = 0; i < 100 && ch.foreignDatagrams() == 0; i++) {
                    await(s.noop()); // each round trip lets the channel read what arrived before it
                }
                assertEquals(1, ch.foreignDatagrams(), "the forged notification is dropped and counted");
                assertNull(await(s.noop()), "the socket still serves requests");
                Future<NetlinkMessage> next = s.receive();
                assertTrue(!next.await(200, TimeUnit.MILLISECONDS), "the forgery never reaches receive()");
                next.cancel(false);
                assertEquals(1, s.stats().foreignDatagrams(), "the socket's stats count it, once");
            } finally {
                forger.close().sync();
            }
        }
    }

    @Test
    void closingTheChannelMidDumpFailsTheDumpAndLeaksNothing() throws Exception {
        try (TestNetns ns = TestNetns.create()) {
            ns.addHostRoutes(5000);
            NetlinkSocket s = route(ns);
            AtomicLong parts = new AtomicLong();
            byte[] rtmsg = new byte[Rtnetlink.RTMSG_SIZE];
            rtmsg[0] = (byte) Rtnetlink.AF_INET;
            Future<NetlinkReplies<NetlinkMessage>> dump = s.request(s.newRequest(Rtnetlink.RTM_GETROUTE,
                    Unpooled.wrappedBuffer(rtmsg),
                    NetlinkFlags.NLM_F_DUMP).consumer(m -> {
                        if (parts.incrementAndGet() == 100) {
                            s.channel().close();
                        }
                    }));
            assertTrue(dump.await(10, TimeUnit.SECONDS));
            assertInstanceOf(java.nio.channels.ClosedChannelException.class, dump.cause());
            assertTrue(parts.get() >= 100 && parts.get() < 5000, parts.get() + " parts before the close");
            Future<Void> after = s.noop();
            assertTrue(after.await(5, TimeUnit.SECONDS));
            assertTrue(after.cause() != null, "a closed socket refuses requests");
        }
    }

    @Test
    void shuttingTheEventLoopDownEndsTheRequestsInFlightAndClosesTheSocket() throws Exception {
        try (TestNetns ns = TestNetns.create()) {
            io.netty.channel.EventLoopGroup group = new io.netty.channel.MultiThreadIoEventLoopGroup(1,
                    io.netty.channel.epoll.EpollIoHandler.newFactory());
            NetlinkSocket s = await(NetlinkSocket.builder(NetlinkProtocol.NETLINK_ROUTE).group(group)
                    .netns(ns.path()).connect());
            s.channel().config().setAutoRead(false); // the kernel answers, nobody reads: requests stay in flight
            List<Future<NetlinkReplies<NetlinkMessage>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                inFlight.add(s.request(Rtnetlink.RTM_GETLINK,
                        Unpooled.wrappedBuffer(new byte[Rtnetlink.IFINFOMSG_SIZE]),
                        NetlinkFlags.NLM_F_DUMP));
            }
            assertTrue(inFlight.stream().noneMatch(Future::isDone));
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            for (Future<NetlinkReplies<NetlinkMessage>> f : inFlight) {
                assertTrue(f.await(5, TimeUnit.SECONDS), "every future completes");
                assertInstanceOf(java.nio.channels.ClosedChannelException.class, f.cause());
            }
            for (int i = 0; i < 50 && s.channel().isOpen(); i++) { // closed from the terminating thread
                s.channel().closeFuture().await(100, TimeUnit.MILLISECONDS);
            }
            assertTrue(!s.channel().isOpen(), "the socket is closed with its event loop");
        }
    }

    @Test
    void eightThreadsOfFiveThousandRequestsOnOneSocketGetTheirOwnAnswers() throws Exception {
        try (TestNetns ns = TestNetns.create(); NetlinkSocket s = route(ns)) {
            ns.ip("link", "add", "nlt-e0", "type", "bridge");
            int bridge = Integer.parseInt(ns.ip("-o", "link", "show", "nlt-e0").split(":")[0]);
            ReliabilityIT.requesters(s, 8, 5000, 1, bridge);
        }
    }

    @Test
    void aStreamedDumpOfOneHundredThousandRoutesRunsInFlatHeap() throws Exception {
        try (TestNetns ns = TestNetns.create()) {
            int routes = 100_000;
            ns.addHostRoutes(routes);
            try (NetlinkSocket s = route(ns)) {
                MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
                AtomicLong seen = new AtomicLong();
                AtomicLong maxLive = new AtomicLong();
                System.gc();
                long before = memory.getHeapMemoryUsage().getUsed();
                byte[] rtmsg = new byte[Rtnetlink.RTMSG_SIZE];
                rtmsg[0] = (byte) Rtnetlink.AF_INET;
                NetlinkRequest dump = s.newRequest(Rtnetlink.RTM_GETROUTE, Unpooled.wrappedBuffer(rtmsg),
                        NetlinkFlags.NLM_F_DUMP).timeoutMillis(0).consumer(m -> {
                            if (seen.incrementAndGet() % 20_000 == 0) {
                                // What is still reachable mid-dump, garbage collected away.
                                System.gc();
                                maxLive.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                            }
                        });
                NetlinkReplies<NetlinkMessage> rest = await(s.request(dump));
                assertTrue(rest.isEmpty(), "a streamed dump gathers nothing");
                assertTrue(seen.get() >= routes, seen.get() + " routes");
                // Holding the dump would keep 100,000 messages (~5 MB of payload, more as objects) reachable;
                // streamed, the live heap stays where it was, give or take the JIT and the pools.
                long grown = maxLive.get() - before;
                assertTrue(grown < 4L * 1024 * 1024, "live heap grew by " + grown + " bytes during the dump");
            }
        }
    }
}
