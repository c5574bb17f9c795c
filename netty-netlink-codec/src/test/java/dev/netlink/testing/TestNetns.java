package dev.netlink.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A private network namespace for one test, made with {@code ip netns add} and removed by {@link #close()}, so
 * that integration tests never touch the machine's own links and routes. {@link #create()} skips the test
 * (a JUnit assumption that says why) when it cannot run: not root, or no {@code ip}.
 */
public final class TestNetns implements AutoCloseable {
    private final String name;

    private TestNetns(String name) {
        this.name = name;
    }

    /** Creates a namespace with a unique name, or skips the calling test if that is impossible here. */
    public static TestNetns create() {
        assumeRoot();
        String name = "nlt-" + UUID.randomUUID().toString().substring(0, 8);
        Result r = run("ip", "netns", "add", name);
        Assumptions.assumeTrue(r.exit == 0, () -> "cannot create a network namespace (" + r.output.strip() + ")");
        TestNetns ns = new TestNetns(name);
        ns.ip("link", "set", "lo", "up");
        return ns;
    }

    /** Skips the calling test unless it runs as root on Linux. */
    public static void assumeRoot() {
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"),
                "netlink needs Linux");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) || uid() == 0,
                "needs root to create network namespaces (run as root, as CI does)");
    }

    private static long uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The namespace's name. */
    public String name() {
        return name;
    }

    /** The namespace file to open sockets in: {@code /var/run/netns/NAME}. */
    public String path() {
        return "/var/run/netns/" + name;
    }

    /** Runs {@code ip -n NAME args...} and returns its output; fails the test if it fails. */
    public String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        Result r = run(cmd.toArray(new String[0]));
        if (r.exit != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed (" + r.exit + "): " + r.output);
        }
        return r.output;
    }

    /** Runs {@code ip -n NAME -j args...} and returns the JSON it prints; fails the test if it fails. */
    public String ipJson(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "-j";
        System.arraycopy(args, 0, all, 1, args.length);
        return ip(all);
    }

    /** Runs {@code ip -n NAME -batch FILE} with {@code commands}, one per line. */
    public void ipBatch(List<String> commands) {
        try {
            Path file = Files.createTempFile("nlt-batch", ".txt");
            try {
                Files.write(file, commands, StandardCharsets.UTF_8);
                ip("-batch", file.toString());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Adds {@code count} host routes via lo in one batch: 10.0.0.0/32, 10.0.0.1/32, ... */
    public void addHostRoutes(int count) {
        List<String> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add("route add 10." + ((i >> 16) & 255) + '.' + ((i >> 8) & 255) + '.' + (i & 255) + "/32 dev lo");
        }
        ipBatch(batch);
    }

    /** Runs a command in this namespace ({@code ip netns exec}). */
    public Result exec(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(new String[0]));
    }

    @Override
    public void close() {
        run("ip", "netns", "del", name);
    }

    /** A finished command: exit status and combined output. */
    public record Result(int exit, String output) {
    }

    /** Runs a command, waiting up to a minute; output is stdout and stderr together. */
    public static Result run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + String.join(" ", cmd));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }
}
