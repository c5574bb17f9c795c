package dev.netlink.transport;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens a netlink socket inside another network namespace ({@code setns(fd, CLONE_NEWNET)}). A namespace is a
 * property of a thread, and a socket keeps the namespace it was created in; so a short-lived platform thread
 * enters the namespace, creates the socket and ends. The calling thread's namespace never changes. Stateless.
 */
final class Netns {
    private Netns() {
    }

    /**
     * Returns a new {@code AF_NETLINK} socket fd of {@code protocol} created in the namespace at {@code path}
     * (e.g. {@code /var/run/netns/NAME}, {@code /proc/PID/ns/net}).
     */
    static int socketIn(String path, int protocol) throws IOException {
        return onOwnThread("netlink-netns-" + path, () -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment capture = arena.allocate(Native.CAPTURE_LAYOUT);
                int nsFd;
                try {
                    nsFd = Native.openReadOnly(capture, arena.allocateFrom(path));
                } catch (NativeIoException e) {
                    throw new NativeIoException("open", e.errno(), path);
                }
                try {
                    Native.setnsNet(capture, nsFd);
                } catch (NativeIoException e) {
                    throw new NativeIoException("setns", e.errno(), path);
                } finally {
                    Native.close(capture, nsFd);
                }
                return Native.socket(capture, protocol);
            }
        });
    }

    /** Work that may change the namespaces of the thread it runs on. */
    @FunctionalInterface
    interface ThreadTask<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code task} on a short-lived platform thread of its own, whose namespace changes die with it, and
     * returns its result. Waits for it even when interrupted (what it made must not leak), then sets the flag again.
     */
    static <T> T onOwnThread(String name, ThreadTask<T> task) throws IOException {
        AtomicReference<Object> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name(name).daemon(true).unstarted(() -> {
            try {
                result.set(task.run());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable e = failure.get();
        if (e instanceof IOException io) {
            throw io;
        }
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        if (e != null) {
            throw new IOException("netlink namespace task failed", e);
        }
        @SuppressWarnings("unchecked")
        T value = (T) result.get();
        return value;
    }
}
