package dev.netlink.codec;

import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;

/**
 * Linux {@code errno} numbers and their names, as the kernel reports them in {@code struct nlmsgerr} (negated)
 * and libc in {@code errno}: the generic table of {@code include/uapi/asm-generic/errno*.h} plus the few
 * kernel-internal codes (above 511) that netlink handlers are known to leak, such as {@code ENOTSUPP}.
 *
 * <p>An unknown number is named {@code "E<n>"}, never lost. Immutable and thread-safe.
 */
public final class Errno {
    /** {@code EPERM}: operation not permitted. */
    public static final int EPERM = 1;
    /** {@code ENOENT}: no such file or directory (netlink: no such object). */
    public static final int ENOENT = 2;
    /** {@code EINTR}: interrupted system call. */
    public static final int EINTR = 4;
    /** {@code EAGAIN}: resource temporarily unavailable. */
    public static final int EAGAIN = 11;
    /** {@code ENOMEM}: cannot allocate memory. */
    public static final int ENOMEM = 12;
    /** {@code EACCES}: permission denied. */
    public static final int EACCES = 13;
    /** {@code EBUSY}: device or resource busy. */
    public static final int EBUSY = 16;
    /** {@code EEXIST}: the object exists. */
    public static final int EEXIST = 17;
    /** {@code ENODEV}: no such device. */
    public static final int ENODEV = 19;
    /** {@code ENODATA}: no data available. */
    public static final int ENODATA = 61;
    /** {@code EINVAL}: invalid argument. */
    public static final int EINVAL = 22;
    /** {@code EMFILE}: too many open files. */
    public static final int EMFILE = 24;
    /** {@code ERANGE}: value out of range. */
    public static final int ERANGE = 34;
    /** {@code EOPNOTSUPP}: operation not supported. */
    public static final int EOPNOTSUPP = 95;
    /** {@code EMSGSIZE}: message too long. */
    public static final int EMSGSIZE = 90;
    /** {@code EPROTONOSUPPORT}: protocol not supported (no such netlink protocol in this kernel). */
    public static final int EPROTONOSUPPORT = 93;
    /** {@code ENOBUFS}: no buffer space; on a netlink socket, the receive queue overflowed. */
    public static final int ENOBUFS = 105;
    /** {@code ENETUNREACH}: no route to the network ({@code ip route get} of an address no route covers). */
    public static final int ENETUNREACH = 101;
    /** {@code ECONNREFUSED}: connection refused (no socket at that netlink port id). */
    public static final int ECONNREFUSED = 111;
    /** {@code ETIMEDOUT}: timed out. */
    public static final int ETIMEDOUT = 110;

    private static final IntObjectMap<String[]> TABLE = new IntObjectHashMap<>(160);

    static {
        add(1, "EPERM", "Operation not permitted");
        add(2, "ENOENT", "No such file or directory");
        add(3, "ESRCH", "No such process");
        add(4, "EINTR", "Interrupted system call");
        add(5, "EIO", "Input/output error");
        add(6, "ENXIO", "No such device or address");
        add(7, "E2BIG", "Argument list too long");
        add(8, "ENOEXEC", "Exec format error");
        add(9, "EBADF", "Bad file descriptor");
        add(10, "ECHILD", "No child processes");
        add(11, "EAGAIN", "Resource temporarily unavailable");
        add(12, "ENOMEM", "Cannot allocate memory");
        add(13, "EACCES", "Permission denied");
        add(14, "EFAULT", "Bad address");
        add(15, "ENOTBLK", "Block device required");
        add(16, "EBUSY", "Device or resource busy");
        add(17, "EEXIST", "File exists");
        add(18, "EXDEV", "Invalid cross-device link");
        add(19, "ENODEV", "No such device");
        add(20, "ENOTDIR", "Not a directory");
        add(21, "EISDIR", "Is a directory");
        add(22, "EINVAL", "Invalid argument");
        add(23, "ENFILE", "Too many open files in system");
        add(24, "EMFILE", "Too many open files");
        add(25, "ENOTTY", "Inappropriate ioctl for device");
        add(26, "ETXTBSY", "Text file busy");
        add(27, "EFBIG", "File too large");
        add(28, "ENOSPC", "No space left on device");
        add(29, "ESPIPE", "Illegal seek");
        add(30, "EROFS", "Read-only file system");
        add(31, "EMLINK", "Too many links");
        add(32, "EPIPE", "Broken pipe");
        add(33, "EDOM", "Numerical argument out of domain");
        add(34, "ERANGE", "Numerical result out of range");
        add(35, "EDEADLK", "Resource deadlock avoided");
        add(36, "ENAMETOOLONG", "File name too long");
        add(37, "ENOLCK", "No locks available");
        add(38, "ENOSYS", "Function not implemented");
        add(39, "ENOTEMPTY", "Directory not empty");
        add(40, "ELOOP", "Too many levels of symbolic links");
        add(42, "ENOMSG", "No message of desired type");
        add(43, "EIDRM", "Identifier removed");
        add(44, "ECHRNG", "Channel number out of range");
        add(45, "EL2NSYNC", "Level 2 not synchronized");
        add(46, "EL3HLT", "Level 3 halted");
        add(47, "EL3RST", "Level 3 reset");
        add(48, "ELNRNG", "Link number out of range");
        add(49, "EUNATCH", "Protocol driver not attached");
        add(50, "ENOCSI", "No CSI structure available");
        add(51, "EL2HLT", "Level 2 halted");
        add(52, "EBADE", "Invalid exchange");
        add(53, "EBADR", "Invalid request descriptor");
        add(54, "EXFULL", "Exchange full");
        add(55, "ENOANO", "No anode");
        add(56, "EBADRQC", "Invalid request code");
        add(57, "EBADSLT", "Invalid slot");
        add(59, "EBFONT", "Bad font file format");
        add(60, "ENOSTR", "Device not a stream");
        add(61, "ENODATA", "No data available");
        add(62, "ETIME", "Timer expired");
        add(63, "ENOSR", "Out of streams resources");
        add(64, "ENONET", "Machine is not on the network");
        add(65, "ENOPKG", "Package not installed");
        add(66, "EREMOTE", "Object is remote");
        add(67, "ENOLINK", "Link has been severed");
        add(68, "EADV", "Advertise error");
        add(69, "ESRMNT", "Srmount error");
        add(70, "ECOMM", "Communication error on send");
        add(71, "EPROTO", "Protocol error");
        add(72, "EMULTIHOP", "Multihop attempted");
        add(73, "EDOTDOT", "RFS specific error");
        add(74, "EBADMSG", "Bad message");
        add(75, "EOVERFLOW", "Value too large for defined data type");
        add(76, "ENOTUNIQ", "Name not unique on network");
        add(77, "EBADFD", "File descriptor in bad state");
        add(78, "EREMCHG", "Remote address changed");
        add(79, "ELIBACC", "Can not access a needed shared library");
        add(80, "ELIBBAD", "Accessing a corrupted shared library");
        add(81, "ELIBSCN", ".lib section in a.out corrupted");
        add(82, "ELIBMAX", "Attempting to link in too many shared libraries");
        add(83, "ELIBEXEC", "Cannot exec a shared library directly");
        add(84, "EILSEQ", "Invalid or incomplete multibyte or wide character");
        add(85, "ERESTART", "Interrupted system call should be restarted");
        add(86, "ESTRPIPE", "Streams pipe error");
        add(87, "EUSERS", "Too many users");
        add(88, "ENOTSOCK", "Socket operation on non-socket");
        add(89, "EDESTADDRREQ", "Destination address required");
        add(90, "EMSGSIZE", "Message too long");
        add(91, "EPROTOTYPE", "Protocol wrong type for socket");
        add(92, "ENOPROTOOPT", "Protocol not available");
        add(93, "EPROTONOSUPPORT", "Protocol not supported");
        add(94, "ESOCKTNOSUPPORT", "Socket type not supported");
        add(95, "EOPNOTSUPP", "Operation not supported");
        add(96, "EPFNOSUPPORT", "Protocol family not supported");
        add(97, "EAFNOSUPPORT", "Address family not supported by protocol");
        add(98, "EADDRINUSE", "Address already in use");
        add(99, "EADDRNOTAVAIL", "Cannot assign requested address");
        add(100, "ENETDOWN", "Network is down");
        add(101, "ENETUNREACH", "Network is unreachable");
        add(102, "ENETRESET", "Network dropped connection on reset");
        add(103, "ECONNABORTED", "Software caused connection abort");
        add(104, "ECONNRESET", "Connection reset by peer");
        add(105, "ENOBUFS", "No buffer space available");
        add(106, "EISCONN", "Transport endpoint is already connected");
        add(107, "ENOTCONN", "Transport endpoint is not connected");
        add(108, "ESHUTDOWN", "Cannot send after transport endpoint shutdown");
        add(109, "ETOOMANYREFS", "Too many references: cannot splice");
        add(110, "ETIMEDOUT", "Connection timed out");
        add(111, "ECONNREFUSED", "Connection refused");
        add(112, "EHOSTDOWN", "Host is down");
        add(113, "EHOSTUNREACH", "No route to host");
        add(114, "EALREADY", "Operation already in progress");
        add(115, "EINPROGRESS", "Operation now in progress");
        add(116, "ESTALE", "Stale file handle");
        add(117, "EUCLEAN", "Structure needs cleaning");
        add(118, "ENOTNAM", "Not a XENIX named type file");
        add(119, "ENAVAIL", "No XENIX semaphores available");
        add(120, "EISNAM", "Is a named type file");
        add(121, "EREMOTEIO", "Remote I/O error");
        add(122, "EDQUOT", "Disk quota exceeded");
        add(123, "ENOMEDIUM", "No medium found");
        add(124, "EMEDIUMTYPE", "Wrong medium type");
        add(125, "ECANCELED", "Operation canceled");
        add(126, "ENOKEY", "Required key not available");
        add(127, "EKEYEXPIRED", "Key has expired");
        add(128, "EKEYREVOKED", "Key has been revoked");
        add(129, "EKEYREJECTED", "Key was rejected by service");
        add(130, "EOWNERDEAD", "Owner died");
        add(131, "ENOTRECOVERABLE", "State not recoverable");
        add(132, "ERFKILL", "Operation not possible due to RF-kill");
        add(512, "ERESTARTSYS", "Restart system call (kernel internal)");
        add(515, "ENOIOCTLCMD", "No ioctl command (kernel internal)");
        add(517, "EPROBE_DEFER", "Driver requests probe retry (kernel internal)");
        add(524, "ENOTSUPP", "Operation is not supported (kernel internal)");
        add(525, "ETOOSMALL", "Buffer or request is too small (kernel internal)");
        add(527, "EBADTYPE", "Type not supported by server (kernel internal)");
    }

    private Errno() {
    }

    private static void add(int number, String name, String description) {
        TABLE.put(number, new String[] {name, description});
    }

    /** Returns the symbolic name of {@code errno}, e.g. {@code "ENOENT"}, or {@code "E<n>"} if unknown. */
    public static String name(int errno) {
        String[] e = TABLE.get(Math.abs(errno));
        return e != null ? e[0] : "E" + Math.abs(errno);
    }

    /** Returns libc's description of {@code errno}, e.g. {@code "No such file or directory"}, or {@code null}. */
    public static String description(int errno) {
        String[] e = TABLE.get(Math.abs(errno));
        return e != null ? e[1] : null;
    }

    /** Returns {@code "ENOENT (No such file or directory)"}, or the bare name when no description is known. */
    public static String toString(int errno) {
        String d = description(errno);
        return d == null ? name(errno) : name(errno) + " (" + d + ')';
    }
}
