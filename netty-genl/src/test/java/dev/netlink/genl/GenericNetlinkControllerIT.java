package dev.netlink.genl;

import dev.netlink.client.NetlinkFutures;
import dev.netlink.client.NetlinkReplies;
import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkException;
import dev.netlink.codec.attr.ReportedPolicy;
import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.testing.TestNetns;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.netlink.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The nlctrl controller against the real kernel, compared with iproute2's {@code genl}. */
class GenericNetlinkControllerIT {
    private static GenericNetlinkController ctrl;

    @BeforeAll
    static void connect() throws Exception {
        TestNetns.assumeRoot();
        ctrl = await(GenericNetlink.connect());
    }

    @AfterAll
    static void close() {
        if (ctrl != null) {
            ctrl.socket().close();
        }
    }


    @Test
    void getFamiliesEqualsGenlCtrlList() throws Exception {
        Map<String, Family> expected = IprouteGenl.families(null);
        Map<String, Family> actual = await(ctrl.getFamilies()).stream()
                .collect(Collectors.toMap(Family::name, f -> f, (a, b) -> a, java.util.LinkedHashMap::new));
        assertEquals(expected.keySet(), actual.keySet());
        for (Family e : expected.values()) {
            assertTrue(IprouteGenl.sameFamily(e, actual.get(e.name())), () -> "family " + e.name() + ": genl shows "
                    + e + ", the library read " + actual.get(e.name()));
        }
        assertTrue(actual.size() > 5);
    }

    @Test
    void lookupsByIdAndByNameAgreeForEveryFamily() throws Exception {
        for (Family f : await(ctrl.getFamilies())) {
            assertEquals(f, await(ctrl.getFamilyById(f.id())));
            assertEquals(f, await(ctrl.getFamilyByName(f.name())));
        }
    }

    @Test
    void watchFamiliesJoinsNotifyAndKnowsEveryFamily() throws Exception {
        GenericNetlinkController c = await(GenericNetlink.connect());
        try {
            List<FamilyEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            await(c.watchFamilies(events::add));
            assertTrue(java.util.Arrays.stream(c.socket().groups()).anyMatch(g -> g == GenlCtrl.GENL_ID_CTRL),
                    "joined nlctrl's notify group");
            Map<String, Family> now = await(c.getFamilies()).stream()
                    .collect(Collectors.toMap(Family::name, f -> f));
            assertEquals(now, c.knownFamilies());
        } finally {
            c.socket().close();
        }
    }

    @Test
    void unknownFamilyFailsWithEnoent() throws Exception {
        Future<Family> f = ctrl.getFamilyByName("no-such-family");
        f.await(10, TimeUnit.SECONDS);
        NetlinkException e = assertInstanceOf(NetlinkException.class, f.cause());
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("ENOENT", e.errnoName());
    }

    /** Formats a policy as {@code genl ctrl policy} does, one line per op and per attribute. */
    static List<String> lines(Policy policy) {
        List<String> out = new ArrayList<>();
        policy.commands().forEach(c -> out.add("op " + c.reportedCmd() + " policies:"
                + (c.hasDo() ? " do=" + c.doPolicy() : "") + (c.hasDump() ? " dump=" + c.dumpPolicy() : "")));
        policy.policies().forEach((idx, attrs) -> attrs.forEach((type, p) ->
                out.add("policy[" + idx + "]:attr[" + type + "]: " + p.toGenlString())));
        return out;
    }

    @Test
    void nlctrlPolicyEqualsGenlCtrlPolicy() throws Exception {
        Policy policy = await(ctrl.getPolicyByName("nlctrl", null));
        assertEquals(0x10, policy.familyId());
        assertEquals(IprouteGenl.policyLines("nlctrl", null).stream().sorted().toList(),
                lines(policy).stream().sorted().toList());
    }

    /**
     * The policy tree of one index, nested policies expanded in place, so that dumps that number their policy
     * indices differently can be compared.
     */
    static String tree(Policy policy, int index, int depth) {
        if (depth > 8) {
            return "...";
        }
        StringBuilder sb = new StringBuilder("{");
        policy.policy(index).forEach((type, p) -> {
            sb.append(type).append('=').append(p.typeName());
            if (p.policyIdx().isPresent()) {
                sb.append(tree(policy, p.policyIdx().getAsInt(), depth + 1));
            }
            sb.append(' ').append(p.toGenlString().replaceAll("policy:\\d+ ?", "")).append(';');
        });
        return sb.append('}').toString();
    }

    @Test
    void ethtoolPolicyEqualsGenlCtrlPolicyAndOneCommandsPolicyIsItsPart() throws Exception {
        Policy full = await(ctrl.getPolicyByName("ethtool", null));
        assertEquals(IprouteGenl.policyLines("ethtool", null).stream().sorted().toList(),
                lines(full).stream().sorted().toList());
        int linkinfoGet = 2;
        Policy one = await(ctrl.getPolicyByName("ethtool", linkinfoGet));
        assertEquals(List.of(linkinfoGet), one.commands().stream().map(CommandPolicy::cmd).toList(),
                "only the command asked for");
        CommandPolicy cp = one.command(linkinfoGet).orElseThrow();
        CommandPolicy inFull = full.command(linkinfoGet).orElseThrow();
        assertTrue(cp.hasDo() && cp.hasDump(), cp.toString());
        assertEquals(tree(full, inFull.doPolicy(), 0), tree(one, cp.doPolicy(), 0));
        assertEquals(tree(full, inFull.dumpPolicy(), 0), tree(one, cp.dumpPolicy(), 0));
        Map<Integer, ReportedPolicy> doPolicy = one.policy(cp.doPolicy());
        assertTrue(doPolicy.containsKey(1), "ETHTOOL_A_LINKINFO_HEADER is in the do policy");
    }

    @Test
    void ethtoolLinkstateOfLoopbackInAPrivateNamespace() throws Exception {
        try (TestNetns ns = TestNetns.create()) {
            GenericNetlinkController c = await(GenericNetlink.connect(b -> b.netns(ns.path())));
            try {
                GenericNetlinkSocket ethtool = await(c.get("ethtool", GenericNetlinkSocket::new));
                int linkstateGet = 6;
                int headerAttr = 1;
                int devName = 2;
                int linkstateLink = 2;
                try (NetlinkReplies<GenericNetlinkMessage> replies = await(ethtool.request(linkstateGet, w -> {
                    int nest = w.startNested(headerAttr);
                    w.putString(devName, "lo");
                    w.endNested(nest);
                }, 0, null))) {
                    assertEquals(1, replies.size());
                    GenericNetlinkMessage reply = replies.get(0);
                    assertEquals(ethtool.family().id(), reply.family());
                    AttributeReader attrs = reply.attributes();
                    assertTrue(attrs.find(linkstateLink), "reply has ETHTOOL_A_LINKSTATE_LINK");
                    assertEquals(1, attrs.u8(), "lo is up, so it has a link");
                    assertTrue(attrs.find(headerAttr), "reply has ETHTOOL_A_LINKSTATE_HEADER");
                    AttributeReader header = attrs.nested();
                    assertTrue(header.find(devName));
                    assertEquals("lo", header.string());
                    assertTrue(header.find(1), "ETHTOOL_A_HEADER_DEV_INDEX");
                    assertEquals(1, header.u32(), "lo is ifindex 1 in a fresh namespace");
                }
            } finally {
                c.socket().close();
            }
        }
    }

    @Test
    void aFamilyNotificationReachesReceive() throws Exception {
        try (TestNetns ns = TestNetns.create()) {
            GenericNetlinkController c = await(GenericNetlink.connect(b -> b.netns(ns.path())));
            try {
                GenericNetlinkSocket netdev = await(c.get("netdev", GenericNetlinkSocket::new));
                await(netdev.addMembership("mgmt"));
                Future<GenericNetlinkMessage> next = netdev.receive();
                ns.ip("link", "add", "br0", "type", "bridge");
                GenericNetlinkMessage m = await(next);
                try {
                    assertEquals(netdev.family().id(), m.family());
                    int devAddNtf = 2;
                    assertEquals(devAddNtf, m.cmd(), "NETDEV_CMD_DEV_ADD_NTF");
                    assertTrue(m.group() != 0, "delivered on the mgmt group");
                } finally {
                    m.release();
                }
                Future<Void> bad = netdev.addMembership("no-such-group");
                bad.await(5, TimeUnit.SECONDS);
                assertTrue(bad.cause().getMessage().contains("[mgmt, page-pool]"), bad.cause().getMessage());
            } finally {
                c.socket().close();
            }
        }
    }

    @Test
    void aHeaderOfTheWrongSizeIsRefusedBeforeSending() throws Exception {
        GenericNetlinkSocket nlctrl = ctrl;
        Future<NetlinkReplies<GenericNetlinkMessage>> f = nlctrl.request(3, w -> { }, 0,
                io.netty.buffer.Unpooled.wrappedBuffer(new byte[4]));
        f.await(5, TimeUnit.SECONDS);
        IllegalArgumentException e = assertInstanceOf(IllegalArgumentException.class, f.cause());
        assertTrue(e.getMessage().contains("0-byte header"), e.getMessage());
        assertThrows(ExecutionException.class, () -> await(f));
    }

    @Test
    void theControllersFamilyIsNlctrlAsTheKernelDescribesIt() throws Exception {
        Family nlctrl = ctrl.family();
        assertEquals(await(ctrl.getFamilyByName("nlctrl")), nlctrl, "what the kernel reports, not a constant");
        assertEquals(IprouteGenl.families(null).get("nlctrl").maxattr(), nlctrl.maxattr());
        assertTrue(nlctrl.command(GenlCtrl.CTRL_CMD_GETFAMILY).isPresent());
        assertTrue(nlctrl.command(GenlCtrl.CTRL_CMD_GETPOLICY).orElseThrow().canDump());
    }

    @Test
    void dumpOnlyCommandsReportedUnderZeroAreResolvedToTheirNumbers() throws Exception {
        for (String name : List.of("nlctrl", "netdev")) {
            Family family = await(ctrl.getFamilyByName(name));
            Policy policy = await(ctrl.getPolicyByName(name, null));
            for (CommandPolicy c : policy.commands()) {
                Command command = family.command(c.cmd()).orElseThrow(() -> new AssertionError(name + ": " + c));
                assertTrue(command.hasPolicy(), c.toString());
                assertEquals(command.canDo() ? c.cmd() : 0, c.reportedCmd(), name + ": " + c
                        + ": the kernel nests a dump-only command's entry under 0");
            }
            assertEquals(family.commands().stream().filter(Command::hasPolicy).map(Command::id).toList(),
                    policy.commands().stream().map(CommandPolicy::cmd).toList(), name);
        }
        Policy getPolicyOnly = await(ctrl.getPolicyByName("nlctrl", GenlCtrl.CTRL_CMD_GETPOLICY));
        assertEquals(GenlCtrl.CTRL_CMD_GETPOLICY, getPolicyOnly.commands().get(0).cmd());
    }

    @Test
    void aRefusalThroughTheHelperIsTheNetlinkExceptionItselfNamingTheAttribute() {
        NetlinkException e = assertThrows(NetlinkException.class,
                () -> NetlinkFutures.get(ctrl.getFamilyByName("no-such-family")));
        assertEquals(Errno.ENOENT, e.errno());
        // A 20-byte name breaks nlctrl's policy (NUL_STRING, max len 15): the kernel points at the attribute.
        NetlinkException tooLong = assertThrows(NetlinkException.class,
                () -> NetlinkFutures.get(ctrl.getFamilyByName("x".repeat(20))));
        assertEquals("CTRL_ATTR_FAMILY_NAME", tooLong.attributePath(), tooLong.getMessage());
    }

    @Test
    void aPlainSocketSendsAMapTypedByItsJavaValues() throws Exception {
        GenericNetlinkSocket plain = new GenericNetlinkSocket(ctrl.socket(), ctrl.family());
        try (NetlinkReplies<GenericNetlinkMessage> r = await(plain.request(GenlCtrl.CTRL_CMD_GETFAMILY,
                Map.of(GenlCtrl.CTRL_ATTR_FAMILY_NAME, "nlctrl"), 0, null))) {
            AttributeReader a = r.get(0).attributes();
            assertTrue(a.find(GenlCtrl.CTRL_ATTR_FAMILY_ID));
            assertEquals(GenlCtrl.GENL_ID_CTRL, a.u16());
        }
    }
}
