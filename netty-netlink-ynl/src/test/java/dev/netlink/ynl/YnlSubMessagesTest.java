package dev.netlink.ynl;

import dev.netlink.codec.NetlinkFlags;
import dev.netlink.testkit.FakeKernel;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.netlink.ynl.RawYnlFamilyTest.done;
import static dev.netlink.ynl.YnlSchemasTest.linked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sub-messages below a set's direct attributes, both ways: tc's action options (a sub-message in each nest of an
 * indexed array, itself inside the filter's options sub-message) and a selector found in an enclosing set.
 */
class YnlSubMessagesTest {
    private static final int RTM_NEWQDISC = 36;
    private static final int RTM_NEWTFILTER = 44;
    /**
     * What this kernel (6.18) dumped for {@code tc filter add dev v0 parent ffff: protocol ip prio 10 u32 match ip
     * dst 10.0.0.1/32 action mirred egress redirect dev v1} (v0 ifindex 3, v1 ifindex 2): a tcmsg, then kind
     * {@code u32}, chain 0, and the u32 options with its selector and the {@code act} array of one mirred action.
     */
    private static final String U32_MIRRED = "0000000003000000000800800000ffff08000a00080001007533320008000b00000000"
            + "00e00002002400050001000100000000000000000000000000ffffffff0a0000011000000000000000080002000000008008000b"
            + "0008000000a8000700a40001000b0001006d69727265640000440004001400010000000000000000000000000000000000140007"
            + "000000000000000000000000000000000018000300000000000000000000000000000000000000000008000a0000000000480002"
            + "00200002000100000000000000040000000100000001000000010000000200000024000100d20f000000000000d20f0000000000"
            + "0000000000000000000000000000000000";

    private FakeRawFamily fake;
    private FakeKernel kernel;

    private YnlFamily tc(FakeKernel.Responder responder) {
        fake = new FakeRawFamily("tc", responder);
        kernel = fake.kernel;
        return fake.family;
    }

    @AfterEach
    void tearDown() {
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void anActionsOptionsInsideTheIndexedArrayDecodeByTheActionsKindAndEncodeBackToTheKernelsBytes() {
        byte[] kernelBytes = HexFormat.of().parseHex(U32_MIRRED);
        YnlFamily tc = tc((req, reply) -> reply.message(RTM_NEWTFILTER, Unpooled.wrappedBuffer(kernelBytes)));
        List<Map<String, Object>> filters = done(tc.dump("gettfilter", Map.of("ifindex", 3)));
        assertEquals(1, filters.size());
        Map<String, Object> filter = filters.get(0);
        assertEquals("u32", filter.get("kind"));
        Map<?, ?> options = assertInstanceOf(Map.class, filter.get("options"), "the filter's sub-message");
        Map<?, ?> sel = assertInstanceOf(Map.class, options.get("sel"));
        assertEquals(1, sel.get("nkeys"));
        List<?> acts = assertInstanceOf(List.class, options.get("act"));
        assertEquals(1, acts.size());
        Map<?, ?> act = assertInstanceOf(Map.class, acts.get(0));
        assertEquals("mirred", act.get("kind"));
        Map<?, ?> mirred = assertInstanceOf(Map.class, act.get("options"), "the action's sub-message, by its kind");
        assertEquals(List.of("parms", "tm"), List.copyOf(mirred.keySet()));
        byte[] parms = assertInstanceOf(byte[].class, mirred.get("parms"));
        assertEquals("0100000000000000040000000100000001000000010000000200000", HexFormat.of().formatHex(parms)
                .substring(0, 55), "struct tc_mirred: index 1, TC_ACT_STOLEN, TCA_EGRESS_REDIR, ifindex 2");
        Map<?, ?> tm = assertInstanceOf(Map.class, mirred.get("tm"), "struct tcf_t inside the sub-message");
        assertEquals(4050L, tm.get("install"));
        Map<?, ?> stats = assertInstanceOf(Map.class, act.get("stats"));
        assertInstanceOf(Map.class, stats.get("basic"));

        // Back: the decoded map, sent as a request, is the kernel's bytes again, the action's options included;
        // but for NLA_F_NESTED on the nests (tc's kernel sets none). Indexed arrays are written from 1, as tc
        // numbers (and reads) its actions.
        done(tc.request("newtfilter", new LinkedHashMap<>(filter), NetlinkFlags.NLM_F_CREATE));
        String expected = U32_MIRRED.replace("a8000700" + "a4000100", "a8000780" + "a4000180")
                .replace("6d69727265640000" + "44000400", "6d69727265640000" + "44000480");
        assertEquals(expected, ByteBufUtil.hexDump(kernel.lastRequest().content()));
    }

    @Test
    void aSelectorMissingFromTheNestIsTheEnclosingSetsAndAnActionNeedsItsOwnKind() {
        // stats2's app is picked by the qdisc's kind, one level up (tools/net/ynl looks outwards too).
        YnlFamily tc = tc((req, reply) -> reply.message(RTM_NEWQDISC, req.content().retainedDuplicate()));
        Map<String, Object> qdisc = linked("ifindex", 3, "kind", "choke", "stats2", linked("app",
                linked("early", 1L, "pdrop", 2L, "other", 3L, "marked", 4L, "matched", 5L)));
        Map<String, Object> echoed = done(tc.request("getqdisc", qdisc));
        assertEquals(qdisc.get("stats2"), echoed.get("stats2"));
        assertEquals("0a000100" + "63686f6b65000000" + "1c000780" + "18000400"
                        + "0100000002000000030000000400000005000000",
                ByteBufUtil.hexDump(kernel.lastRequest().content()).substring(40),
                "kind choke, then stats2 with app as choke's struct tc_choke_xstats");

        Throwable refused = tc.request("newtfilter", linked("ifindex", 3, "kind", "u32", "options",
                linked("act", List.of(linked("options", linked("parms", new byte[4])))))).cause();
        assertInstanceOf(IllegalArgumentException.class, refused);
        assertTrue(refused.getMessage().contains("sub-message options.act[0].options needs its selector kind"),
                refused.getMessage());
    }
}
