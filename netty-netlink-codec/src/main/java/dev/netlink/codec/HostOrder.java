package dev.netlink.codec;

import io.netty.buffer.ByteBuf;

import java.nio.ByteOrder;

/**
 * The host byte order of the kernel's fixed headers and attributes ({@code struct nlmsghdr}, {@code struct nlattr},
 * {@code struct nlmsgerr}, {@code genlmsghdr}, integer payloads): 16-, 32- and 64-bit values read and written at a
 * {@link ByteBuf} index in the order of the CPU the JVM runs on, which is the order the kernel of this host uses.
 *
 * <p>The choice is one {@code static final boolean}, so the JIT keeps one branch and drops the other; nothing is
 * allocated. The buffers are neither retained nor released, and the {@code get}/{@code set} methods do not move
 * their indices. Static helpers only; thread-safe as far as the buffer is.
 */
public final class HostOrder {
    /** Whether the host is little-endian (x86, arm64, riscv64); {@code false} on s390x and big-endian ppc64. */
    public static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private HostOrder() {
    }

    /** The unsigned 16-bit value at {@code index}, e.g. {@code nlmsg_type} or {@code nla_len}. */
    public static int getU16(ByteBuf buf, int index) {
        return LITTLE_ENDIAN ? buf.getUnsignedShortLE(index) : buf.getUnsignedShort(index);
    }

    /** The signed 16-bit value at {@code index}. */
    public static int getS16(ByteBuf buf, int index) {
        return LITTLE_ENDIAN ? buf.getShortLE(index) : buf.getShort(index);
    }

    /** The 32-bit value at {@code index} (a u32 or s32), e.g. {@code nlmsg_len} or {@code nlmsgerr.error}. */
    public static int getI32(ByteBuf buf, int index) {
        return LITTLE_ENDIAN ? buf.getIntLE(index) : buf.getInt(index);
    }

    /** The 64-bit value at {@code index} (a u64 or s64). */
    public static long getI64(ByteBuf buf, int index) {
        return LITTLE_ENDIAN ? buf.getLongLE(index) : buf.getLong(index);
    }

    /** Sets the 16 low bits of {@code value} at {@code index}, e.g. a nest's {@code nla_len} once it is known. */
    public static void setI16(ByteBuf buf, int index, int value) {
        if (LITTLE_ENDIAN) {
            buf.setShortLE(index, value);
        } else {
            buf.setShort(index, value);
        }
    }

    /** Sets the 32-bit {@code value} at {@code index}. */
    public static void setI32(ByteBuf buf, int index, int value) {
        if (LITTLE_ENDIAN) {
            buf.setIntLE(index, value);
        } else {
            buf.setInt(index, value);
        }
    }

    /** Sets the 64-bit {@code value} at {@code index}. */
    public static void setI64(ByteBuf buf, int index, long value) {
        if (LITTLE_ENDIAN) {
            buf.setLongLE(index, value);
        } else {
            buf.setLong(index, value);
        }
    }

    /** Appends the 16 low bits of {@code value} at the writer index; returns {@code buf}. */
    public static ByteBuf writeI16(ByteBuf buf, int value) {
        return LITTLE_ENDIAN ? buf.writeShortLE(value) : buf.writeShort(value);
    }

    /** Appends the 32-bit {@code value} at the writer index; returns {@code buf}. */
    public static ByteBuf writeI32(ByteBuf buf, int value) {
        return LITTLE_ENDIAN ? buf.writeIntLE(value) : buf.writeInt(value);
    }

    /** Appends the 64-bit {@code value} at the writer index; returns {@code buf}. */
    public static ByteBuf writeI64(ByteBuf buf, long value) {
        return LITTLE_ENDIAN ? buf.writeLongLE(value) : buf.writeLong(value);
    }
}
