package dev.netlink.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every length from 0 past the short limit, between direct and heap buffers, at an odd source index. */
class ShortCopyTest {
    @Test
    void copiesWhatWriteBytesCopies() {
        for (boolean direct : new boolean[] {true, false}) {
            for (int length = 0; length <= ShortCopy.MAX + 9; length++) {
                ByteBuf src = direct ? Unpooled.directBuffer(length + 3) : Unpooled.buffer(length + 3);
                for (int i = 0; i < length + 3; i++) {
                    src.writeByte(i * 37 + length);
                }
                ByteBuf dst = Unpooled.directBuffer(1).writeByte(0x7f); // grows: ensureWritable does its work
                try {
                    ShortCopy.writeBytes(dst, src, 3, length);
                    assertEquals(1 + length, dst.readableBytes());
                    assertEquals(0, src.readerIndex(), "the source's reader index stays");
                    assertEquals(ByteBufUtil.hexDump(src, 3, length), ByteBufUtil.hexDump(dst, 1, length),
                            "length " + length + (direct ? " direct" : " heap"));
                } finally {
                    src.release();
                    dst.release();
                }
            }
        }
    }
}
