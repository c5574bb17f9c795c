package dev.netlink.watch;

/**
 * What a watch tells: objects added, changed and removed, in the order the kernel's state went through them as
 * far as the socket saw it, and each resynchronisation. Called on the watch's event loop; must not block. Each
 * method does nothing by default.
 *
 * @param <V> the object type ({@code Link}, {@code Route}, ...)
 */
public interface WatchListener<V> {
    /** {@code object} appeared. */
    default void added(V object) {
    }

    /** The object {@code before} is now {@code after} (same key). */
    default void changed(V before, V after) {
    }

    /** {@code object} is gone. */
    default void removed(V object) {
    }

    /** The first dump was merged: every object was told by {@link #added}. */
    default void synced() {
    }

    /** A resynchronisation ended; its difference was told just before. */
    default void resynced(Resync resync) {
    }

    /**
     * The watch stopped: its socket closed, or the kernel refused its dump ({@code NetlinkException}); it tells
     * nothing more.
     */
    default void failed(Throwable cause) {
    }
}
