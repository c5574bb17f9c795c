package dev.netlink.transport;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Named network namespaces exactly as {@code ip netns} keeps them: a namespace is a file
 * {@code /run/netns/NAME} on which the namespace ({@code /proc/thread-self/ns/net} of a thread that called
 * {@code unshare(CLONE_NEWNET)}) is bind-mounted, below a {@code /run/netns} that is a shared mount point, so
 * {@code ip netns list}, {@code ip netns exec} and this class see the same namespaces. Open a socket in one with
 * {@code NetlinkSocket.builder(protocol).netns(path)} or {@code new NetlinkChannel(protocol, path)}.
 *
 * <p>Every call is made on a short-lived platform thread of its own: the calling thread's namespace never changes,
 * and the host's own links and routes are never touched. Needs {@code CAP_SYS_ADMIN} (root). Stateless;
 * thread-safe.
 */
public final class NetworkNamespaces {
    /** {@code NETNS_RUN_DIR} of iproute2. */
    public static final Path RUN_DIR = Path.of("/run/netns");
    /** The longest name a file may have ({@code NAME_MAX}). */
    private static final int NAME_MAX = 255;
    private static final int EINVAL = 22;

    private NetworkNamespaces() {
    }

    /**
     * The file of namespace {@code name}, {@code /run/netns/NAME}, whether or not it exists.
     *
     * @throws IllegalArgumentException for a name that is empty, {@code .} or {@code ..}, contains {@code /} or NUL,
     *                                  or is longer than 255 bytes
     */
    public static Path path(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0 || name.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
            throw new IllegalArgumentException("not a network namespace name: \"" + name + "\" (a file name: not"
                    + " empty, not . or .., no / or NUL, at most " + NAME_MAX + " bytes)");
        }
        return RUN_DIR.resolve(name);
    }

    /**
     * Creates network namespace {@code name}, as {@code ip netns add NAME} does, and returns its file.
     *
     * @throws FileAlreadyExistsException when a namespace of that name exists
     * @throws IOException                when the kernel refuses ({@code unshare: EPERM} without the capability);
     *                                    nothing the call made is left behind
     */
    public static Path create(String name) throws IOException {
        Path file = path(name);
        Files.createDirectories(RUN_DIR);
        Netns.onOwnThread("netlink-netns", () -> {
            shareRunDir();
            return null;
        });
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(file.toString(), null, "network namespace " + name + " exists");
        }
        try {
            Netns.onOwnThread("netlink-netns", () -> {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment capture = arena.allocate(Native.CAPTURE_LAYOUT);
                    Native.unshareNet(capture);
                    Native.mount(capture, arena.allocateFrom("/proc/thread-self/ns/net"),
                            arena.allocateFrom(file.toString()), arena.allocateFrom("none"), Native.MS_BIND);
                }
                return null;
            });
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return file;
    }

    /**
     * Deletes network namespace {@code name}, as {@code ip netns delete NAME} does: its bind mount is detached and
     * its file removed. The namespace itself ends when nothing uses it any more (its sockets closed, its
     * processes gone).
     *
     * @throws NoSuchFileException when there is no namespace of that name
     */
    public static void delete(String name) throws IOException {
        Path file = path(name);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no network namespace " + name);
        }
        Netns.onOwnThread("netlink-netns", () -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment capture = arena.allocate(Native.CAPTURE_LAYOUT);
                try {
                    Native.umount2(capture, arena.allocateFrom(file.toString()), Native.MNT_DETACH);
                } catch (NativeIoException e) {
                    if (e.errno() != EINVAL) {
                        throw e; // EINVAL: not mounted (a file left by a failed create); remove it all the same
                    }
                }
            }
            return null;
        });
        Files.delete(file);
    }

    /** The names of the namespaces in {@code /run/netns}, sorted, as {@code ip netns list} lists them. */
    public static List<String> list() throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(RUN_DIR)) {
            return names;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(RUN_DIR)) {
            for (Path p : dir) {
                if (Files.isRegularFile(p)) {
                    names.add(p.getFileName().toString());
                }
            }
        }
        names.sort(null);
        return names;
    }

    /** Whether namespace {@code name} exists. */
    public static boolean exists(String name) {
        return Files.exists(path(name));
    }

    /**
     * Makes {@code /run/netns} a shared mount point, as iproute2 does before its first bind mount there: a shared
     * mount, then, if it is not a mount point yet ({@code EINVAL}), a bind mount of itself first.
     */
    private static void shareRunDir() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Native.CAPTURE_LAYOUT);
            MemorySegment dir = arena.allocateFrom(RUN_DIR.toString());
            MemorySegment none = arena.allocateFrom("none");
            try {
                Native.mount(capture, arena.allocateFrom(""), dir, none, Native.MS_SHARED | Native.MS_REC);
            } catch (NativeIoException e) {
                if (e.errno() != EINVAL) {
                    throw new NativeIoException("mount", e.errno(), RUN_DIR + " (making it shared)");
                }
                Native.mount(capture, dir, dir, none, Native.MS_BIND | Native.MS_REC);
                Native.mount(capture, arena.allocateFrom(""), dir, none, Native.MS_SHARED | Native.MS_REC);
            }
        }
    }
}
