package dev.netlink.ynl;

import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkException;
import dev.netlink.testing.TestNetns;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import static dev.netlink.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * nftables (netlink-raw over {@code NETLINK_NETFILTER}) spoken by its spec against this kernel, in a private
 * namespace: changes go inside nfnetlink batches the family frames itself, gets and dumps do not. This machine has
 * no {@code nft}, so what the changes made is read back with the spec's own dumps.
 */
class NftablesYnlIT {
    private static final int NFPROTO_IPV4 = 2;
    private static final int NF_INET_LOCAL_IN = 1;

    @Test
    void newtableNewchainGetchainDeltable() throws Exception {
        TestNetns.assumeRoot();
        try (TestNetns ns = TestNetns.create();
             YnlFamily nft = await(Ynl.connect("nftables", Path.of(ns.path())))) {
            assertEquals(List.of(), await(nft.dump("gettable", Map.of())));
            assertEquals(Map.of(), await(nft.request("newtable", Map.of("nfgen-family", NFPROTO_IPV4, "name", "t0"))));
            assertEquals(Map.of(), await(nft.request("newchain",
                    Map.of("nfgen-family", NFPROTO_IPV4, "table", "t0", "name", "c0"))));
            assertEquals(Map.of(), await(nft.request("newchain", Map.of("nfgen-family", NFPROTO_IPV4, "table", "t0",
                    "name", "input", "type", "filter", "hook", Map.of("num", NF_INET_LOCAL_IN, "priority", -5)))));

            List<Map<String, Object>> tables = await(nft.dump("gettable", Map.of()));
            assertEquals(1, tables.size(), tables::toString);
            assertEquals("t0", tables.get(0).get("name"));
            assertEquals(NFPROTO_IPV4, tables.get(0).get("nfgen-family"));
            assertEquals(2L, tables.get(0).get("use"), "the table's chains");

            Map<String, Map<String, Object>> chains = new TreeMap<>();
            for (Map<String, Object> c : await(nft.dump("getchain", Map.of("nfgen-family", NFPROTO_IPV4)))) {
                assertEquals("t0", c.get("table"));
                chains.put((String) c.get("name"), c);
            }
            assertEquals(List.of("c0", "input"), List.copyOf(chains.keySet()));
            Map<String, Object> input = chains.get("input");
            assertEquals("filter", input.get("type"));
            Map<?, ?> hook = assertInstanceOf(Map.class, input.get("hook"));
            assertEquals((long) NF_INET_LOCAL_IN, hook.get("num"));
            assertEquals(-5, ((Number) hook.get("priority")).intValue());
            assertEquals(null, chains.get("c0").get("hook"), "a regular chain has no hook");
            assertInstanceOf(Long.class, chains.get("c0").get("handle"));

            // The kernel's error reaches the message that caused it; the aborted batch leaves nothing waiting.
            ExecutionException exists = assertThrows(ExecutionException.class,
                    () -> await(nft.request("newtable", Map.of("nfgen-family", NFPROTO_IPV4, "name", "t0"))));
            assertEquals(Errno.EEXIST, assertInstanceOf(NetlinkException.class, exists.getCause()).errno());
            ExecutionException missing = assertThrows(ExecutionException.class, () -> await(nft.request("newchain",
                    Map.of("nfgen-family", NFPROTO_IPV4, "table", "nope", "name", "c1"))));
            assertEquals(Errno.ENOENT, assertInstanceOf(NetlinkException.class, missing.getCause()).errno());
            assertEquals(2, await(nft.dump("getchain", Map.of("nfgen-family", NFPROTO_IPV4))).size(),
                    "the failed batches changed nothing");

            assertEquals(Map.of(), await(nft.request("delchain",
                    Map.of("nfgen-family", NFPROTO_IPV4, "table", "t0", "name", "c0"))));
            assertEquals(List.of("input"), await(nft.dump("getchain", Map.of())).stream()
                    .map(c -> c.get("name")).toList());
            assertEquals(Map.of(), await(nft.request("deltable", Map.of("nfgen-family", NFPROTO_IPV4, "name", "t0"))));
            assertEquals(List.of(), await(nft.dump("gettable", Map.of())));
            assertEquals(List.of(), await(nft.dump("getchain", Map.of())));
            assertTrue(nft.toString().contains("nftables"));
        }
    }
}
