package dev.netlink.transport;

import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkDatagram;
import dev.netlink.codec.NetlinkProtocol;
import dev.netlink.testing.TestNetns;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MaxMessagesRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.netlink.transport.NetlinkTestSupport.TIMEOUT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NetlinkChannel against the real kernel: requests, user-space peers, options, event loops, descriptors. */
class NetlinkChannelIT extends EpollLoopTest {
    private static NetlinkChannel bind(NetlinkChannel ch, NetlinkTestSupport.Inbox inbox) throws Exception {
        return NetlinkTestSupport.bind(group, ch, inbox, Map.of());
    }

    private static NetlinkChannel bindPeer(NetlinkTestSupport.Inbox inbox) throws Exception {
        return NetlinkTestSupport.bind(group, new NetlinkChannel(NetlinkProtocol.NETLINK_USERSOCK), inbox,
                Map.of(NetlinkChannelOption.USER_SPACE_PEERS, true));
    }

    private static Set<String> dumpFamilyNames(NetlinkChannel ch, NetlinkTestSupport.Inbox inbox, int seq)
            throws Exception {
        ch.writeAndFlush(NetlinkTestSupport.nlctrlDump(ch.alloc(), seq)).sync();
        Set<String> names = new TreeSet<>();
        inbox.readUntil(m -> {
            if (m.type() == NetlinkTestSupport.GENL_ID_CTRL && m.seq() == seq) {
                byte[] name = NetlinkTestSupport.attributes(m.payload(), 4).get(NetlinkTestSupport.CTRL_ATTR_FAMILY_NAME);
                names.add(NetlinkTestSupport.string(name));
            }
            return true;
        }, m -> m.seq() == seq && (m.type() == NetlinkTestSupport.NLMSG_DONE
                || m.type() == NetlinkTestSupport.NLMSG_ERROR));
        return names;
    }

    @Test
    void nlctrlDumpListsTheFamiliesGenlCtrlListPrints() throws Exception {
        NetlinkTestSupport.Inbox inbox = new NetlinkTestSupport.Inbox();
        NetlinkChannel ch = bind(new NetlinkChannel(NetlinkProtocol.NETLINK_GENERIC), inbox);
        try {
            assertTrue(ch.isActive());
            assertNotEquals(0, ch.portId(), "the kernel assigns a port id");
            assertEquals(ch.portId(), ch.localAddress().portId());
            assertEquals(NetlinkAddress.KERNEL, ch.remoteAddress(), "kernel-only channels connect to port 0");

            Set<String> names = dumpFamilyNames(ch, inbox, 7);

            TestNetns.Result r = TestNetns.run("genl", "ctrl", "list");
            org.junit.jupiter.api.Assumptions.assumeTrue(r.exit() == 0, "genl (iproute2) is not available");
            Set<String> expected = new TreeSet<>();
            for (String line : r.output().split("\n")) {
                if (line.startsWith("Name: ")) {
                    expected.add(line.substring(6).strip());
                }
            }
            assertEquals(expected, names);
            assertTrue(names.contains("nlctrl"));
            assertTrue(inbox.exceptions.isEmpty(), () -> inbox.exceptions.toString());
        } finally {
            ch.close().sync();
        }
    }

    @Test
    void channelIdsAreUniqueOrderedAndNeedNoMachineId() throws Exception {
        NetlinkChannel a = new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE);
        NetlinkChannel b = new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE);
        try {
            assertNotEquals(a.id(), b.id());
            assertTrue(a.id().compareTo(b.id()) < 0, "ids count up");
            assertEquals(a.id(), a.id());
            assertTrue(a.id().asShortText().startsWith("nl-"), a.id().asShortText());
            assertTrue(a.id().asLongText().endsWith("@" + ProcessHandle.current().pid()), a.id().asLongText());
        } finally {
            a.unsafe().closeForcibly();
            b.unsafe().closeForcibly();
        }
    }

    @Test
    void userSockChannelsExchangeDatagramsByPortId() throws Exception {
        NetlinkTestSupport.Inbox inboxA = new NetlinkTestSupport.Inbox();
        NetlinkTestSupport.Inbox inboxB = new NetlinkTestSupport.Inbox();
        NetlinkChannel a = bindPeer(inboxA);
        NetlinkChannel b = bindPeer(inboxB);
        try {
            a.writeAndFlush(new NetlinkDatagram(Unpooled.copiedBuffer(new byte[] {1, 2, 3}),
                    NetlinkAddress.ofPort(b.portId()))).sync();
            NetlinkDatagram got = inboxB.next();
            try {
                assertEquals(a.portId(), got.sender().portId());
                assertEquals(b.localAddress(), got.recipient());
                assertEquals(0, got.group());
                assertEquals(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), got.content());
                // reply to whoever sent it; a heap buffer is copied to a direct one on the way out
                b.writeAndFlush(new NetlinkDatagram(Unpooled.wrappedBuffer(new byte[] {4, 5}), got.sender())).sync();
            } finally {
                got.release();
            }
            NetlinkDatagram reply = inboxA.next();
            try {
                assertEquals(b.portId(), reply.sender().portId());
                assertEquals(Unpooled.wrappedBuffer(new byte[] {4, 5}), reply.content());
            } finally {
                reply.release();
            }
        } finally {
            a.close().sync();
            b.close().sync();
        }
    }

    @Test
    void aReceiveBufferIsReadIntoAgainOnlyOnceNothingHoldsIt() throws Exception {
        // Datagrams with an odd first byte are released at once, the others held until the end.
        List<NetlinkDatagram> held = new ArrayList<>();
        BlockingQueue<ByteBuf> seen = new LinkedBlockingQueue<>();
        ChannelInboundHandlerAdapter handler = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                NetlinkDatagram d = (NetlinkDatagram) msg;
                seen.add(d.content());
                if ((d.content().getByte(0) & 1) == 0) {
                    held.add(d);
                } else {
                    d.release();
                }
            }
        };
        NetlinkTestSupport.Inbox inboxA = new NetlinkTestSupport.Inbox();
        NetlinkChannel a = bindPeer(inboxA);
        NetlinkChannel b = (NetlinkChannel) NetlinkTestSupport.bind(group,
                new NetlinkChannel(NetlinkProtocol.NETLINK_USERSOCK), handler,
                Map.of(NetlinkChannelOption.USER_SPACE_PEERS, true));
        try {
            ByteBuf[] buffers = new ByteBuf[5];
            int[] firstBytes = {1, 3, 2, 5, 7};
            for (int i = 0; i < firstBytes.length; i++) {
                a.writeAndFlush(new NetlinkDatagram(Unpooled.wrappedBuffer(new byte[] {(byte) firstBytes[i], 9}),
                        NetlinkAddress.ofPort(b.portId()))).sync();
                buffers[i] = seen.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertNotNull(buffers[i], "datagram " + firstBytes[i]);
            }
            assertSame(buffers[0], buffers[1], "released at once: the next datagram is read into the same buffer");
            assertSame(buffers[1], buffers[2]);
            assertNotSame(buffers[2], buffers[3], "a held datagram's buffer is not read into");
            assertSame(buffers[3], buffers[4]);
            assertEquals(1, held.size());
            assertEquals(Unpooled.wrappedBuffer(new byte[] {2, 9}), held.get(0).content(), "held bytes intact");
        } finally {
            held.forEach(NetlinkDatagram::release);
            a.close().sync();
            b.close().sync();
        }
    }

    @Test
    void aChannelConnectedToAPeerSendsItBareBuffers() throws Exception {
        NetlinkTestSupport.Inbox inboxB = new NetlinkTestSupport.Inbox();
        NetlinkTestSupport.Inbox inboxC = new NetlinkTestSupport.Inbox();
        NetlinkChannel b = bindPeer(inboxB);
        NetlinkChannel c = (NetlinkChannel) new Bootstrap().group(group)
                .channelFactory(() -> new NetlinkChannel(NetlinkProtocol.NETLINK_USERSOCK)).handler(inboxC)
                .connect(NetlinkAddress.ofPort(b.portId())).sync().channel();
        try {
            assertTrue(c.isActive());
            assertNotEquals(0, c.portId());
            assertEquals(NetlinkAddress.ofPort(b.portId()), c.remoteAddress());
            c.writeAndFlush(Unpooled.copiedBuffer(new byte[] {5})).sync();
            NetlinkDatagram got = inboxB.next();
            try {
                assertEquals(c.portId(), got.sender().portId());
                b.writeAndFlush(new NetlinkDatagram(Unpooled.copiedBuffer(new byte[] {6}), got.sender())).sync();
            } finally {
                got.release();
            }
            NetlinkDatagram reply = inboxC.next();
            try {
                assertEquals(b.portId(), reply.sender().portId(), "the connected peer is accepted");
            } finally {
                reply.release();
            }
        } finally {
            b.close().sync();
            c.close().sync();
        }
    }

    @Test
    void aKernelOnlyChannelRefusesUnicastFromUserSpace() throws Exception {
        NetlinkTestSupport.Inbox inboxA = new NetlinkTestSupport.Inbox();
        NetlinkTestSupport.Inbox inboxC = new NetlinkTestSupport.Inbox();
        NetlinkChannel a = bindPeer(inboxA);
        NetlinkChannel c = bind(new NetlinkChannel(NetlinkProtocol.NETLINK_USERSOCK), inboxC);
        try {
            ChannelFuture f = a.writeAndFlush(new NetlinkDatagram(Unpooled.copiedBuffer(new byte[] {9}),
                    NetlinkAddress.ofPort(c.portId()))).await();
            NativeIoException e = assertInstanceOf(NativeIoException.class, f.cause());
            assertEquals("sendto", e.call());
            assertTrue(e.getMessage().contains("ECONNREFUSED"), e.getMessage());
            assertTrue(a.isActive(), "a failed send fails that write only");
        } finally {
            a.close().sync();
            c.close().sync();
        }
    }

    @Test
    void aDatagramBiggerThanTheReceiveBufferArrivesWhole() throws Exception {
        NetlinkTestSupport.Inbox inboxA = new NetlinkTestSupport.Inbox();
        NetlinkTestSupport.Inbox inboxB = new NetlinkTestSupport.Inbox();
        NetlinkChannel a = bindPeer(inboxA);
        NetlinkChannel b = bindPeer(inboxB);
        try {
            assertEquals(32768, b.config().getOption(NetlinkChannelOption.RECEIVE_BUFFER_SIZE));
            byte[] big = new byte[100 * 1024];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i * 31 + (i >>> 8));
            }
            ByteBuf out = a.alloc().directBuffer(big.length).writeBytes(big);
            a.writeAndFlush(new NetlinkDatagram(out, NetlinkAddress.ofPort(b.portId()))).sync();
            NetlinkDatagram got = inboxB.next();
            try {
                assertEquals(big.length, got.content().readableBytes(), "not truncated");
                byte[] in = new byte[big.length];
                got.content().getBytes(got.content().readerIndex(), in);
                assertArrayEquals(big, in);
            } finally {
                got.release();
            }
            // and the next, small datagram is read normally
            a.writeAndFlush(new NetlinkDatagram(Unpooled.copiedBuffer(new byte[] {42}),
                    NetlinkAddress.ofPort(b.portId()))).sync();
            NetlinkDatagram small = inboxB.next();
            try {
                assertEquals(1, small.content().readableBytes());
            } finally {
                small.release();
            }
            assertTrue(inboxB.exceptions.isEmpty(), () -> inboxB.exceptions.toString());
        } finally {
            a.close().sync();
            b.close().sync();
        }
    }

    @Test
    void withReceiveBatchABurstArrivesWholeAndInOrderBigDatagramsIncluded() throws Exception {
        NetlinkTestSupport.Inbox inboxA = new NetlinkTestSupport.Inbox();
        NetlinkTestSupport.Inbox inboxB = new NetlinkTestSupport.Inbox();
        NetlinkChannel a = bindPeer(inboxA);
        NetlinkChannel b = NetlinkTestSupport.bind(group, new NetlinkChannel(NetlinkProtocol.NETLINK_USERSOCK),
                inboxB, Map.of(NetlinkChannelOption.USER_SPACE_PEERS, true, ChannelOption.AUTO_READ, false,
                        NetlinkChannelOption.RECEIVE_BATCH, 8, ChannelOption.SO_RCVBUF, 4 << 20));
        try {
            assertEquals(8, b.config().getOption(NetlinkChannelOption.RECEIVE_BATCH));
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                // two datagrams bigger than the 32 KiB buffer in the first batch of eight: each has its own overflow
                byte[] d = new byte[i % 5 == 0 ? 40_000 + i * 1000 : 10 + i];
                for (int j = 0; j < d.length; j++) {
                    d[j] = (byte) (i * 7 + j);
                }
                sent.add(d);
                a.writeAndFlush(new NetlinkDatagram(a.alloc().directBuffer(d.length).writeBytes(d),
                        NetlinkAddress.ofPort(b.portId()))).sync();
            }
            b.read(); // one recvmmsg: the first eight
            for (int i = 0; i < 8; i++) {
                assertDatagram(sent.get(i), a.portId(), inboxB.next());
            }
            barrier(b);
            assertTrue(inboxB.datagrams.isEmpty(), "with autoRead off, one read() is one system call");
            b.config().setAutoRead(true);
            for (int i = 8; i < 20; i++) {
                assertDatagram(sent.get(i), a.portId(), inboxB.next());
            }
            assertTrue(inboxB.exceptions.isEmpty(), () -> inboxB.exceptions.toString());
        } finally {
            a.close().sync();
            b.close().sync();
        }
    }

    private static void assertDatagram(byte[] expected, int sender, NetlinkDatagram got) {
        try {
            assertEquals(sender, got.sender().portId());
            byte[] in = new byte[got.content().readableBytes()];
            got.content().getBytes(got.content().readerIndex(), in);
            assertArrayEquals(expected, in);
        } finally {
            got.release();
        }
    }

    @Test
    void withReceiveBatchTheNlctrlDumpIsTheSame() throws Exception {
        NetlinkTestSupport.Inbox one = new NetlinkTestSupport.Inbox();
        NetlinkTestSupport.Inbox many = new NetlinkTestSupport.Inbox();
        NetlinkChannel single = bind(new NetlinkChannel(NetlinkProtocol.NETLINK_GENERIC), one);
        NetlinkChannel batched = NetlinkTestSupport.bind(group, new NetlinkChannel(NetlinkProtocol.NETLINK_GENERIC),
                many, Map.of(NetlinkChannelOption.RECEIVE_BATCH, 16, NetlinkChannelOption.RECEIVE_BUFFER_SIZE, 4096));
        try {
            Set<String> expected = dumpFamilyNames(single, one, 3);
            assertEquals(expected, dumpFamilyNames(batched, many, 3));
            batched.config().setOption(NetlinkChannelOption.RECEIVE_BATCH, 3); // slots made again on the next read
            assertEquals(expected, dumpFamilyNames(batched, many, 4));
            assertTrue(many.exceptions.isEmpty(), () -> many.exceptions.toString());
        } finally {
            single.close().sync();
            batched.close().sync();
        }
    }

    @Test
    void aDatagramTooBigEvenForTheOverflowAreaIsReportedWithItsSize() throws Exception {
        NetlinkTestSupport.Inbox inboxA = new NetlinkTestSupport.Inbox();
        NetlinkTestSupport.Inbox inboxB = new NetlinkTestSupport.Inbox();
        NetlinkChannel a = bindPeer(inboxA);
        NetlinkChannel b = bindPeer(inboxB);
        try {
            int size = (int) (NetlinkIo.OVERFLOW_SIZE + 64 * 1024);
            // the kernel refuses a datagram longer than the sender's SO_SNDBUF: force one big enough
            ((NetlinkSocketFd) ((EpollIoHandle) a.unsafe()).fd()).setInt(Native.SOL_SOCKET, 32 /* SO_SNDBUFFORCE */,
                    size + 4096);
            a.writeAndFlush(new NetlinkDatagram(a.alloc().directBuffer(size).writeZero(size),
                    NetlinkAddress.ofPort(b.portId()))).sync();
            Throwable t = inboxB.exceptions.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            DatagramTruncatedException e = assertInstanceOf(DatagramTruncatedException.class, t);
            assertEquals(size, e.size());
            assertEquals(32768 + NetlinkIo.OVERFLOW_SIZE, e.capacity());
            assertTrue(e.getMessage().contains(size + " bytes"), e.getMessage());
            // the channel goes on reading
            a.writeAndFlush(new NetlinkDatagram(Unpooled.copiedBuffer(new byte[] {7}),
                    NetlinkAddress.ofPort(b.portId()))).sync();
            NetlinkDatagram next = inboxB.next();
            try {
                assertEquals(1, next.content().readableBytes());
            } finally {
                next.release();
            }
        } finally {
            a.close().sync();
            b.close().sync();
        }
    }

    @Test
    void autoReadOffStopsReadingAndReadReadsOneDatagram() throws Exception {
        NetlinkTestSupport.Inbox inboxA = new NetlinkTestSupport.Inbox();
        NetlinkTestSupport.Inbox inboxB = new NetlinkTestSupport.Inbox();
        NetlinkChannel a = bindPeer(inboxA);
        NetlinkChannel b = NetlinkTestSupport.bind(group, new NetlinkChannel(NetlinkProtocol.NETLINK_USERSOCK),
                inboxB, Map.of(NetlinkChannelOption.USER_SPACE_PEERS, true, ChannelOption.AUTO_READ, false));
        try {
            for (int i = 0; i < 3; i++) {
                a.writeAndFlush(new NetlinkDatagram(Unpooled.copiedBuffer(new byte[] {(byte) i}),
                        NetlinkAddress.ofPort(b.portId()))).sync();
            }
            barrier(b);
            assertTrue(inboxB.datagrams.isEmpty(), "nothing is read while autoRead is off");
            for (int i = 0; i < 3; i++) {
                b.read();
                NetlinkDatagram d = inboxB.next();
                try {
                    assertEquals(i, d.content().getByte(d.content().readerIndex()));
                } finally {
                    d.release();
                }
                barrier(b);
                assertTrue(inboxB.datagrams.isEmpty(), "one read(), one datagram");
            }
        } finally {
            a.close().sync();
            b.close().sync();
        }
    }

    /** Waits until {@code ch}'s event loop has run two full iterations (I/O included). */
    static void barrier(Channel ch) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ch.eventLoop().execute(() -> ch.eventLoop().execute(() -> done.complete(null)));
        done.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void writesToAFullPeerWaitAndCompleteWhenItReads() throws Exception {
        NetlinkTestSupport.Inbox inboxA = new NetlinkTestSupport.Inbox();
        NetlinkTestSupport.Inbox inboxB = new NetlinkTestSupport.Inbox();
        NetlinkChannel a = bindPeer(inboxA);
        NetlinkChannel b = NetlinkTestSupport.bind(group, new NetlinkChannel(NetlinkProtocol.NETLINK_USERSOCK),
                inboxB, Map.of(NetlinkChannelOption.USER_SPACE_PEERS, true, ChannelOption.AUTO_READ, false,
                        ChannelOption.SO_RCVBUF, 4096));
        try {
            int count = 64;
            List<ChannelFuture> writes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ByteBuf data = a.alloc().directBuffer(1024).writeInt(i).writeZero(1020);
                writes.add(a.write(new NetlinkDatagram(data, NetlinkAddress.ofPort(b.portId()))));
            }
            a.flush();
            barrier(a);
            int queued = a.eventLoop().submit(() -> a.unsafe().outboundBuffer().size()).get();
            assertTrue(queued > 0, "the peer's full queue holds writes back");
            assertFalse(writes.get(count - 1).isDone());

            b.config().setAutoRead(true);
            for (ChannelFuture w : writes) {
                assertTrue(w.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "write completes once the peer reads");
                assertTrue(w.isSuccess(), () -> String.valueOf(w.cause()));
            }
            for (int i = 0; i < count; i++) {
                NetlinkDatagram d = inboxB.next();
                try {
                    assertEquals(i, d.content().getInt(d.content().readerIndex()), "in order");
                } finally {
                    d.release();
                }
            }
        } finally {
            a.close().sync();
            b.close().sync();
        }
    }

    @Test
    void sharesAnEventLoopWithNettysEpollSocketChannels() throws Exception {
        EventLoopGroup one = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        Channel server = null;
        Channel client = null;
        NetlinkChannel nl = null;
        try {
            server = new ServerBootstrap().group(one).channel(EpollServerSocketChannel.class)
                    .childHandler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ctx.writeAndFlush(msg); // echo
                        }
                    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            CompletableFuture<String> echoed = new CompletableFuture<>();
            client = new Bootstrap().group(one).channel(EpollSocketChannel.class)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ByteBuf b = (ByteBuf) msg;
                            try {
                                echoed.complete(b.toString(java.nio.charset.StandardCharsets.US_ASCII));
                            } finally {
                                b.release();
                            }
                        }
                    }).connect(server.localAddress()).sync().channel();
            NetlinkTestSupport.Inbox inbox = new NetlinkTestSupport.Inbox();
            nl = NetlinkTestSupport.bind(one, new NetlinkChannel(NetlinkProtocol.NETLINK_GENERIC), inbox, Map.of());

            assertSame(server.eventLoop(), nl.eventLoop());
            assertSame(client.eventLoop(), nl.eventLoop());
            client.writeAndFlush(Unpooled.copiedBuffer("ping", java.nio.charset.StandardCharsets.US_ASCII));
            Set<String> names = dumpFamilyNames(nl, inbox, 11);
            assertEquals("ping", echoed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            assertTrue(names.contains("nlctrl"));
        } finally {
            if (nl != null) {
                nl.close().sync();
            }
            if (client != null) {
                client.close().sync();
            }
            if (server != null) {
                server.close().sync();
            }
            one.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static long openFds() throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void aThousandOpenCloseCyclesLeaveTheFdCountUnchanged() throws Exception {
        for (int i = 0; i < 10; i++) { // warm up: class loading, pools
            bind(new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE), new NetlinkTestSupport.Inbox()).close().sync();
        }
        long before = openFds();
        for (int i = 0; i < 1000; i++) {
            NetlinkChannel ch = bind(new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE), new NetlinkTestSupport.Inbox());
            ch.close().sync();
            assertFalse(ch.isOpen());
        }
        assertEquals(before, openFds());
    }

    @Test
    void optionsRoundTripThroughTheSocket() throws Exception {
        NetlinkChannel ch = bind(new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE), new NetlinkTestSupport.Inbox());
        try {
            NetlinkChannelConfig c = ch.config();
            assertTrue(c.getOption(NetlinkChannelOption.NETLINK_EXT_ACK), "on by default");
            assertTrue(c.getOption(NetlinkChannelOption.NETLINK_GET_STRICT_CHK), "on by default");
            for (ChannelOption<Boolean> o : List.of(NetlinkChannelOption.NETLINK_EXT_ACK,
                    NetlinkChannelOption.NETLINK_CAP_ACK, NetlinkChannelOption.NETLINK_GET_STRICT_CHK,
                    NetlinkChannelOption.NETLINK_NO_ENOBUFS, NetlinkChannelOption.NETLINK_LISTEN_ALL_NSID,
                    NetlinkChannelOption.NETLINK_BROADCAST_ERROR, NetlinkChannelOption.NETLINK_PKTINFO)) {
                assertTrue(c.setOption(o, true), o.name());
                assertTrue(c.getOption(o), o.name());
                assertTrue(c.setOption(o, false), o.name());
                assertFalse(c.getOption(o), o.name());
            }
            // the kernel keeps double what is asked for (bookkeeping overhead); reading returns what it keeps
            c.setOption(ChannelOption.SO_RCVBUF, 65536);
            assertEquals(131072, c.getOption(ChannelOption.SO_RCVBUF));
            c.setOption(ChannelOption.SO_SNDBUF, 70000);
            assertEquals(140000, c.getOption(ChannelOption.SO_SNDBUF));
            c.setOption(NetlinkChannelOption.SO_RCVBUFFORCE, 8 << 20); // past net.core.rmem_max
            assertEquals(16 << 20, c.getOption(NetlinkChannelOption.SO_RCVBUFFORCE));
            assertEquals(16 << 20, c.getOption(ChannelOption.SO_RCVBUF));
            c.setOption(NetlinkChannelOption.RECEIVE_BUFFER_SIZE, 65536);
            assertEquals(65536, c.getOption(NetlinkChannelOption.RECEIVE_BUFFER_SIZE));
            assertThrows(IllegalArgumentException.class, () -> c.setReceiveBufferSize(16));

            assertEquals(NetlinkAddress.KERNEL, ch.remoteAddress());
            c.setOption(NetlinkChannelOption.USER_SPACE_PEERS, true);
            assertEquals(null, ch.remoteAddress(), "disconnected: user-space peers may send");
            c.setOption(NetlinkChannelOption.USER_SPACE_PEERS, false);
            assertEquals(NetlinkAddress.KERNEL, ch.remoteAddress());

            Map<ChannelOption<?>, Object> all = c.getOptions();
            assertTrue(all.keySet().containsAll(List.of(NetlinkChannelOption.NETLINK_PKTINFO,
                    NetlinkChannelOption.SO_RCVBUFFORCE, ChannelOption.SO_SNDBUF, ChannelOption.AUTO_READ)));
            assertEquals(16, ((MaxMessagesRecvByteBufAllocator) c.getRecvByteBufAllocator()).maxMessagesPerRead());
        } finally {
            ch.close().sync();
        }
        io.netty.channel.ChannelException closed = assertThrows(io.netty.channel.ChannelException.class,
                () -> ch.config().getOption(NetlinkChannelOption.NETLINK_EXT_ACK));
        assertTrue(closed.getMessage().contains("NETLINK_EXT_ACK"), closed.getMessage());
    }

    @Test
    void membershipIsListedAlsoAboveGroup32() throws Exception {
        NetlinkChannel ch = bind(new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE), new NetlinkTestSupport.Inbox());
        try {
            assertArrayEquals(new int[0], ch.groups());
            ch.joinGroup(1).sync();
            ch.joinGroup(36).sync(); // RTNLGRP_STATS
            assertArrayEquals(new int[] {1, 36}, ch.groups());
            ch.leaveGroup(1).sync();
            assertArrayEquals(new int[] {36}, ch.groups());
            ChannelFuture bad = ch.joinGroup(100_000).await();
            assertInstanceOf(NativeIoException.class, bad.cause());
            assertTrue(bad.cause().getMessage().startsWith("setsockopt NETLINK_ADD_MEMBERSHIP 100000: E"),
                    bad.cause().getMessage());
        } finally {
            ch.close().sync();
        }
    }

    @Test
    void registeringOnANioLoopFailsSayingWhatToUse() throws Exception {
        EventLoopGroup nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            NetlinkChannel ch = new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE);
            ChannelFuture f = nio.register(ch).await();
            assertFalse(f.isSuccess());
            assertTrue(f.cause().getMessage().contains("MultiThreadIoEventLoopGroup(EpollIoHandler.newFactory())"),
                    f.cause().getMessage());
            assertTrue(ch.closeFuture().await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            assertFalse(ch.isOpen(), "the socket is closed, not leaked");
        } finally {
            nio.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void writesOfOtherTypesAreRefused() throws Exception {
        NetlinkChannel ch = bind(new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE), new NetlinkTestSupport.Inbox());
        try {
            ChannelFuture f = ch.writeAndFlush("a string").await();
            assertInstanceOf(UnsupportedOperationException.class, f.cause());
            assertTrue(f.cause().getMessage().contains("expected: ByteBuf, NetlinkDatagram"), f.cause().getMessage());
        } finally {
            ch.close().sync();
        }
    }

    @Test
    void closeFailsQueuedWritesAndClosesOnce() throws Exception {
        NetlinkTestSupport.Inbox inboxB = new NetlinkTestSupport.Inbox();
        NetlinkChannel a = bindPeer(new NetlinkTestSupport.Inbox());
        NetlinkChannel b = NetlinkTestSupport.bind(group, new NetlinkChannel(NetlinkProtocol.NETLINK_USERSOCK),
                inboxB, Map.of(NetlinkChannelOption.USER_SPACE_PEERS, true, ChannelOption.AUTO_READ, false,
                        ChannelOption.SO_RCVBUF, 4096));
        try {
            List<ChannelFuture> writes = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                writes.add(a.write(new NetlinkDatagram(a.alloc().directBuffer(1024).writeZero(1024),
                        NetlinkAddress.ofPort(b.portId()))));
            }
            a.flush();
            barrier(a);
            a.close().sync();
            a.close().sync(); // a second close is harmless
            assertFalse(a.isOpen());
            ChannelFuture last = writes.get(writes.size() - 1);
            assertTrue(last.isDone());
            assertInstanceOf(java.nio.channels.ClosedChannelException.class, last.cause());
        } finally {
            b.close().sync();
        }
    }

    @Test
    void aChannelInANamespaceLeavesTheCallersNamespaceAlone() throws Exception {
        try (TestNetns ns = TestNetns.create()) {
            String before = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
            NetlinkTestSupport.Inbox inbox = new NetlinkTestSupport.Inbox();
            NetlinkChannel ch = bind(new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE, ns.path()), inbox);
            try {
                assertEquals(before, Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());
                // the namespace has only lo: RTM_GETLINK for index 1 answers "lo"; index 2 does not exist
                ch.writeAndFlush(NetlinkTestSupport.getLink(ch.alloc(), 5, 1)).sync();
                List<String> names = new ArrayList<>();
                inbox.readUntil(m -> {
                    if (m.type() == NetlinkTestSupport.RTM_NEWLINK) {
                        names.add(NetlinkTestSupport.string(NetlinkTestSupport.attributes(m.payload(), 16)
                                .get(NetlinkTestSupport.IFLA_IFNAME)));
                    }
                    return true;
                }, m -> m.type() == NetlinkTestSupport.NLMSG_ERROR);
                assertEquals(List.of("lo"), names);
            } finally {
                ch.close().sync();
            }
        }
        io.netty.channel.ChannelException e = assertThrows(io.netty.channel.ChannelException.class,
                () -> new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE, "/var/run/netns/nlt-does-not-exist"));
        assertTrue(e.getMessage().contains("open /var/run/netns/nlt-does-not-exist: ENOENT"), e.getMessage());
    }
}
