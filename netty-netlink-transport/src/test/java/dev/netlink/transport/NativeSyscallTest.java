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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The hot-path calls through {@code syscall(2)} and through the libc functions they replace behave alike on a
 * real socket: the bytes sent and read, {@code -1} with {@code errno} ({@code EAGAIN}, {@code EBADF}) captured.
 */
class NativeSyscallTest {
    private static final FunctionDescriptor SENDTO = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG,
            JAVA_INT, ADDRESS, JAVA_INT);
    private static final FunctionDescriptor RECVMSG = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    private static final FunctionDescriptor RECVMMSG = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT,
            JAVA_INT, ADDRESS);
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
        String arch = System.getProperty("os.arch");
        assumeTrue(arch.equals("amd64") || arch.equals("aarch64"),
                "syscall(2) is used on x86-64 and arm64, not " + arch);
        assertNotEquals(0, Native.SyscallNumbers.HOST.sendto(), "this machine takes the syscall(2) path");
    }

    @Test
    void throughSyscallAndThroughLibcASendAndItsAnswerAndAnEmptyQueueAreTheSame() throws Throwable {
        Native.SyscallNumbers host = Native.SyscallNumbers.HOST;
        roundTrip(Native.hotCall("sendto", host.sendto(), SENDTO), Native.hotCall("recvmsg", host.recvmsg(), RECVMSG));
        roundTrip(Native.hotCall("sendto", 0, SENDTO), Native.hotCall("recvmsg", 0, RECVMSG));
    }

    @Test
    void throughSyscallAndThroughLibcRecvmmsgReadsEveryQueuedDatagramOrSaysEagain() throws Throwable {
        Native.SyscallNumbers host = Native.SyscallNumbers.HOST;
        batch(Native.hotCall("sendto", host.sendto(), SENDTO), Native.hotCall("recvmmsg", host.recvmmsg(), RECVMMSG));
        batch(Native.hotCall("sendto", 0, SENDTO), Native.hotCall("recvmmsg", 0, RECVMMSG));
    }

    /** Two GETFAMILY requests for nlctrl (a reply and an ACK each), all four datagrams read by one recvmmsg. */
    private static void batch(MethodHandle sendto, MethodHandle recvmmsg) throws Throwable {
        NetlinkSocketFd fd = boundSocket();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Native.CAPTURE_LAYOUT);
            MemorySegment kernel = kernelAddress(arena);
            int slots = 8;
            MemorySegment msgvec = arena.allocate(Native.MMSGHDR_SIZE * slots, 8);
            for (int k = 0; k < slots; k++) {
                MemorySegment hdr = msghdr(arena, arena.allocate(4096, 8));
                MemorySegment.copy(hdr, 0, msgvec, Native.MMSGHDR_SIZE * k, Native.MSGHDR_SIZE);
            }
            int none = (int) recvmmsg.invokeExact(capture, fd.intValue(), msgvec, slots, Native.MSG_DONTWAIT,
                    MemorySegment.NULL);
            assertEquals(-1, none);
            assertEquals(Native.EAGAIN, Native.errno(capture));
            for (int seq = 1; seq <= 2; seq++) {
                MemorySegment request = getFamilyByName(arena, seq);
                long sent = (long) sendto.invokeExact(capture, fd.intValue(), request.address(), 32L, 0, kernel,
                        (int) Native.SOCKADDR_NL_SIZE);
                assertEquals(32, sent);
            }
            int n = (int) recvmmsg.invokeExact(capture, fd.intValue(), msgvec, slots, Native.MSG_DONTWAIT,
                    MemorySegment.NULL);
            assertEquals(4, n, "two replies and two ACKs");
            for (int k = 0; k < n; k++) {
                assertTrue(msgvec.get(ValueLayout.JAVA_INT, Native.MMSGHDR_SIZE * k + Native.MMSG_LEN) >= 16);
            }
        } finally {
            fd.close();
        }
    }

    /** CTRL_CMD_GETFAMILY for "nlctrl" with NLM_F_ACK: 32 bytes. */
    private static MemorySegment getFamilyByName(Arena arena, int seq) {
        MemorySegment request = arena.allocate(32, 4);
        request.set(ValueLayout.JAVA_INT, 0, 32);
        request.set(ValueLayout.JAVA_SHORT, 4, (short) 0x10); // GENL_ID_CTRL
        request.set(ValueLayout.JAVA_SHORT, 6, (short) 0x5); // NLM_F_REQUEST | NLM_F_ACK
        request.set(ValueLayout.JAVA_INT, 8, seq);
        request.set(ValueLayout.JAVA_BYTE, 16, (byte) 3); // CTRL_CMD_GETFAMILY
        request.set(ValueLayout.JAVA_BYTE, 17, (byte) 1);
        request.set(ValueLayout.JAVA_SHORT, 20, (short) 11); // CTRL_ATTR_FAMILY_NAME "nlctrl"
        request.set(ValueLayout.JAVA_SHORT, 22, (short) 2);
        MemorySegment.copy("nlctrl\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, request,
                ValueLayout.JAVA_BYTE, 24, 7);
        return request;
    }

    /** A GETFAMILY dump of nlctrl sent with {@code sendto}, its first datagram read with {@code recvmsg}. */
    private static void roundTrip(MethodHandle sendto, MethodHandle recvmsg) throws Throwable {
        NetlinkSocketFd fd = boundSocket();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Native.CAPTURE_LAYOUT);
            MemorySegment kernel = kernelAddress(arena);
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

    /** A generic netlink socket bound to a port id of the kernel's choice; the caller closes it. */
    private static NetlinkSocketFd boundSocket() throws java.io.IOException {
        NetlinkSocketFd fd = NetlinkSocketFd.open(NetlinkProtocol.NETLINK_GENERIC);
        fd.bind(dev.netlink.codec.NetlinkAddress.ANY);
        return fd;
    }

    /** The kernel's {@code struct sockaddr_nl}: family AF_NETLINK, port id 0, no groups. */
    private static MemorySegment kernelAddress(Arena arena) {
        MemorySegment kernel = arena.allocate(Native.SOCKADDR_NL_SIZE, 4);
        kernel.set(ValueLayout.JAVA_SHORT, 0, (short) Native.AF_NETLINK);
        return kernel;
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
