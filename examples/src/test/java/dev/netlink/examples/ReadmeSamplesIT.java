package dev.netlink.examples;

import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageDecoder;
import dev.netlink.codec.NetlinkMessageEncoder;
import dev.netlink.codec.NetlinkProtocol;
import dev.netlink.client.NetlinkReplies;
import dev.netlink.client.NetlinkBatch;
import dev.netlink.client.NetlinkFutures;
import dev.netlink.client.NetlinkRequest;
import dev.netlink.client.NetlinkRequestHandler;
import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.HostOrder;
import dev.netlink.codec.Rtnetlink;
import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.family.ethtool.Channels;
import dev.netlink.family.ethtool.Ethtool;
import dev.netlink.family.netdev.Dev;
import dev.netlink.family.netdev.Netdev;
import dev.netlink.family.rtaddr.AddrMessage;
import dev.netlink.family.rtaddr.RtAddr;
import dev.netlink.family.rtlink.IfinfoFlags;
import dev.netlink.family.rtlink.LinkMessage;
import dev.netlink.family.rtlink.RtLink;
import dev.netlink.genl.Family;
import dev.netlink.rtnetlink.IpPrefix;
import dev.netlink.rtnetlink.IpRoute;
import dev.netlink.rtnetlink.Link;
import dev.netlink.rtnetlink.LinkSpec;
import dev.netlink.rtnetlink.Route;
import dev.netlink.transport.NetworkNamespaces;
import dev.netlink.watch.Watch;
import dev.netlink.watch.WatchListener;
import dev.netlink.watch.Watches;
import dev.netlink.genl.GenericNetlink;
import dev.netlink.genl.GenericNetlinkController;
import dev.netlink.genl.GenericNetlinkSocket;
import dev.netlink.genl.Policy;
import dev.netlink.testing.TestNetns;
import dev.netlink.testkit.FakeKernel;
import dev.netlink.testkit.RequestAssert;
import dev.netlink.transport.NetlinkChannel;
import dev.netlink.ynl.Ynl;
import dev.netlink.ynl.YnlFamily;
import dev.netlink.client.NetlinkSocket;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's code samples, compiled and run. Each region between {@code // sample: NAME} and
 * {@code // end sample} must equal the README's block after {@code <!-- sample: NAME -->} ({@link ReadmeTest}).
 */
class ReadmeSamplesIT {
    @Test
    void netlinkSocket() throws Exception {
        TestNetns.assumeRoot();
        List<String> names = new ArrayList<>();
        // sample: socket
        try (NetlinkSocket socket = NetlinkSocket.connect(NetlinkProtocol.NETLINK_ROUTE).get()) {
            socket.noop().get();                                   // a round trip to the kernel
            ByteBuf ifinfomsg = Unpooled.wrappedBuffer(new byte[Rtnetlink.IFINFOMSG_SIZE]);
            try (NetlinkReplies<NetlinkMessage> links = NetlinkFutures.get(   // a refusal: the NetlinkException
                    socket.request(Rtnetlink.RTM_GETLINK, ifinfomsg, NetlinkFlags.NLM_F_DUMP))) {
                for (NetlinkMessage link : links) {
                    AttributeReader attrs = link.attributes(Rtnetlink.IFINFOMSG_SIZE);  // after struct ifinfomsg
                    if (attrs.find(Rtnetlink.IFLA_IFNAME)) {
                        names.add(attrs.string());
                    }
                }
            }                                                      // replies share pooled memory: released here
        }
        // end sample
        assertTrue(names.contains("lo"), names.toString());
    }

    @Test
    void batchOfRequests() throws Exception {
        TestNetns.assumeRoot();
        List<String> names = new ArrayList<>();
        // sample: batch
        try (NetlinkSocket socket = NetlinkSocket.connect(NetlinkProtocol.NETLINK_ROUTE).get()) {
            NetlinkBatch batch = socket.batch();                   // one datagram, one future per request
            List<Future<NetlinkReplies<NetlinkMessage>>> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ByteBuf ifinfomsg = Unpooled.buffer(Rtnetlink.IFINFOMSG_SIZE).writeZero(4);
                HostOrder.writeI32(ifinfomsg, 1).writeZero(8);      // ifi_index 1: lo
                answers.add(batch.request(Rtnetlink.RTM_GETLINK, ifinfomsg, 0));
            }
            batch.send();
            for (Future<NetlinkReplies<NetlinkMessage>> answer : answers) {
                try (NetlinkReplies<NetlinkMessage> link = NetlinkFutures.get(answer)) {
                    AttributeReader attrs = link.get(0).attributes(Rtnetlink.IFINFOMSG_SIZE);
                    names.add(attrs.find(Rtnetlink.IFLA_IFNAME) ? attrs.string() : "?");
                }
            }
        }
        // end sample
        assertEquals(List.of("lo", "lo", "lo"), names);
    }

    @Test
    void genericNetlink() throws Exception {
        TestNetns.assumeRoot();
        List<String> out = new ArrayList<>();
        // sample: genl
        try (GenericNetlinkController ctrl = GenericNetlink.connect().get()) {
            for (Family family : ctrl.getFamilies().get()) {
                out.add(family.name() + " 0x" + Integer.toHexString(family.id()));
            }
            Policy policy = ctrl.getPolicyByName("nlctrl", null).get();      // CTRL_CMD_GETPOLICY
            GenericNetlinkSocket ethtool = ctrl.get("ethtool", GenericNetlinkSocket::new).get();
            out.add(ethtool.family().name() + " has " + ethtool.family().commands().size() + " commands");
            out.add("nlctrl policies: " + policy.policies().size());
        }
        // end sample
        assertTrue(out.contains("nlctrl 0x10"), out.toString());
        assertTrue(out.stream().anyMatch(s -> s.startsWith("ethtool has ")), out.toString());
    }

    @Test
    void ynlFamily() throws Exception {
        TestNetns.assumeRoot();
        List<String> out = new ArrayList<>();
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        // sample: ynl
        try (YnlFamily netdev = Ynl.connect("netdev").get()) {               // id, version, groups from nlctrl
            for (Map<String, Object> dev : netdev.dump("dev-get", Map.of()).get()) {
                out.add(dev.get("ifindex") + " " + dev.get("xdp-features"));   // Long, Set<String> of xdp-act names
            }
            Map<String, Object> lo = NetlinkFutures.get(                      // a refusal: the NetlinkException
                    netdev.request("dev-get", Map.of("ifindex", 1)));         // keys are the spec's attribute names
            out.add("lo: " + lo.get("ifindex"));
            netdev.subscribe("mgmt", n -> events.add(n.operation().orElse("?"))).get();   // dev-add-ntf, ...
        }
        // end sample
        assertTrue(out.contains("lo: 1"), out.toString());
        assertTrue(out.stream().anyMatch(l -> l.startsWith("1 [")), out.toString());
    }

    @Test
    void rtnetlinkTheNewUsersTask() throws Exception {
        TestNetns.assumeRoot();
        String name = "readme-" + ProcessHandle.current().pid();
        List<Object> out = new ArrayList<>();
        try {
            // sample: rtnetlink
            Path ns = NetworkNamespaces.create(name);                                  // ip netns add
            try (IpRoute ip = IpRoute.connect(ns).get()) {
                ip.links().add(LinkSpec.veth("v0", "v1").up()).get();                 // ip link add ... up
                Link v0 = ip.links().get("v0").get();
                ip.addresses().add(v0.index(), IpPrefix.parse("10.1.0.1/24")).get();  // ip addr add
                ip.routes().add(Route.builder().dst("10.2.0.0/16").gateway("10.1.0.2").build()).get();
                out.addAll(ip.links().list().get());                                  // ip link
                out.addAll(ip.addresses().list().get());                              // ip addr
            }
            // end sample
            String route = TestNetns.run("ip", "-n", name, "route", "show", "10.2.0.0/16").output();
            assertTrue(route.contains("via 10.1.0.2 dev v0"), route);
            assertTrue(out.stream().anyMatch(o -> o.toString().contains("10.1.0.1/24")), out.toString());
            assertTrue(out.stream().anyMatch(o -> o instanceof Link l && l.name().equals("v1")), out.toString());
        } finally {
            NetworkNamespaces.delete(name);
        }
    }

    @Test
    void typedFamilies() throws Exception {
        TestNetns.assumeRoot();
        try (TestNetns ns = TestNetns.create()) {
            ns.ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
            ns.ip("link", "set", "v0", "up");
            Path netns = Path.of(ns.path());
            List<String> out = new ArrayList<>();
            // sample: typed
            try (RtLink link = RtLink.connect(netns).get(); RtAddr addr = RtAddr.connect(netns).get();
                 Ethtool ethtool = Ethtool.connect(netns).get(); Netdev netdev = Netdev.connect(netns).get()) {
                LinkMessage v0 = link.getlink(LinkMessage.builder()
                        .attributes(a -> a.ifname("v0")).build()).get();      // ifinfomsg and link-attrs
                addr.newaddr(AddrMessage.builder()
                        .header(h -> h.ifaFamily(2).ifaPrefixlen(24).ifaIndex(v0.header().ifiIndex()))
                        .attributes(a -> a.local("10.1.0.1").address("10.1.0.1"))   // InetAddress
                        .build()).get();
                for (AddrMessage m : addr.getaddrDump(AddrMessage.builder()
                        .header(h -> h.ifaFamily(2)).build()).get()) {               // AF_INET's
                    out.add(m.attributes().label() + " " + m.attributes().local().getHostAddress());
                }
                Channels ch = ethtool.channelsGet(Channels.builder()
                        .header(h -> h.devName("v0")).build()).get();          // a nest, built in place
                out.add("v0 up " + v0.header().ifiFlags().contains(IfinfoFlags.UP) + ", " + ch.rxCount() + " rx");
                for (Dev d : netdev.devGetDump().get()) {
                    out.add(d.ifindex() + " xdp " + d.xdpFeatures());                // a FlagSet<XdpAct>
                }
            }
            // end sample
            assertTrue(out.contains("v0 10.1.0.1"), out.toString());
            assertTrue(out.contains("v0 up true, 1 rx"), out.toString());
            assertTrue(out.stream().anyMatch(l -> l.startsWith("1 xdp [")), out.toString());
        }
    }

    @Test
    void ynlEthtoolAndRtAddr() throws Exception {
        TestNetns.assumeRoot();
        try (TestNetns ns = TestNetns.create()) {
            ns.ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
            Path netns = Path.of(ns.path());
            Matcher index = Pattern.compile("\"ifindex\":(\\d+)").matcher(ns.ip("-j", "link", "show", "v0"));
            assertTrue(index.find());
            int v0 = Integer.parseInt(index.group(1));
            List<String> out = new ArrayList<>();
            // sample: ynl-ethtool
            try (YnlFamily ethtool = Ynl.connect("ethtool", netns).get()) {   // the family in a namespace
                Map<String, Object> channels = ethtool.request("channels-get",
                        Map.of("header", Map.of("dev-name", "v0"))).get();     // a nest is a map
                out.add("v0: " + channels.get("rx-count") + " rx, " + channels.get("tx-count") + " tx");
            }
            // end sample
            // sample: ynl-rt-addr
            try (YnlFamily addr = Ynl.connect("rt-addr", netns).get()) {     // netlink-raw: RTM_* messages
                Map<String, Object> added = addr.request("newaddr", Map.of("ifa-family", 2, "ifa-prefixlen", 24,
                        "ifa-index", v0, "local", "10.1.0.1"),                 // ifaddrmsg members, attributes
                        NetlinkFlags.NLM_F_ECHO).get();                         // completes with the new address
                out.add("added " + ((InetAddress) added.get("local")).getHostAddress());   // display-hint ipv4-or-v6
                for (Map<String, Object> a : addr.dump("getaddr", Map.of("ifa-family", 2)).get()) {
                    InetAddress local = (InetAddress) a.get("local");
                    out.add(a.get("label") + " " + local.getHostAddress() + "/" + a.get("ifa-prefixlen"));
                }
            }
            // end sample
            assertTrue(out.contains("v0: 1 rx, 1 tx"), out.toString());
            assertTrue(out.contains("added 10.1.0.1"), out.toString());
            assertTrue(out.contains("v0 10.1.0.1/24"), out.toString());
        }
    }

    /** The handler of the Bootstrap sample: queues link notifications for the test to see. */
    static final class LinkEvents extends SimpleChannelInboundHandler<NetlinkMessage> {
        final BlockingQueue<Integer> types = new LinkedBlockingQueue<>();

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, NetlinkMessage msg) {
            types.add(msg.type());                                  // RTM_NEWLINK, RTM_DELLINK
        }
    }

    @Test
    void bootstrapBesideNettysOwnChannels() throws Exception {
        try (TestNetns ns = TestNetns.create()) {
            LinkEvents linkEvents = new LinkEvents();
            String netns = ns.path();
            // sample: bootstrap
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(EpollIoHandler.newFactory());
            Channel netlink = new Bootstrap().group(group)
                    .channelFactory(() -> new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE, netns))
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new NetlinkMessageDecoder(), new NetlinkMessageEncoder(),
                                    new NetlinkRequestHandler(), linkEvents);
                        }
                    })
                    .bind(NetlinkAddress.ANY).sync().channel();
            ((NetlinkChannel) netlink).joinGroup(Rtnetlink.RTNLGRP_LINK).sync();

            Channel server = new ServerBootstrap().group(group)            // the same event loop serves TCP
                    .channel(EpollServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
            // end sample
            try {
                ns.ip("link", "add", "nlt-br9", "type", "bridge");
                assertEquals(Rtnetlink.RTM_NEWLINK, linkEvents.types.poll(20, TimeUnit.SECONDS));
                assertTrue(server.isActive());
                assertTrue(netlink.eventLoop().parent() == server.eventLoop().parent());
            } finally {
                netlink.close().sync();
                server.close().sync();
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        }
    }

    @Test
    void aLinkWatchBesideATcpServer() throws Exception {
        try (TestNetns ns = TestNetns.create()) {
            Path netns = Path.of(ns.path());
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
            try {
                // sample: watch
                Watch<Integer, Link> links = Watches.links(new WatchListener<Link>() {     // joins, then dumps
                    @Override
                    public void added(Link l) {
                        events.add("+" + l.name());
                    }

                    @Override
                    public void removed(Link l) {
                        events.add("-" + l.name());
                    }
                }, b -> b.netns(netns.toString()).group(group)).get();  // exact through overruns
                Channel server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                        .childHandler(new ChannelInboundHandlerAdapter() {  // one event loop for both
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                String names = links.snapshot().values().stream().map(Link::name).sorted()
                                        .collect(java.util.stream.Collectors.joining(" ", "", "\n"));
                                ctx.writeAndFlush(Unpooled.copiedBuffer(names, StandardCharsets.UTF_8))
                                        .addListener(ChannelFutureListener.CLOSE);
                            }
                        }).bind("127.0.0.1", 0).sync().channel();
                // end sample
                ns.ip("link", "add", "br-w", "type", "bridge");
                String added;
                do {
                    added = events.poll(10, TimeUnit.SECONDS);
                    assertTrue(added != null, "no +br-w");
                } while (!added.equals("+br-w"));
                int port = ((java.net.InetSocketAddress) server.localAddress()).getPort();
                try (java.net.Socket client = new java.net.Socket("127.0.0.1", port)) {
                    String served = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertEquals("br-w lo\n", served, "the watch's snapshot, served over TCP");
                }
                links.close();
                server.close().sync();
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        }
    }

    @Test
    void testingWithTheFakeKernel() {
        ByteBuf link = Unpooled.buffer();
        link.writeZero(Rtnetlink.IFINFOMSG_SIZE);
        new dev.netlink.codec.attr.AttributeWriter(link).putString(Rtnetlink.IFLA_IFNAME, "eth0");
        // sample: testkit
        FakeKernel kernel = new FakeKernel((request, reply) -> reply.message(Rtnetlink.RTM_NEWLINK, link.retain()));
        EmbeddedChannel ch = FakeKernel.newChannel(kernel);          // no root, no kernel
        NetlinkSocket socket = NetlinkSocket.on(ch, 1000);

        try (NetlinkReplies<NetlinkMessage> links = socket.request(Rtnetlink.RTM_GETLINK,
                Unpooled.wrappedBuffer(new byte[Rtnetlink.IFINFOMSG_SIZE]), NetlinkFlags.NLM_F_DUMP).getNow()) {
            assertEquals(1, links.size());                             // the dump ended with NLMSG_DONE
        }
        RequestAssert.assertThat(kernel.lastRequest())
                .hasType(Rtnetlink.RTM_GETLINK).hasFlags(NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_DUMP);
        ch.finishAndReleaseAll();
        // end sample
        link.release();
    }

    // sample: handler
    /** Counts the kernel's links from inside a pipeline: the request goes out through the handler's context. */
    static final class LinkCounter extends ChannelInboundHandlerAdapter {
        final List<Integer> counts = new ArrayList<>();

        void count(ChannelHandlerContext ctx) {
            ByteBuf ifinfomsg = ctx.alloc().buffer(Rtnetlink.IFINFOMSG_SIZE).writeZero(Rtnetlink.IFINFOMSG_SIZE);
            NetlinkRequest dump = new NetlinkRequest(DefaultNetlinkMessage.dump(Rtnetlink.RTM_GETLINK, ifinfomsg),
                    ctx.executor());
            dump.send(ctx).addListener((Future<NetlinkReplies<NetlinkMessage>> f) -> {
                if (f.isSuccess()) {
                    try (NetlinkReplies<NetlinkMessage> links = f.getNow()) {
                        counts.add(links.size());
                    }
                } else {
                    ctx.fireExceptionCaught(f.cause());
                }
            });
        }
    }
    // end sample

    @Test
    void aHandlerSendsARequestThroughItsContext() {
        ByteBuf link = Unpooled.buffer();
        link.writeZero(Rtnetlink.IFINFOMSG_SIZE);
        LinkCounter counter = new LinkCounter();
        FakeKernel kernel = new FakeKernel((request, reply) -> reply.message(Rtnetlink.RTM_NEWLINK, link.retain())
                .message(Rtnetlink.RTM_NEWLINK, link.retain()));
        EmbeddedChannel ch = FakeKernel.newChannel(kernel);
        ch.pipeline().addLast(new NetlinkMessageDecoder(), new NetlinkMessageEncoder(), new NetlinkRequestHandler(),
                counter);
        counter.count(ch.pipeline().context(counter));
        assertEquals(List.of(2), counter.counts);
        ch.finishAndReleaseAll();
        link.release();
    }

    @Test
    void embeddedChannelCodecTest() {
        // sample: embedded
        EmbeddedChannel ch = new EmbeddedChannel(new NetlinkMessageDecoder());
        ByteBuf datagram = Unpooled.buffer();
        datagram.writeIntLE(16).writeShortLE(0x10).writeShortLE(NetlinkFlags.NLM_F_MULTI)  // struct nlmsghdr
                .writeIntLE(7).writeIntLE(0);
        ch.writeInbound(datagram);
        NetlinkMessage m = ch.readInbound();
        assertEquals(7, m.sequence());
        assertTrue(m.hasFlags(NetlinkFlags.NLM_F_MULTI));
        m.release();
        assertFalse(ch.finish());
        // end sample
        assertNotNull(ch);
    }
}
