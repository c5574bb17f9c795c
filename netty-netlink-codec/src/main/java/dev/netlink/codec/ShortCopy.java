package dev.netlink.codec;

import io.netty.buffer.ByteBuf;

/**
 * Copies between buffers for the short runs of netlink (a request's payload, an attribute): eight bytes at a time
 * through plain reads and writes. Netty's bulk copy between two direct buffers makes a {@code ByteBuffer} view
 * per call when it has no {@code Unsafe}, as on JDK 25 by default; longer runs still take it, where the copy
 * outweighs the view.
 */
public final class ShortCopy {
    /** The longest run copied here. */
    static final int MAX = 256;

    private ShortCopy() {
    }

    /**
     * Appends the {@code length} bytes at {@code index} of {@code src} to {@code dst}, as
     * {@code dst.writeBytes(src, index, length)} does, without moving {@code src}'s reader index.
     */
    public static ByteBuf writeBytes(ByteBuf dst, ByteBuf src, int index, int length) {
        if (length > MAX) {
            return dst.writeBytes(src, index, length);
        }
        dst.ensureWritable(length);
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            dst.writeLong(src.getLong(index + i));
        }
        for (; i < length; i++) {
            dst.writeByte(src.getByte(index + i));
        }
        return dst;
    }
}
