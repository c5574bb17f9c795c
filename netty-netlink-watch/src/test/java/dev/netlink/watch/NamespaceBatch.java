package dev.netlink.watch;

import dev.netlink.testing.TestNetns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Many private network namespaces made and removed by one {@code ip -batch} each way (500 in about 0.2 s, where
 * {@code ip netns add} a process at a time costs a few milliseconds each). {@link #close()} removes every one of them,
 * whatever was made. The caller checks {@link TestNetns#assumeRoot()} first.
 */
final class NamespaceBatch implements AutoCloseable {
    private final List<String> names;

    private NamespaceBatch(List<String> names) {
        this.names = names;
    }

    /** Makes {@code count} namespaces {@code nlt-<8 random hex digits>-i}; on failure, removes those made and fails. */
    static NamespaceBatch create(int count) {
        String prefix = "nlt-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        NamespaceBatch batch = new NamespaceBatch(IntStream.range(0, count).mapToObj(i -> prefix + i).toList());
        try {
            batch.ip(batch.names.stream().map(n -> "netns add " + n).toList(), false);
        } catch (RuntimeException | AssertionError e) {
            batch.close();
            throw e;
        }
        return batch;
    }

    /** The namespace names. */
    List<String> names() {
        return names;
    }

    /** The file of namespace {@code i}, to open sockets in. */
    String path(int i) {
        return "/var/run/netns/" + names.get(i);
    }

    /** Runs {@code ip -batch} in the caller's namespace (each line naming its namespace); fails if a line fails. */
    void ip(List<String> lines) {
        ip(lines, false);
    }

    private void ip(List<String> lines, boolean force) {
        try {
            Path file = Files.createTempFile("nlt-batch", ".txt");
            try {
                Files.write(file, lines, StandardCharsets.UTF_8);
                List<String> cmd = new ArrayList<>(List.of("ip"));
                if (force) {
                    cmd.add("-force"); // go on past the lines that fail: remove whatever exists
                }
                cmd.addAll(List.of("-batch", file.toString()));
                TestNetns.Result r = TestNetns.run(cmd.toArray(new String[0]));
                if (r.exit() != 0 && !force) {
                    throw new AssertionError(String.join(" ", cmd) + " failed (" + r.exit() + "): " + r.output());
                }
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        ip(names.stream().map(n -> "netns del " + n).toList(), true);
    }
}
