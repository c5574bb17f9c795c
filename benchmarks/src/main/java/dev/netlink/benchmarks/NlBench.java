package dev.netlink.benchmarks;

import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkProtocol;
import dev.netlink.client.NetlinkBatch;
import dev.netlink.client.NetlinkPartReader;
import dev.netlink.client.NetlinkReplies;
import dev.netlink.client.NetlinkRequest;
import dev.netlink.codec.Rtnetlink;
import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.transport.NetlinkChannelOption;
import dev.netlink.client.NetlinkSocket;
import dev.netlink.family.rtroute.RouteAttrs;
import dev.netlink.family.rtroute.RouteMessage;
import dev.netlink.family.rtroute.RtRoute;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The workloads of {@code shared/bench/peers/README.md} through netty-netlink's public API, printing the peers'
 * one TSV line: {@code workload, peer, ops, seconds, ops/s, check}.
 *
 * <p>By default ({@code java}) it works as an event-driven daemon would: the next request is sent from the
 * previous one's listener on the event loop, pipelined requests keep a window of 64, and every answer is read where
 * it lies in the received datagram ({@link NetlinkPartReader}: a dump's parts, a GETFAMILY's one reply). With
 * {@code NLBENCH_JAVA_MODE=sync} ({@code java-sync}) a caller thread waits on each future in turn and reads the
 * replies it returns, as messages.
 * Socket rules as the peers': {@code SO_RCVBUF = SO_SNDBUF = 1 MiB}, no extended ack, no strict checking.
 */
public final class NlBench {
    static final int GENL_ID_CTRL = 0x10;
    static final int CTRL_CMD_GETFAMILY = 3;
    static final int CTRL_ATTR_FAMILY_ID = 1;
    static final int CTRL_ATTR_FAMILY_NAME = 2;
    static final int WINDOW = 64;
    /** Requests per datagram in {@code genl-get-batched}, as the peers send them. */
    static final int BATCH = 64;
    /**
     * Datagrams per receive system call ({@code NetlinkChannelOption.RECEIVE_BATCH}) where answers come in bursts:
     * the window of pipelined requests, a batch's 128 answers; for a single round trip 2, its reply and its ACK,
     * both queued by the time {@code sendto} returns (about 5 % more requests/s warm than one {@code recvmsg}
     * each). {@code NLBENCH_RECEIVE_BATCH} sets it for every workload (1: {@code recvmsg}); by default the dumps
     * read one datagram per call: 16 made no difference measurable on them.
     */
    private static int receiveBatch(String workload) {
        String set = System.getenv("NLBENCH_RECEIVE_BATCH");
        if (set != null) {
            return Integer.parseInt(set);
        }
        return switch (workload) {
            case "genl-get-pipelined", "genl-get-batched" -> WINDOW;
            case "genl-get" -> 2;
            default -> 1;
        };
    }

    private final boolean sync;
    private final String peer;
    /** Training for the AOT cache: routes of whatever namespace it runs in, so no route must be complete. */
    private boolean lenientRoutes;
    private final AttributeReader reader = new AttributeReader();

    private NlBench(boolean sync) {
        this.sync = sync;
        this.peer = sync ? "java-sync" : "java";
    }

    /**
     * The training run behind {@code benchmarks/nlbench}'s AOT cache ({@code -XX:AOTCacheOutput}): every workload
     * in both modes, at a tenth of its count, so that the JDK records the classes and the method profiles the
     * measured runs need. The route dump reads the routes of the namespace it runs in, read-only.
     */
    static void train() throws Exception {
        for (boolean sync : new boolean[] {false, true}) {
            NlBench bench = new NlBench(sync);
            bench.lenientRoutes = true;
            bench.run("genl-dump", 2_000);
            bench.run("genl-get", 10_000);
            bench.run("genl-get-pipelined", 20_000);
            bench.run("genl-get-batched", 20_000);
            bench.run("route-dump", 200);
            bench.run("route-list", 20);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--train")) {
            train();
            System.exit(0);
        }
        if (args.length < 1) {
            System.err.println("usage: nlbench genl-dump|genl-get|genl-get-pipelined|genl-get-batched|route-dump|route-list [count]");
            System.exit(2);
        }
        NlBench bench = new NlBench("sync".equals(System.getenv("NLBENCH_JAVA_MODE")));
        String workload = args[0];
        long count = args.length > 1 ? Long.parseLong(args[1]) : switch (workload) {
            case "genl-dump" -> 20_000;
            case "genl-get" -> 100_000;
            case "genl-get-pipelined", "genl-get-batched" -> 200_000;
            default -> 10;
        };
        try {
            bench.run(workload, count);
        } catch (Throwable t) {
            System.err.println(bench.peer + ": " + workload + ": " + t);
            System.exit(1);
        }
        System.exit(0);
    }

    private void run(String workload, long n) throws Exception {
        int protocol = workload.startsWith("route-") ? NetlinkProtocol.NETLINK_ROUTE : NetlinkProtocol.NETLINK_GENERIC;
        try (NetlinkSocket socket = NetlinkSocket.builder(protocol)
                .option(NetlinkChannelOption.NETLINK_EXT_ACK, false)
                .option(NetlinkChannelOption.NETLINK_GET_STRICT_CHK, false)
                .option(ChannelOption.SO_RCVBUF, 1 << 20)
                .option(ChannelOption.SO_SNDBUF, 1 << 20)
                .option(NetlinkChannelOption.RECEIVE_BATCH, receiveBatch(workload))
                // NLBENCH_READ_AFTER_SEND=0: the socket stays in the epoll set (to measure what reading after the
                // sends saves; see NetlinkChannelOption.READ_AFTER_SEND).
                .option(NetlinkChannelOption.READ_AFTER_SEND,
                        !"0".equals(System.getenv("NLBENCH_READ_AFTER_SEND")))
                .timeoutMillis(0)
                .maxRequestsInFlight(WINDOW)
                .connect().sync().getNow()) {
            // NLBENCH_ROUNDS=K (default 1) runs the workload K times on the same socket and prints the last
            // round; the earlier ones go to stderr. Not used by run.sh: it shows what JIT warm-up costs.
            int rounds = Integer.parseInt(System.getenv().getOrDefault("NLBENCH_ROUNDS", "1"));
            for (int round = 1; round <= rounds; round++) {
                Result r = switch (workload) {
                    case "genl-dump" -> genlDump(socket, n);
                    case "genl-get" -> genlGet(socket, n);
                    case "genl-get-pipelined" -> pipelined(socket, n);
                    case "genl-get-batched" -> batched(socket, n);
                    case "route-dump" -> routeDump(socket, n);
                    case "route-list" -> routeList(socket, n);
                    default -> throw new IllegalArgumentException("unknown workload " + workload);
                };
                double secs = r.nanos / 1e9;
                String line = String.format(Locale.ROOT, "%s\t%s\t%d\t%.6f\t%.1f\t%d", workload, peer, r.ops,
                        secs, secs > 0 ? r.ops / secs : 0.0, r.check);
                (round == rounds ? System.out : System.err).println(round == rounds ? line : "round " + round
                        + ": " + line);
            }
        }
    }

    record Result(long ops, long nanos, long check) {
    }

    // ------------------------------------------------------------------------------------------ requests
    // Built in unpooled heap buffers, as NetlinkSocket.request advises and the library's own requests are: the encoder
    // copies them into the datagram it sends.

    /** genlmsghdr {cmd 3, version 1}: the GETFAMILY dump of W1. */
    private static ByteBuf getFamilyDump() {
        return Unpooled.buffer(4).writeByte(CTRL_CMD_GETFAMILY).writeByte(1).writeShort(0);
    }

    /** genlmsghdr {cmd 3, version 1} + CTRL_ATTR_FAMILY_NAME "nlctrl": the request of W2 and W3. */
    private static ByteBuf getFamilyByName() {
        ByteBuf b = Unpooled.buffer(16);
        b.writeByte(CTRL_CMD_GETFAMILY).writeByte(1).writeShort(0);
        b.writeShortLE(11).writeShortLE(CTRL_ATTR_FAMILY_NAME).writeBytes(NLCTRL).writeByte(0);
        return b;
    }

    private static final byte[] NLCTRL = {'n', 'l', 'c', 't', 'r', 'l', 0};

    /** rtmsg {family AF_INET}: the RTM_GETROUTE dump of W4. */
    private static ByteBuf getRoutes() {
        return Unpooled.buffer(Rtnetlink.RTMSG_SIZE).writeByte(Rtnetlink.AF_INET)
                .writeZero(Rtnetlink.RTMSG_SIZE - 1);
    }

    // ------------------------------------------------------------------------------------------ parsing

    /** Reads CTRL_ATTR_FAMILY_ID and CTRL_ATTR_FAMILY_NAME; returns the id when the name is nlctrl, else -1. */
    private int family(NetlinkMessage m) {
        ByteBuf p = m.content();
        return family(p, m.type(), p.readerIndex(), p.readableBytes());
    }

    /** {@link #family(NetlinkMessage)} of the payload in the {@code length} bytes at {@code index}. */
    private int family(ByteBuf buf, int type, int index, int length) {
        if (type != GENL_ID_CTRL) {
            throw new IllegalStateException("unexpected message type " + type);
        }
        AttributeReader a = reader.reset(buf, index + 4, length - 4); // after genlmsghdr
        int id = -1;
        boolean named = false;
        boolean nlctrl = false;
        while (a.next()) {
            if (a.type() == CTRL_ATTR_FAMILY_ID) {
                id = a.u16();
            } else if (a.type() == CTRL_ATTR_FAMILY_NAME) {
                named = true;
                nlctrl = a.stringEquals("nlctrl");
            }
        }
        if (id < 0 || !named) {
            throw new IllegalStateException("family without CTRL_ATTR_FAMILY_ID or _NAME");
        }
        return nlctrl ? id : -1;
    }

    /** Reads RTA_DST (4 bytes) and RTA_OIF (non-zero) of a route. */
    private void route(NetlinkMessage m) {
        ByteBuf p = m.content();
        route(p, m.type(), p.readerIndex(), p.readableBytes());
    }

    /** {@link #route(NetlinkMessage)} of the payload in the {@code length} bytes at {@code index}. */
    private void route(ByteBuf buf, int type, int index, int length) {
        if (type != Rtnetlink.RTM_NEWROUTE) {
            throw new IllegalStateException("unexpected message type " + type);
        }
        AttributeReader a = reader.reset(buf, index + Rtnetlink.RTMSG_SIZE, length - Rtnetlink.RTMSG_SIZE);
        boolean dst = false;
        int oif = 0;
        while (a.next()) {
            if (a.type() == Rtnetlink.RTA_DST) {
                dst = a.length() == 4;
                a.u32();
            } else if (a.type() == Rtnetlink.RTA_OIF) {
                oif = a.u32();
            }
        }
        if ((!dst || oif == 0) && !lenientRoutes) {
            throw new IllegalStateException("route without RTA_DST or RTA_OIF");
        }
    }

    // ------------------------------------------------------------------------------------------ workloads

    /** Runs {@code n} operations, each started by {@code op} once the previous one's future completed. */
    private static long chain(NetlinkSocket s, long n, java.util.function.Supplier<Future<?>> op) throws Exception {
        Promise<Void> all = s.channel().eventLoop().newPromise();
        java.util.Map<String, long[]> t0 = Sched.snapshot();
        long start = System.nanoTime();
        s.channel().eventLoop().execute(new Runnable() {
            long done;

            @Override
            public void run() {
                if (done == n) {
                    all.trySuccess(null);
                    return;
                }
                op.get().addListener(f -> {
                    if (!f.isSuccess()) {
                        all.tryFailure(f.cause());
                        return;
                    }
                    done++;
                    run();
                });
            }
        });
        all.sync();
        long nanos = System.nanoTime() - start;
        Sched.print(t0, Sched.snapshot());
        return nanos;
    }

    private Result genlDump(NetlinkSocket s, long n) throws Exception {
        long[] families = new long[2]; // [0]: in this dump, [1]: nlctrl seen
        long[] last = {0};
        Consumer<NetlinkMessage> part = m -> {
            if (family(m) == GENL_ID_CTRL) {
                families[1] = 1;
            }
            families[0]++;
        };
        NetlinkPartReader inPlace = (buf, type, index, length) -> {
            if (family(buf, type, index, length) == GENL_ID_CTRL) {
                families[1] = 1;
            }
            families[0]++;
        };
        Runnable endOfDump = () -> {
            if (families[1] == 0) {
                throw new IllegalStateException("dump without nlctrl 0x10");
            }
            last[0] = families[0];
            families[0] = 0;
            families[1] = 0;
        };
        long nanos;
        if (sync) {
            long start = System.nanoTime();
            for (long i = 0; i < n; i++) {
                NetlinkReplies<NetlinkMessage> r = s.request(GENL_ID_CTRL, getFamilyDump(), NetlinkFlags.NLM_F_DUMP)
                        .sync().getNow();
                try {
                    r.forEach(part);
                } finally {
                    r.release();
                }
                endOfDump.run();
            }
            nanos = System.nanoTime() - start;
        } else {
            nanos = chain(s, n, () -> {
                NetlinkRequest dump = s.newRequest(GENL_ID_CTRL, getFamilyDump(), NetlinkFlags.NLM_F_DUMP)
                        .partReader(inPlace);
                return s.execute(dump).addListener(f -> {
                    if (f.isSuccess()) {
                        endOfDump.run();
                    }
                });
            });
        }
        return new Result(n, nanos, last[0]);
    }

    private int checkGet(NetlinkReplies<NetlinkMessage> r) {
        try {
            if (r.size() != 1) {
                throw new IllegalStateException(r.size() + " replies to GETFAMILY");
            }
            int id = family(r.get(0));
            if (id != GENL_ID_CTRL) {
                throw new IllegalStateException("nlctrl has id " + id);
            }
            return id;
        } finally {
            r.release();
        }
    }

    /**
     * A GETFAMILY request whose one reply is read where it lies in the received datagram (no message object): the
     * family id, checked with {@link #check} when the request ends.
     */
    private final class FamilyReply implements NetlinkPartReader {
        int id = -1;
        int parts;

        @Override
        public void read(ByteBuf buf, int type, int index, int length) {
            parts++;
            id = family(buf, type, index, length);
        }

        /** Sends the request for nlctrl with this reader. */
        Future<NetlinkReplies<NetlinkMessage>> send(NetlinkSocket s) {
            return s.request(s.newRequest(GENL_ID_CTRL, getFamilyByName(), 0).partReader(this));
        }

        /** The id, once the request ended: exactly one reply, nlctrl's. */
        int check(NetlinkReplies<NetlinkMessage> none) {
            none.release();
            if (parts != 1 || id != GENL_ID_CTRL) {
                throw new IllegalStateException(parts + " replies to GETFAMILY, nlctrl id " + id);
            }
            return id;
        }
    }

    private Result genlGet(NetlinkSocket s, long n) throws Exception {
        int[] id = {0};
        long nanos;
        if (sync) {
            long start = System.nanoTime();
            for (long i = 0; i < n; i++) {
                id[0] = checkGet(s.request(GENL_ID_CTRL, getFamilyByName(), 0).sync().getNow());
            }
            nanos = System.nanoTime() - start;
        } else {
            nanos = chain(s, n, () -> {
                FamilyReply reply = new FamilyReply();
                return reply.send(s).addListener((Future<NetlinkReplies<NetlinkMessage>> f) -> {
                    if (f.isSuccess()) {
                        id[0] = reply.check(f.getNow());
                    }
                });
            });
        }
        return new Result(n, nanos, id[0]);
    }

    private Result pipelined(NetlinkSocket s, long n) throws Exception {
        int[] id = {0};
        long start = System.nanoTime();
        if (sync) {
            ArrayDeque<Future<NetlinkReplies<NetlinkMessage>>> window = new ArrayDeque<>(WINDOW);
            for (long sent = 0; sent < n || !window.isEmpty(); ) {
                while (window.size() < WINDOW && sent < n) {
                    window.add(s.request(GENL_ID_CTRL, getFamilyByName(), 0));
                    sent++;
                }
                id[0] = checkGet(window.poll().sync().getNow());
            }
        } else {
            Promise<Void> all = s.channel().eventLoop().newPromise();
            s.channel().eventLoop().execute(new Runnable() {
                long sent;
                long done;

                @Override
                public void run() {
                    while (sent < n && sent - done < WINDOW) {
                        sent++;
                        FamilyReply reply = new FamilyReply();
                        reply.send(s).addListener(
                                (Future<NetlinkReplies<NetlinkMessage>> f) -> {
                                    if (!f.isSuccess()) {
                                        all.tryFailure(f.cause());
                                        return;
                                    }
                                    id[0] = reply.check(f.getNow());
                                    if (++done == n) {
                                        all.trySuccess(null);
                                    } else {
                                        run();
                                    }
                                });
                    }
                }
            });
            all.sync();
        }
        return new Result(n, System.nanoTime() - start, id[0]);
    }

    /**
     * W5: the W2 request, {@value #BATCH} to a datagram through {@link NetlinkBatch}: one send per batch, the
     * next batch when every answer of the last one is in.
     */
    private Result batched(NetlinkSocket s, long n) throws Exception {
        int[] id = {0};
        long start = System.nanoTime();
        if (sync) {
            List<Future<NetlinkReplies<NetlinkMessage>>> answers = new ArrayList<>(BATCH);
            for (long done = 0; done < n; done += answers.size()) {
                answers.clear();
                NetlinkBatch batch = s.batch();
                for (long i = 0; i < BATCH && done + i < n; i++) {
                    answers.add(batch.request(GENL_ID_CTRL, getFamilyByName(), 0));
                }
                batch.send();
                for (Future<NetlinkReplies<NetlinkMessage>> f : answers) {
                    id[0] = checkGet(f.sync().getNow());
                }
            }
        } else {
            Promise<Void> all = s.channel().eventLoop().newPromise();
            s.channel().eventLoop().execute(new Runnable() {
                long done;
                int waiting;

                @Override
                public void run() {
                    NetlinkBatch batch = s.batch();
                    for (long i = 0; i < BATCH && done + i < n; i++) {
                        FamilyReply reply = new FamilyReply();
                        batch.add(s.newRequest(GENL_ID_CTRL, getFamilyByName(), 0).partReader(reply)).addListener(
                                (Future<NetlinkReplies<NetlinkMessage>> f) -> {
                                    if (!f.isSuccess()) {
                                        all.tryFailure(f.cause());
                                        return;
                                    }
                                    id[0] = reply.check(f.getNow());
                                    done++;
                                    if (--waiting == 0) {
                                        if (done == n) {
                                            all.trySuccess(null);
                                        } else {
                                            run();
                                        }
                                    }
                                });
                    }
                    waiting = batch.size();
                    batch.send();
                }
            });
            all.sync();
        }
        return new Result(n, System.nanoTime() - start, id[0]);
    }

    /**
     * W6: the W4 dump through the generated rt-route family, every route decoded into a {@link RouteMessage} (its
     * rtmsg and its route-attrs) and returned in a fresh list per call.
     */
    private Result routeList(NetlinkSocket s, long n) throws Exception {
        RtRoute rt = RtRoute.on(s);
        RouteMessage request = RouteMessage.builder().header(h -> h.rtmFamily(Rtnetlink.AF_INET)).build();
        long[] routes = {0, 0}; // [0]: all calls, [1]: the last call's list
        Consumer<List<RouteMessage>> check = list -> {
            for (RouteMessage r : list) {
                RouteAttrs a = r.attributes();
                if ((a.dst() == null || a.oif() == null || a.oif() == 0 || a.table() == null)
                        && !lenientRoutes) {
                    throw new IllegalStateException("route without RTA_DST, RTA_OIF or RTA_TABLE: " + r);
                }
            }
            routes[0] += list.size();
            routes[1] = list.size();
        };
        long nanos;
        if (sync) {
            long start = System.nanoTime();
            for (long i = 0; i < n; i++) {
                check.accept(rt.getrouteDump(request).sync().getNow());
            }
            nanos = System.nanoTime() - start;
        } else {
            nanos = chain(s, n, () -> rt.getrouteDump(request).addListener((Future<List<RouteMessage>> f) -> {
                if (f.isSuccess()) {
                    check.accept(f.getNow());
                }
            }));
        }
        return new Result(routes[0], nanos, routes[1]);
    }

    private Result routeDump(NetlinkSocket s, long n) throws Exception {
        long[] routes = {0, 0}; // [0]: all dumps, [1]: this dump
        long[] last = {0};
        Consumer<NetlinkMessage> part = m -> {
            route(m);
            routes[0]++;
            routes[1]++;
        };
        NetlinkPartReader inPlace = (buf, type, index, length) -> {
            route(buf, type, index, length);
            routes[0]++;
            routes[1]++;
        };
        long nanos;
        if (sync) {
            long start = System.nanoTime();
            for (long i = 0; i < n; i++) {
                NetlinkReplies<NetlinkMessage> r = s.request(Rtnetlink.RTM_GETROUTE, getRoutes(),
                        NetlinkFlags.NLM_F_DUMP).sync()
                        .getNow();
                try {
                    r.forEach(part);
                } finally {
                    r.release();
                }
                last[0] = routes[1];
                routes[1] = 0;
            }
            nanos = System.nanoTime() - start;
        } else {
            nanos = chain(s, n, () -> s.execute(s.newRequest(Rtnetlink.RTM_GETROUTE, getRoutes(),
                    NetlinkFlags.NLM_F_DUMP).partReader(inPlace)).addListener(f -> {
                        last[0] = routes[1];
                        routes[1] = 0;
                    }));
        }
        return new Result(routes[0], nanos, last[0]);
    }
}
