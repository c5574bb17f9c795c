package dev.netlink.transport;

import dev.netlink.codec.NetlinkProtocol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hot-path calls through {@code syscall(2)} and through the libc functions they replace behave alike on a
 * real socket: the bytes sent and read, {@code -1} with {@code errno} ({@code EAGAIN}, {@code EBADF}) captured.
 */
class NativeSyscallTest {
    private static final FunctionDescriptor SENDTO = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG,
            JAVA_INT, ADDRESS, JAVA_INT);
    private static final FunctionDescriptor RECVMSG = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    private static final int EBADF = 9;

    @BeforeAll
    static void netlink() {
        NetlinkAssumptions.assumeNetlink();
    }

    @Test
    void theSystemCallNumbersAreTheKernelsOfEachArchitecture() {
        assertEquals(new Native.SyscallNumbers(44, 47, 299), Native.SyscallNumbers.of("amd64"));
        assertEquals(new Native.SyscallNumbers(206, 212, 243), Native.SyscallNumbers.of("aarch64"));
        assertEquals(new Native.SyscallNumbers(0, 0, 0), Native.SyscallNumbers.of("s390x"), "libc's functions");
        assertNotEquals(0, Native.SyscallNumbers.HOST.sendto(), "this machine takes the syscall(2) path");
    }

    @Test
    void throughSyscallAndThroughLibcASendAndItsAnswerAndAnEmptyQueueAreTheSame() throws Throwable {
        Native.SyscallNumbers host = Native.SyscallNumbers.HOST;
        roundTrip(Native.hotCall("sendto", host.sendto(), SENDTO), Native.hotCall("recvmsg", host.recvmsg(), RECVMSG));
        roundTrip(Native.hotCall("sendto", 0, SENDTO), Native.hotCall("recvmsg", 0, RECVMSG));
    }

    /** A GETFAMILY dump of nlctrl sent with {@code sendto}, its first datagram read with {@code recvmsg}. */
    private static void roundTrip(MethodHandle sendto, MethodHandle recvmsg) throws Throwable {
        NetlinkSocketFd fd = NetlinkSocketFd.open(NetlinkProtocol.NETLINK_GENERIC);
        try (Arena arena = Arena.ofConfined()) {
            fd.bind(dev.netlink.codec.NetlinkAddress.ANY);
            MemorySegment capture = arena.allocate(Native.CAPTURE_LAYOUT);
            MemorySegment kernel = arena.allocate(Native.SOCKADDR_NL_SIZE, 4);
            kernel.set(ValueLayout.JAVA_SHORT, 0, (short) Native.AF_NETLINK);
            MemorySegment buf = arena.allocate(32768, 8);
            MemorySegment msghdr = msghdr(arena, buf);

            long n = (long) recvmsg.invokeExact(capture, fd.intValue(), msghdr, Native.MSG_DONTWAIT);
            assertEquals(-1, n);
            assertEquals(Native.EAGAIN, Native.errno(capture), "nothing queued yet");

            MemorySegment request = arena.allocate(20, 4);
            request.set(ValueLayout.JAVA_INT, 0, 20);
            request.set(ValueLayout.JAVA_SHORT, 4, (short) 0x10); // GENL_ID_CTRL
            request.set(ValueLayout.JAVA_SHORT, 6, (short) 0x301); // NLM_F_REQUEST | NLM_F_DUMP
            request.set(ValueLayout.JAVA_INT, 8, 1);
            request.set(ValueLayout.JAVA_BYTE, 16, (byte) 3); // CTRL_CMD_GETFAMILY
            request.set(ValueLayout.JAVA_BYTE, 17, (byte) 1);
            long sent = (long) sendto.invokeExact(capture, fd.intValue(), request.address(), 20L, 0, kernel,
                    (int) Native.SOCKADDR_NL_SIZE);
            assertEquals(20, sent);

            long read = (long) recvmsg.invokeExact(capture, fd.intValue(), msghdr, Native.MSG_DONTWAIT);
            assertTrue(read > 20, "the dump's first datagram: " + read + " bytes");
            assertEquals(0x10, buf.get(ValueLayout.JAVA_SHORT, 4), "a family, of nlctrl's type");
            assertEquals(1, buf.get(ValueLayout.JAVA_INT, 8), "with the request's sequence");

            long bad = (long) sendto.invokeExact(capture, -1, request.address(), 20L, 0, kernel,
                    (int) Native.SOCKADDR_NL_SIZE);
            assertEquals(-1, bad);
            assertEquals(EBADF, Native.errno(capture));
        } finally {
            fd.close();
        }
    }

    private static MemorySegment msghdr(Arena arena, MemorySegment buf) {
        MemorySegment iov = arena.allocate(Native.IOVEC_SIZE, 8);
        iov.set(ValueLayout.ADDRESS, 0, buf);
        iov.set(ValueLayout.JAVA_LONG, 8, buf.byteSize());
        MemorySegment msghdr = arena.allocate(Native.MSGHDR_SIZE, 8);
        msghdr.set(ValueLayout.ADDRESS, Native.MSG_IOV, iov);
        msghdr.set(ValueLayout.JAVA_LONG, Native.MSG_IOVLEN, 1);
        return msghdr;
    }
}
