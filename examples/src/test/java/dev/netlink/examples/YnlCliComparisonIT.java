package dev.netlink.examples;

import dev.netlink.testing.TestNetns;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ynl command against the kernel's own {@code tools/net/ynl/cli.py --output-json} (Debian's linux-source-6.12,
 * unpacked by {@code tools/kernel-ynl}): the same request must print the same JSON value, sets compared as sets.
 */
class YnlCliComparisonIT {
    static final Path TREE = Path.of(System.getProperty("ynl.kernel.tree", "/tmp/ynl/linux-source-6.12"));
    static final Path CLI = TREE.resolve("tools/net/ynl/cli.py");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What cli.py prints for {@code args} in namespace {@code ns}; fails the test when it fails. */
    static JsonNode cli(TestNetns ns, String spec, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns.name(), "python3", CLI.toString(),
                "--spec", TREE.resolve("Documentation/netlink/specs").resolve(spec + ".yaml").toString(),
                "--output-json"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        Assumptions.assumeTrue(p.exitValue() == 0 || !out.contains("ModuleNotFoundError"),
                () -> "cli.py cannot run here (its python needs yaml and jsonschema): " + out);
        assertEquals(0, p.exitValue(), out);
        return JSON.readTree(out.strip().lines().reduce((a, b) -> b).orElse("null"));
    }

    /** What our command prints for {@code args} in namespace {@code ns}. */
    static JsonNode ours(TestNetns ns, String family, String... args) {
        List<String> argv = new ArrayList<>(List.of("ynl", "--family", family, "--netns", ns.name()));
        argv.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Examples.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        return JSON.readTree(out.toString(StandardCharsets.UTF_8));
    }

    /** {@code node} with every array of plain values sorted: YNL sets print in no fixed order. */
    static JsonNode normalized(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> o.set(e.getKey(), normalized(e.getValue())));
            return o;
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(n -> items.add(normalized(n)));
            if (items.stream().allMatch(JsonNode::isValueNode)) {
                items.sort(Comparator.comparing(JsonNode::toString));
            }
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            items.forEach(a::add);
            return a;
        }
        return node;
    }

    /**
     * cli.py prints an element of an indexed array as a one-key object, its index on the wire to its value
     * ({@code [{"1": {...}}, {"2": {...}}]}); {@code YnlFamily} gives the values in order. This unwraps cli.py's
     * form, checking the indexes count up from 1 as the kernel numbers them — the one place where the two differ
     * beyond the order of sets.
     */
    static JsonNode indexedArraysAsLists(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> o.set(e.getKey(), indexedArraysAsLists(e.getValue())));
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            int index = 1;
            for (JsonNode n : node) {
                if (n.isObject() && n.size() == 1 && n.has(Integer.toString(index))) {
                    a.add(indexedArraysAsLists(n.get(Integer.toString(index))));
                    index++;
                } else {
                    a.add(indexedArraysAsLists(n));
                }
            }
            return a;
        }
        return node;
    }

    private static void assumeCli() {
        TestNetns.assumeRoot();
        Assumptions.assumeTrue(Files.isRegularFile(CLI), () -> "no kernel cli.py at " + CLI
                + " (tools/kernel-ynl unpacks it from Debian's linux-source-6.12)");
    }

    @Test
    void netdevDevGetDumpPrintsWhatCliPyPrints() throws Exception {
        assumeCli();
        try (TestNetns ns = TestNetns.create()) {
            ns.ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
            JsonNode theirs = cli(ns, "netdev", "--dump", "dev-get");
            JsonNode mine = ours(ns, "netdev", "--dump", "dev-get");
            assertEquals(normalized(theirs), normalized(mine));
            assertEquals(3, mine.size(), "lo and the veth pair");
        }
    }

    @Test
    void nlctrlGetfamilyPrintsWhatCliPyPrints() throws Exception {
        assumeCli();
        try (TestNetns ns = TestNetns.create()) {
            String request = "{\"family-name\":\"netdev\"}";
            assertEquals(normalized(indexedArraysAsLists(cli(ns, "nlctrl", "--do", "getfamily", "--json", request))),
                    normalized(ours(ns, "nlctrl", "--do", "getfamily", "--json", request)));
        }
    }

    @Test
    void ethtoolChannelsAndLinkinfoPrintWhatCliPyPrints() throws Exception {
        assumeCli();
        try (TestNetns ns = TestNetns.create()) {
            ns.ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
            String request = "{\"header\":{\"dev-name\":\"v0\"}}";
            for (String op : List.of("channels-get", "linkinfo-get")) {
                assertEquals(normalized(cli(ns, "ethtool", "--do", op, "--json", request)),
                        normalized(ours(ns, "ethtool", "--do", op, "--json", request)), op);
            }
        }
    }
}
