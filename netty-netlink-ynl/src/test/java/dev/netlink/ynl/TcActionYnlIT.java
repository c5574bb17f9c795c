package dev.netlink.ynl;

import dev.netlink.testing.TestNetns;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.netlink.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * tc's actions, sub-messages inside an indexed array inside a sub-message, read by the dynamic client from this
 * kernel in a private namespace and compared with what {@code tc -j filter show} reads there.
 */
class TcActionYnlIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void gettfilterDumpDecodesMirredActionAsTcShowsIt() throws Exception {
        TestNetns.assumeRoot();
        try (TestNetns ns = TestNetns.create()) {
            ns.ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
            ns.ip("link", "set", "v0", "up");
            run(ns, "tc", "qdisc", "add", "dev", "v0", "ingress");
            run(ns, "tc", "filter", "add", "dev", "v0", "parent", "ffff:", "protocol", "ip", "prio", "10", "u32",
                    "match", "ip", "dst", "10.0.0.1/32", "action", "mirred", "egress", "redirect", "dev", "v1");
            JsonNode shown = JSON.readTree(run(ns, "tc", "-j", "filter", "show", "dev", "v0", "ingress"));
            JsonNode expected = null;
            for (JsonNode f : shown) {
                if (f.has("options") && f.get("options").has("actions")) {
                    expected = f;
                }
            }
            int v0 = JSON.readTree(ns.ip("-j", "link", "show", "v0")).get(0).get("ifindex").asInt();
            int v1 = JSON.readTree(ns.ip("-j", "link", "show", "v1")).get(0).get("ifindex").asInt();
            try (YnlFamily tc = await(Ynl.connect("tc", Path.of(ns.path())))) {
                List<Map<String, Object>> filters = await(tc.dump("gettfilter",
                        Map.of("ifindex", v0, "parent", 0xffff0000L)));
                Map<String, Object> filter = filters.stream()
                        .filter(f -> f.get("options") instanceof Map<?, ?> o && o.containsKey("act"))
                        .findFirst().orElseThrow(() -> new AssertionError(filters));
                assertEquals(expected.get("kind").asString(), filter.get("kind"));
                Map<?, ?> options = assertInstanceOf(Map.class, filter.get("options"));
                List<?> acts = assertInstanceOf(List.class, options.get("act"));
                JsonNode actions = expected.get("options").get("actions");
                assertEquals(actions.size(), acts.size());
                Map<?, ?> act = assertInstanceOf(Map.class, acts.get(0));
                JsonNode shownAct = actions.get(0);
                assertEquals(shownAct.get("kind").asString(), act.get("kind"));
                Map<?, ?> mirred = assertInstanceOf(Map.class, act.get("options"), act::toString);
                // struct tc_mirred (the spec gives no struct): index, capab, action, refcnt, bindcnt, eaction, ifindex
                java.nio.ByteBuffer parms = java.nio.ByteBuffer.wrap(assertInstanceOf(byte[].class, mirred.get("parms")))
                        .order(java.nio.ByteOrder.nativeOrder());
                assertEquals(shownAct.get("index").asLong(), parms.getInt(0) & 0xffffffffL);
                assertEquals(4, parms.getInt(8), "TC_ACT_STOLEN: " + shownAct.get("control_action"));
                assertEquals(1, parms.getInt(20), "TCA_EGRESS_REDIR: " + shownAct.get("mirred_action"));
                assertEquals(v1, parms.getInt(24), "to_dev " + shownAct.get("to_dev"));
                assertInstanceOf(Map.class, mirred.get("tm"), "struct tcf_t decoded: " + mirred);
                // the action's stats: its app sub-message's selector is the action's kind, not the filter's
                Map<?, ?> stats = assertInstanceOf(Map.class, act.get("stats"));
                assertInstanceOf(Map.class, stats.get("basic"));
                Map<?, ?> sel = assertInstanceOf(Map.class, options.get("sel"));
                assertEquals(1, sel.get("nkeys"));

                // And back: the filter made again through the client, its action in tc's indexed array (from 1).
                run(ns, "tc", "filter", "del", "dev", "v0", "parent", "ffff:", "prio", "10");
                Map<String, Object> again = new java.util.LinkedHashMap<>(filter);
                Map<String, Object> againOptions = new java.util.LinkedHashMap<>(cast(options));
                Map<String, Object> againAct = new java.util.LinkedHashMap<>(cast(act));
                againAct.remove("stats"); // the kernel's counters, not input
                againOptions.remove("flags"); // TCA_CLS_FLAGS_NOT_IN_HW, which the kernel reports and refuses
                againOptions.remove("pcnt");
                Map<String, Object> againMirred = new java.util.LinkedHashMap<>(cast(mirred));
                againMirred.remove("tm");
                againAct.put("options", againMirred);
                againOptions.put("act", List.of(againAct));
                again.put("options", againOptions);
                await(tc.request("newtfilter", again, dev.netlink.codec.NetlinkFlags.NLM_F_CREATE
                        | dev.netlink.codec.NetlinkFlags.NLM_F_EXCL));
                JsonNode remade = null;
                for (JsonNode f : JSON.readTree(run(ns, "tc", "-j", "filter", "show", "dev", "v0", "ingress"))) {
                    if (f.has("options") && f.get("options").has("actions")) {
                        remade = f;
                    }
                }
                assertNotNull(remade, "the filter made through the client has its action");
                JsonNode remadeAct = remade.get("options").get("actions").get(0);
                assertEquals("mirred", remadeAct.get("kind").asString());
                assertEquals(shownAct.get("to_dev").asString(), remadeAct.get("to_dev").asString());
                assertEquals(shownAct.get("mirred_action").asString(), remadeAct.get("mirred_action").asString());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    private static String run(TestNetns ns, String... cmd) {
        TestNetns.Result r = ns.exec(cmd);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed (" + r.exit() + "): " + r.output());
        }
        return r.output();
    }
}
