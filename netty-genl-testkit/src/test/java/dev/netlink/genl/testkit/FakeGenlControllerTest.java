package dev.netlink.genl.testkit;

import dev.netlink.testkit.FakeKernel;
import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkException;
import dev.netlink.codec.attr.ReportedPolicy;
import dev.netlink.codec.attr.NlAttrType;
import dev.netlink.client.NetlinkReplies;
import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.genl.Command;
import dev.netlink.genl.CommandPolicy;
import dev.netlink.genl.Family;
import dev.netlink.genl.GenericNetlink;
import dev.netlink.genl.GenericNetlinkController;
import dev.netlink.genl.GenericNetlinkMessage;
import dev.netlink.genl.GenericNetlinkSocket;
import dev.netlink.genl.MulticastGroup;
import dev.netlink.genl.Policy;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GenericNetlinkController}, unchanged, against the fake nlctrl. */
class FakeGenlControllerTest {
    static final Family DEMO = new Family(0x30, "demo", 1, 0, 2, List.of(new Command(1, 0x0a)),
            List.of(new MulticastGroup("events", 0x31)));
    static final Policy DEMO_POLICY = new Policy(0x30,
            new TreeMap<>(Map.of(0, new TreeMap<>(Map.of(1, ReportedPolicy.of(NlAttrType.NL_ATTR_TYPE_U32),
                    2, new ReportedPolicy(NlAttrType.NL_ATTR_TYPE_NUL_STRING, OptionalLong.empty(),
                            OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalInt.empty(),
                            OptionalInt.of(15), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
                            OptionalLong.empty()))))),
            List.of(new CommandPolicy(1, 0, -1)));

    private EmbeddedChannel ch;
    private GenericNetlinkController ctrl;

    @BeforeEach
    void setUp() {
        FakeGenlController nlctrl = new FakeGenlController(DEMO).policy(DEMO_POLICY)
                .orElse((req, reply) -> reply.message(req.type(), new byte[] {2, 1, 0, 0}, w -> w.putU32(1, 99)));
        ch = FakeKernel.newChannel(nlctrl);
        ctrl = GenericNetlink.on(ch, 0).getNow();
    }

    @AfterEach
    void tearDown() {
        ch.finishAndReleaseAll();
    }

    @Test
    void familiesAndLookups() {
        List<Family> families = ctrl.getFamilies().getNow();
        assertEquals(List.of("nlctrl", "demo"), families.stream().map(Family::name).toList());
        assertEquals(DEMO, ctrl.getFamilyByName("demo").getNow());
        assertEquals(DEMO, ctrl.getFamilyById(0x30).getNow());
        NetlinkException e = assertInstanceOf(NetlinkException.class, ctrl.getFamilyByName("nope").cause());
        assertEquals(Errno.ENOENT, e.errno());
    }

    @Test
    void policiesRoundTrip() {
        assertEquals(DEMO_POLICY, ctrl.getPolicyByName("demo", null).getNow());
        assertEquals(DEMO_POLICY, ctrl.getPolicyById(0x30, null).getNow());
    }

    @Test
    void aFamilySocketTalksToTheFallbackResponder() {
        GenericNetlinkSocket demo = ctrl.get("demo", GenericNetlinkSocket::new).getNow();
        try (NetlinkReplies<GenericNetlinkMessage> replies = demo.request(1, w -> { }, 0, null).getNow()) {
            assertEquals(1, replies.size());
            AttributeReader a = replies.get(0).attributes();
            assertTrue(a.find(1));
            assertEquals(99, a.u32());
        }
    }

    @Test
    void theControllersFamilyIsTheFakesNlctrl() {
        assertEquals(2, ctrl.family().commands().size(), "asked of the fake, not a constant");
        assertEquals(ctrl.getFamilyByName("nlctrl").getNow(), ctrl.family());
    }

    @Test
    void aDumpOnlyCommandIsReportedUnderZeroAndResolvedBack() {
        Family dumper = new Family(0x32, "dumper", 1, 0, 1, List.of(new Command(1, 0x0e), new Command(2, 0x0c)),
                List.of());
        Policy policy = new Policy(0x32, new TreeMap<>(Map.of(0, new TreeMap<>(Map.of(1,
                ReportedPolicy.of(NlAttrType.NL_ATTR_TYPE_U32))))),
                List.of(new CommandPolicy(1, 0, 0), new CommandPolicy(2, -1, 0, 0)));
        FakeGenlController nlctrl = new FakeGenlController(dumper).policy(policy);
        EmbeddedChannel c = FakeKernel.newChannel(nlctrl);
        GenericNetlinkController controller = GenericNetlink.on(c, 0).getNow();
        Policy read = controller.getPolicyByName("dumper", null).getNow();
        assertEquals(List.of(1, 2), read.commands().stream().map(CommandPolicy::cmd).toList());
        assertEquals(List.of(1, 0), read.commands().stream().map(CommandPolicy::reportedCmd).toList());
        assertEquals(2, controller.getPolicyByName("dumper", 2).getNow().commands().get(0).cmd());
        c.finishAndReleaseAll();
    }
}
