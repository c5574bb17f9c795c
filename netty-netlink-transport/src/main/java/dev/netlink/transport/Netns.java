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
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("netlink-netns-" + path).daemon(true).unstarted(() -> {
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
                result.set(Native.socket(capture, protocol));
            } catch (Throwable e) {
                result.set(e);
            }
        });
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the socket must not leak: wait for the thread, then restore the flag
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Object r = result.get();
        if (r instanceof Integer fd) {
            return fd;
        }
        if (r instanceof IOException e) {
            throw e;
        }
        if (r instanceof RuntimeException e) {
            throw e;
        }
        throw new IOException("cannot create a netlink socket in " + path, (Throwable) r);
    }
}
