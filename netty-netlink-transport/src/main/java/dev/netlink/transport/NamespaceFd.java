package dev.netlink.transport;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * An open network namespace: a file descriptor of its file ({@code /run/netns/NAME}, {@code /proc/PID/ns/net}),
 * as rtnetlink's {@code IFLA_NET_NS_FD} takes it to create a link in, or move one to, that namespace. The kernel
 * keeps the namespace alive while the descriptor is open; close it when the request is done. Thread-safe; closing
 * twice does nothing.
 */
public final class NamespaceFd implements AutoCloseable {
    private final Path path;
    private int fd;

    private NamespaceFd(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /**
     * Opens the namespace file {@code path} ({@code open(O_RDONLY | O_CLOEXEC)}).
     *
     * @throws IOException naming the errno and the path, when it cannot be opened
     */
    public static NamespaceFd open(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Native.CAPTURE_LAYOUT);
            try {
                return new NamespaceFd(path, Native.openReadOnly(capture, arena.allocateFrom(path.toString())));
            } catch (NativeIoException e) {
                throw new NativeIoException("open", e.errno(), path.toString());
            }
        }
    }

    /** The descriptor; -1 once closed. */
    public synchronized int fd() {
        return fd;
    }

    /** The namespace file. */
    public Path path() {
        return path;
    }

    @Override
    public synchronized void close() throws IOException {
        if (fd < 0) {
            return;
        }
        int f = fd;
        fd = -1;
        try (Arena arena = Arena.ofConfined()) {
            Native.close(arena.allocate(Native.CAPTURE_LAYOUT), f);
        }
    }

    @Override
    public String toString() {
        return "NamespaceFd(" + path + ", " + fd + ')';
    }
}
