package dev.netlink.transport;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Every libc call of this module, bound once through {@code java.lang.foreign} with {@code errno} captured:
 * {@code socket}, {@code bind}, {@code connect}, {@code getsockname}, {@code setsockopt}, {@code getsockopt},
 * {@code sendto}, {@code recvmsg}, {@code recvmmsg}, {@code close}, {@code open}, {@code setns}, {@code mmap},
 * {@code munmap}, {@code unshare}, {@code mount}, {@code umount2}, and {@code syscall}.
 *
 * <p>Each method takes a capture segment ({@link #CAPTURE_LAYOUT}) first. The hot-path calls ({@link #recvmsg},
 * {@link #recvmmsg}, {@link #sendto}) return {@code -errno} instead of throwing so that {@code EAGAIN} and
 * {@code ENOBUFS} cost no exception; the others throw {@link NativeIoException}. On x86-64 and arm64 those three go
 * through libc's {@code syscall(2)} with their system call numbers: glibc's own {@code sendto}, {@code recvmsg} and
 * {@code recvmmsg} are cancellation points, which make the thread asynchronously cancellable around each call (two
 * atomic operations, about 25 ns a call on this project's test machine), and no Java thread is ever cancelled so;
 * elsewhere they are the libc functions. Constants are the Linux values shared by x86-64 and arm64 (asm-generic).
 * Stateless and thread-safe; memory passed in belongs to the caller.
 */
final class Native {
    static final int AF_UNSPEC = 0;
    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;

    static final int SOL_SOCKET = 1;
    static final int SO_ERROR = 4;
    static final int SO_ATTACH_FILTER = 26;
    static final int SO_DETACH_FILTER = 27;
    static final int SO_LOCK_FILTER = 44;
    /** {@code struct sock_fprog}: {@code unsigned short len}, padding, {@code struct sock_filter *filter}. */
    static final long SOCK_FPROG_SIZE = 16;
    static final long SOCK_FPROG_FILTER = 8;
    /** {@code struct sock_filter}: {@code u16 code; u8 jt; u8 jf; u32 k}. */
    static final long SOCK_FILTER_SIZE = 8;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVBUFFORCE = 33;

    static final int SOL_NETLINK = 270;
    static final int NETLINK_ADD_MEMBERSHIP = 1;
    static final int NETLINK_DROP_MEMBERSHIP = 2;
    static final int NETLINK_PKTINFO = 3;
    static final int NETLINK_BROADCAST_ERROR = 4;
    static final int NETLINK_NO_ENOBUFS = 5;
    static final int NETLINK_LISTEN_ALL_NSID = 8;
    static final int NETLINK_LIST_MEMBERSHIPS = 9;
    static final int NETLINK_CAP_ACK = 10;
    static final int NETLINK_EXT_ACK = 11;
    static final int NETLINK_GET_STRICT_CHK = 12;

    static final int MSG_PEEK = 0x2;
    static final int MSG_TRUNC = 0x20;
    static final int MSG_DONTWAIT = 0x40;

    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int CLONE_NEWNET = 0x40000000;

    static final int PROT_READ = 0x1;
    static final int PROT_WRITE = 0x2;
    static final int MAP_PRIVATE = 0x02;
    static final int MAP_ANONYMOUS = 0x20;
    static final int MAP_NORESERVE = 0x4000;

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ENOPROTOOPT = 92;
    static final int ENOBUFS = 105;

    /** {@code struct sockaddr_nl}: {@code sa_family_t nl_family; u16 nl_pad; u32 nl_pid; u32 nl_groups;}. */
    static final long SOCKADDR_NL_SIZE = 12;
    static final long NL_FAMILY = 0;
    static final long NL_PID = 4;
    static final long NL_GROUPS = 8;

    /** {@code struct msghdr} on LP64. */
    static final long MSGHDR_SIZE = 56;
    static final long MSG_NAME = 0;
    static final long MSG_NAMELEN = 8;
    static final long MSG_IOV = 16;
    static final long MSG_IOVLEN = 24;
    static final long MSG_CONTROL = 32;
    static final long MSG_CONTROLLEN = 40;
    static final long MSG_FLAGS = 48;

    /** {@code struct mmsghdr} on LP64: a {@code struct msghdr}, then {@code unsigned int msg_len}, padded to 8. */
    static final long MMSGHDR_SIZE = 64;
    static final long MMSG_LEN = 56;

    /** {@code struct iovec} on LP64: base pointer, length. */
    static final long IOVEC_SIZE = 16;

    /** {@code struct cmsghdr} on LP64: {@code size_t cmsg_len; int cmsg_level; int cmsg_type;} then data. */
    static final long CMSG_LEN = 0;
    static final long CMSG_LEVEL = 8;
    static final long CMSG_TYPE = 12;
    static final long CMSG_DATA = 16;

    /** The layout of the segment that receives {@code errno}. */
    static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CAPTURE_LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT,
            JAVA_INT));
    private static final MethodHandle BIND = bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS,
            JAVA_INT));
    private static final MethodHandle CONNECT = bind("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS,
            JAVA_INT));
    private static final MethodHandle GETSOCKNAME = bind("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT,
            ADDRESS, ADDRESS));
    private static final MethodHandle SETSOCKOPT = bind("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT,
            JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = bind("getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT,
            JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    /** The buffer pointer is passed as a {@code long} so that a send makes no {@code MemorySegment}. */
    private static final MethodHandle SENDTO = hotCall("sendto", SyscallNumbers.HOST.sendto(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVMSG = hotCall("recvmsg", SyscallNumbers.HOST.recvmsg(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle MMAP = bind("mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG,
            JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = bind("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));

    /**
     * The calls only namespaces need, bound when one is first used: each binding generates a stub class at run
     * time, and a socket that never changes namespace should not pay for them, nor the JIT compile them.
     */
    private static final class Namespaces {
        static final MethodHandle SETNS = bind("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
        /** {@code int open(const char *path, int flags, ...)}: variadic from the third argument (the mode). */
        static final MethodHandle OPEN = bind("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                Linker.Option.firstVariadicArg(2));
        static final MethodHandle UNSHARE = bind("unshare", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        /** {@code int mount(const char *source, const char *target, const char *fstype, unsigned long, data)}. */
        static final MethodHandle MOUNT = bind("mount", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS,
                JAVA_LONG, ADDRESS));
        static final MethodHandle UMOUNT2 = bind("umount2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }

    /** {@code recvmmsg}, bound when a channel first reads with {@code RECEIVE_BATCH} above 1. */
    private static final class Batches {
        static final MethodHandle RECVMMSG = hotCall("recvmmsg", SyscallNumbers.HOST.recvmmsg(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    }

    /** The system call numbers of the hot-path calls on this host's architecture; 0 where unknown. */
    record SyscallNumbers(long sendto, long recvmsg, long recvmmsg) {
        static final SyscallNumbers HOST = of(System.getProperty("os.arch", ""));

        static SyscallNumbers of(String arch) {
            return switch (arch) {
                case "amd64", "x86_64" -> new SyscallNumbers(44, 47, 299);
                case "aarch64" -> new SyscallNumbers(206, 212, 243);
                default -> new SyscallNumbers(0, 0, 0);
            };
        }
    }

    /**
     * The libc function {@code name} of {@code descriptor}, or, when {@code number} is known, {@code syscall(number,
     * ...)} adapted to the same type: its arguments widened to {@code long} as the kernel takes them, its result
     * cast back.
     */
    @SuppressWarnings("restricted")
    static MethodHandle hotCall(String name, long number, FunctionDescriptor descriptor) {
        MethodHandle libc = bind(name, descriptor);
        if (number == 0) {
            return libc;
        }
        ValueLayout[] args = new ValueLayout[descriptor.argumentLayouts().size() + 1];
        args[0] = JAVA_LONG;
        for (int i = 1; i < args.length; i++) {
            args[i] = descriptor.argumentLayouts().get(i - 1) instanceof AddressLayout ? ADDRESS : JAVA_LONG;
        }
        MethodHandle syscall = bind("syscall", FunctionDescriptor.of(JAVA_LONG, args),
                Linker.Option.firstVariadicArg(1));
        return MethodHandles.explicitCastArguments(MethodHandles.insertArguments(syscall, 1, number), libc.type());
    }

    /** {@code MS_BIND}: a bind mount. */
    static final long MS_BIND = 4096;
    /** {@code MS_REC}: recursively. */
    static final long MS_REC = 16384;
    /** {@code MS_SHARED}: mount events propagate to and from peers. */
    static final long MS_SHARED = 1L << 20;
    /** {@code MNT_DETACH}: lazy unmount. */
    static final int MNT_DETACH = 2;

    private Native() {
    }

    @SuppressWarnings("restricted")
    private static MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        MemorySegment symbol = libc.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, options, 1, extra.length);
        return linker.downcallHandle(symbol, descriptor, options);
    }

    /** Returns the {@code errno} the last call captured into {@code capture}. */
    static int errno(MemorySegment capture) {
        return capture.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
    }

    private static int check(String call, int result, MemorySegment capture) throws NativeIoException {
        if (result < 0) {
            throw new NativeIoException(call, errno(capture));
        }
        return result;
    }

    private static Error unexpected(Throwable t) {
        return new AssertionError("libc downcall failed unexpectedly", t);
    }

    /** {@code socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol)}; returns the fd. */
    static int socket(MemorySegment capture, int protocol) throws NativeIoException {
        try {
            return check("socket", (int) SOCKET.invokeExact(capture, AF_NETLINK,
                    SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol), capture);
        } catch (NativeIoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static void bind(MemorySegment capture, int fd, MemorySegment sockaddr) throws NativeIoException {
        try {
            check("bind", (int) BIND.invokeExact(capture, fd, sockaddr, (int) sockaddr.byteSize()), capture);
        } catch (NativeIoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static void connect(MemorySegment capture, int fd, MemorySegment sockaddr) throws NativeIoException {
        try {
            check("connect", (int) CONNECT.invokeExact(capture, fd, sockaddr, (int) sockaddr.byteSize()), capture);
        } catch (NativeIoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code getsockname}; {@code len} holds the {@code socklen_t} in and out. */
    static void getsockname(MemorySegment capture, int fd, MemorySegment sockaddr, MemorySegment len)
            throws NativeIoException {
        try {
            check("getsockname", (int) GETSOCKNAME.invokeExact(capture, fd, sockaddr, len), capture);
        } catch (NativeIoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static void setsockopt(MemorySegment capture, int fd, int level, int name, MemorySegment value)
            throws NativeIoException {
        try {
            check("setsockopt", (int) SETSOCKOPT.invokeExact(capture, fd, level, name, value,
                    (int) value.byteSize()), capture);
        } catch (NativeIoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code getsockopt}; {@code len} holds the {@code socklen_t} in and out. */
    static void getsockopt(MemorySegment capture, int fd, int level, int name, MemorySegment value,
                           MemorySegment len) throws NativeIoException {
        try {
            check("getsockopt", (int) GETSOCKOPT.invokeExact(capture, fd, level, name, value, len), capture);
        } catch (NativeIoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code sendto} of {@code len} bytes at native address {@code buf}; returns the bytes sent or {@code -errno}. */
    static long sendto(MemorySegment capture, int fd, long buf, long len, int flags, MemorySegment addr) {
        try {
            long n = (long) SENDTO.invokeExact(capture, fd, buf, len, flags, addr, (int) addr.byteSize());
            return n < 0 ? -errno(capture) : n;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code recvmsg}; returns the length (the whole datagram's with {@code MSG_TRUNC}) or {@code -errno}. */
    static long recvmsg(MemorySegment capture, int fd, MemorySegment msghdr, int flags) {
        try {
            long n = (long) RECVMSG.invokeExact(capture, fd, msghdr, flags);
            return n < 0 ? -errno(capture) : n;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * {@code recvmmsg} into the {@code vlen} {@code struct mmsghdr} of {@code msgvec}, without a timeout; returns
     * how many datagrams were received (each one's length in its {@code msg_len}) or {@code -errno}.
     */
    static int recvmmsg(MemorySegment capture, int fd, MemorySegment msgvec, int vlen, int flags) {
        try {
            int n = (int) Batches.RECVMMSG.invokeExact(capture, fd, msgvec, vlen, flags, MemorySegment.NULL);
            return n < 0 ? -errno(capture) : n;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static void close(MemorySegment capture, int fd) throws NativeIoException {
        try {
            check("close", (int) CLOSE.invokeExact(capture, fd), capture);
        } catch (NativeIoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code open(path, O_RDONLY | O_CLOEXEC)}; returns the fd. */
    static int openReadOnly(MemorySegment capture, MemorySegment path) throws NativeIoException {
        try {
            return check("open", (int) Namespaces.OPEN.invokeExact(capture, path, O_RDONLY | O_CLOEXEC, 0),
                    capture);
        } catch (NativeIoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code setns(fd, CLONE_NEWNET)}: moves the calling thread into a network namespace. */
    static void setnsNet(MemorySegment capture, int fd) throws NativeIoException {
        try {
            check("setns", (int) Namespaces.SETNS.invokeExact(capture, fd, CLONE_NEWNET), capture);
        } catch (NativeIoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code unshare(CLONE_NEWNET)}: moves the calling thread into a new network namespace of its own. */
    static void unshareNet(MemorySegment capture) throws NativeIoException {
        try {
            check("unshare", (int) Namespaces.UNSHARE.invokeExact(capture, CLONE_NEWNET), capture);
        } catch (NativeIoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code mount(source, target, "none", flags, NULL)}; {@code source} may be {@code MemorySegment.NULL}. */
    static void mount(MemorySegment capture, MemorySegment source, MemorySegment target, MemorySegment fstype,
                      long flags) throws NativeIoException {
        try {
            check("mount", (int) Namespaces.MOUNT.invokeExact(capture, source, target, fstype, flags,
                    MemorySegment.NULL), capture);
        } catch (NativeIoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@code umount2(target, flags)}. */
    static void umount2(MemorySegment capture, MemorySegment target, int flags) throws NativeIoException {
        try {
            check("umount2", (int) Namespaces.UMOUNT2.invokeExact(capture, target, flags), capture);
        } catch (NativeIoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Reserves {@code size} bytes of private anonymous memory that costs nothing until written
     * ({@code MAP_NORESERVE}); returns it as a segment of that size. Free it with {@link #munmap}.
     */
    @SuppressWarnings("restricted")
    static MemorySegment mmapReserve(MemorySegment capture, long size) throws NativeIoException {
        try {
            MemorySegment p = (MemorySegment) MMAP.invokeExact(capture, MemorySegment.NULL, size,
                    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
            if (p.address() == -1L) {
                throw new NativeIoException("mmap", errno(capture));
            }
            return p.reinterpret(size);
        } catch (NativeIoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static void munmap(MemorySegment capture, MemorySegment mapping) throws NativeIoException {
        try {
            check("munmap", (int) MUNMAP.invokeExact(capture, mapping, mapping.byteSize()), capture);
        } catch (NativeIoException e) {
            throw e;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }
}
