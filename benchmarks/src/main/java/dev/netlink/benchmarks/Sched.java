package dev.netlink.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the time of a timed loop went, by thread: with {@code NLBENCH_SCHED=1}, the CPU time each of the JVM's
 * threads ran and the time it waited for a CPU (the kernel's {@code /proc/self/task/TID/schedstat}), summed by
 * thread name (compiler threads, GC workers, the event loop), printed to stderr. On a 2-core machine it tells
 * whether the event loop was slow itself or kept off the CPU by the JIT and the GC.
 */
final class Sched {
    private static final boolean ENABLED = System.getenv("NLBENCH_SCHED") != null;

    private Sched() {
    }

    /** Nanoseconds run and waited per thread name, or nothing when not enabled. */
    static Map<String, long[]> snapshot() {
        Map<String, long[]> times = new TreeMap<>();
        if (!ENABLED) {
            return times;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+$", "");
                String[] stat = Files.readString(task.resolve("schedstat")).trim().split(" ");
                long[] t = {Long.parseLong(stat[0]), Long.parseLong(stat[1])};
                times.merge(name, t, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return times;
    }

    /** Prints what each thread name ran and waited between two snapshots, above a millisecond. */
    static void print(Map<String, long[]> before, Map<String, long[]> after) {
        after.forEach((name, t) -> {
            long[] b = before.getOrDefault(name, new long[2]);
            long ran = t[0] - b[0];
            long waited = t[1] - b[1];
            if (ran > 1_000_000 || waited > 1_000_000) {
                System.err.printf("sched %-18s ran %7.1f ms, waited for a CPU %7.1f ms%n", name, ran / 1e6,
                        waited / 1e6);
            }
        });
    }
}
