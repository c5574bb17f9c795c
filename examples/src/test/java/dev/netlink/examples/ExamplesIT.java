package dev.netlink.examples;

import dev.netlink.genl.Command;
import dev.netlink.genl.Family;
import dev.netlink.genl.GenlCtrl;
import dev.netlink.genl.IprouteGenl;
import dev.netlink.genl.MulticastGroup;
import dev.netlink.testing.TestNetns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each example's main path against the real kernel, in a private namespace where it changes anything. */
class ExamplesIT {
    @BeforeAll
    static void root() {
        TestNetns.assumeRoot();
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Examples.run(List.of(argv), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The expected lines for one family, as regular expressions, written from iproute2's view of it. */
    static List<String> expected(Family f) {
        List<String> lines = new ArrayList<>();
        lines.add(Pattern.quote(String.format("%s: id 0x%x, version %d, header %d, maxattr %d", f.name(), f.id(),
                f.version(), f.hdrsize(), f.maxattr())));
        for (Command c : f.commands()) {
            String head = String.format("  command 0x%x: ", c.id());
            lines.add(Pattern.quote(head) + (c.flags() == IprouteGenl.UNKNOWN_FLAGS ? "[a-z|-]+"
                    : Pattern.quote(GenlCtrl.commandFlagsToString(c.flags()))));
        }
        for (MulticastGroup g : f.mcastGroups()) {
            lines.add(Pattern.quote(String.format("  group 0x%x: %s", g.id(), g.name())));
        }
        return lines;
    }

    static void assertLinesMatch(List<String> patterns, String output) {
        List<String> lines = output.lines().toList();
        assertEquals(patterns.size(), lines.size(), output);
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(lines.get(i).matches(patterns.get(i)), "line " + (i + 1) + ": " + lines.get(i) + " !~ "
                    + patterns.get(i));
        }
    }

    @Test
    void genlCtrlListShowsWhatGenlCtrlListShows() {
        Run r = run("genl-ctrl", "list");
        assertEquals(0, r.exit(), r.err());
        List<String> expected = new ArrayList<>();
        IprouteGenl.families(null).values().forEach(f -> expected.addAll(expected(f)));
        assertLinesMatch(expected, r.out());
    }

    @Test
    void genlCtrlGetAndPolicyAndJson() {
        Run get = run("genl-ctrl", "get", "nlctrl");
        assertEquals(0, get.exit(), get.err());
        assertLinesMatch(expected(IprouteGenl.families(null).get("nlctrl")), get.out());

        Run json = run("genl-ctrl", "--json", "get", "nlctrl");
        assertTrue(json.out().startsWith("{\"name\":\"nlctrl\",\"id\":16,\"version\":2,"), json.out());

        Run policy = run("genl-ctrl", "policy", "nlctrl");
        assertEquals(0, policy.exit(), policy.err());
        assertTrue(policy.out().startsWith("nlctrl (0x10) policies\n"), policy.out());
        assertTrue(policy.out().contains("    attr 2: "), policy.out());
    }

    @Test
    void genlCtrlUnknownFamilyIsOneClearLine() {
        Run r = run("genl-ctrl", "get", "no-such-family");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals("genl-ctrl: no generic netlink family \"no-such-family\" (ENOENT)\n", r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void ynlListsTheBundledFamiliesTheirOperationsAndChecksASpecAgainstTheKernel() throws Exception {
        tools.jackson.databind.ObjectMapper json = new tools.jackson.databind.ObjectMapper();
        Run families = run("ynl", "--list-families");
        assertEquals(0, families.exit(), families.err());
        List<?> list = json.readValue(families.out(), List.class);
        assertTrue(list.size() >= 19, families.out());
        assertTrue(families.out().contains("{\"name\":\"netdev\",\"protocol\":\"genetlink\""), families.out());
        Run ops = run("ynl", "--list-ops", "netdev");
        assertEquals(0, ops.exit(), ops.err());
        assertTrue(ops.out().startsWith("[{\"name\":\"dev-get\",\"value\":1,\"attribute-set\":\"dev\","
                + "\"kinds\":[\"do\",\"dump\"]}"), ops.out());
        Run check = run("ynl", "--family", "nlctrl", "--check");
        assertEquals(0, check.exit(), check.err());
        assertEquals("[]", check.out().strip(), "nlctrl's spec and this kernel agree");
        Run unknown = run("ynl", "--list-ops", "no-such-family");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("no bundled spec of family \"no-such-family\""), unknown.err());
    }

    @Test
    void wrongCommandLinesPrintTheUsage() {
        Run r = run("genl-ctrl", "frobnicate");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains(GenlCtrlTool.USAGE), r.err());
        assertEquals(2, run("no-such-program").exit());
    }

    /** A stream that counts lines as they are printed. */
    static final class LineSink extends OutputStream {
        final StringBuilder text = new StringBuilder();
        final List<CountDownLatch> lines = new ArrayList<>();

        LineSink(int expected) {
            for (int i = 0; i < expected; i++) {
                lines.add(new CountDownLatch(1));
            }
        }

        @Override
        public synchronized void write(int b) {
            text.append((char) b);
            if (b == '\n') {
                long n = text.chars().filter(c -> c == '\n').count();
                if (n <= lines.size()) {
                    lines.get((int) n - 1).countDown();
                }
            }
        }

        boolean await(int line) throws InterruptedException {
            return lines.get(line - 1).await(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void ipMonitorSeesALinkCreatedInItsNamespace() throws Exception {
        try (TestNetns ns = TestNetns.create()) {
            LineSink sink = new LineSink(2);
            PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Examples.run(
                    List.of("ip-monitor", "link", "--count", "1", "--netns", ns.name()), out,
                    new PrintStream(err, true, StandardCharsets.UTF_8)));
            assertTrue(sink.await(1), () -> "monitor did not start: " + err);
            ns.ip("link", "add", "nlt-br0", "type", "bridge");
            assertTrue(sink.await(2), () -> "no event line: " + sink.text + err);
            assertEquals(0, exit.get(20, TimeUnit.SECONDS), err::toString);
            String event = sink.text.toString().lines().toList().get(1);
            assertTrue(event.matches("RTM_NEWLINK \\d+: nlt-br0 type bridge mtu 1500 state DOWN"), event);
        }
    }

    @Test
    void routeDumpCountsWhatIpRouteShows() {
        try (TestNetns ns = TestNetns.create()) {
            ns.ip("link", "add", "nlt-d0", "type", "bridge");
            ns.ip("link", "set", "nlt-d0", "up");
            ns.ip("addr", "add", "10.77.0.1/16", "dev", "nlt-d0");
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                batch.add("route add 10.88." + (i / 256) + "." + (i % 256) + "/32 via 10.77.0.2");
            }
            ns.ipBatch(batch);
            long expected = ns.ip("-4", "route", "show", "table", "all").lines().count();
            Run r = run("route-dump", "-4", "--count", "--netns", ns.name());
            assertEquals(0, r.exit(), r.err());
            assertEquals(expected + " routes\n", r.out());
            assertTrue(expected > 1000);

            Run lines = run("route-dump", "-4", "--netns", ns.name());
            assertTrue(lines.out().contains("RTM_NEWROUTE 10.88.3.231/32 via 10.77.0.2 dev nlt-d0 table main"),
                    lines.out());
        }
    }

    @Test
    void ethtoolInfoOfLoopback() {
        try (TestNetns ns = TestNetns.create()) {
            Run r = run("ethtool-info", "lo", "--netns", ns.name());
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().startsWith("ifname: lo\n"), r.out());
            assertTrue(r.out().contains("ifindex: 1\n"), r.out());
            assertTrue(r.out().contains("link: yes"), r.out());

            Run missing = run("ethtool-info", "nlt-nope", "--netns", ns.name());
            assertEquals(1, missing.exit());
            assertTrue(missing.err().startsWith("ethtool-info: no interface \"nlt-nope\""), missing.err());
        }
    }
}
