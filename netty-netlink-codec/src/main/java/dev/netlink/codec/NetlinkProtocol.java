package dev.netlink.codec;

/**
 * The netlink protocol families ({@code NETLINK_*} in {@code include/uapi/linux/netlink.h}), the third
 * argument of {@code socket(AF_NETLINK, SOCK_RAW, protocol)}.
 *
 * <p>An open set: the kernel may add protocols, so values are plain {@code int}s and {@link #toString(int)}
 * prints an unknown one in numbers rather than losing it. Stateless and thread-safe.
 */
public final class NetlinkProtocol {
    /** Routing and device hook: links, addresses, routes, neighbours, qdiscs (rtnetlink). */
    public static final int NETLINK_ROUTE = 0;
    /** Unused number (formerly ip_queue's NETLINK_FIREWALL predecessor). */
    public static final int NETLINK_UNUSED = 1;
    /** Reserved for user-mode socket protocols: user space talking to user space. */
    public static final int NETLINK_USERSOCK = 2;
    /** Unused number, formerly ip_queue. */
    public static final int NETLINK_FIREWALL = 3;
    /** Socket monitoring (ss): inet, unix, netlink, packet sockets. */
    public static final int NETLINK_SOCK_DIAG = 4;
    /** The old name of {@link #NETLINK_SOCK_DIAG}. */
    public static final int NETLINK_INET_DIAG = NETLINK_SOCK_DIAG;
    /** Netfilter/iptables ULOG. */
    public static final int NETLINK_NFLOG = 5;
    /** IPsec. */
    public static final int NETLINK_XFRM = 6;
    /** SELinux event notifications. */
    public static final int NETLINK_SELINUX = 7;
    /** Open-iSCSI. */
    public static final int NETLINK_ISCSI = 8;
    /** Auditing. */
    public static final int NETLINK_AUDIT = 9;
    /** FIB lookup from user space. */
    public static final int NETLINK_FIB_LOOKUP = 10;
    /** Kernel connector. */
    public static final int NETLINK_CONNECTOR = 11;
    /** Netfilter subsystems (nfnetlink: conntrack, nftables, queue, log). */
    public static final int NETLINK_NETFILTER = 12;
    /** Unused number, formerly IPv6 ip6_queue. */
    public static final int NETLINK_IP6_FW = 13;
    /** DECnet routing messages (obsolete). */
    public static final int NETLINK_DNRTMSG = 14;
    /** Kernel messages to user space (uevents). */
    public static final int NETLINK_KOBJECT_UEVENT = 15;
    /** Generic netlink: families registered at run time, resolved through nlctrl. */
    public static final int NETLINK_GENERIC = 16;
    /** SCSI transports. */
    public static final int NETLINK_SCSITRANSPORT = 18;
    /** eCryptfs. */
    public static final int NETLINK_ECRYPTFS = 19;
    /** RDMA. */
    public static final int NETLINK_RDMA = 20;
    /** Crypto layer (crypto_user). */
    public static final int NETLINK_CRYPTO = 21;
    /** SMC monitoring. */
    public static final int NETLINK_SMC = 22;

    private static final String[] NAMES = {
        "NETLINK_ROUTE", "NETLINK_UNUSED", "NETLINK_USERSOCK", "NETLINK_FIREWALL", "NETLINK_SOCK_DIAG",
        "NETLINK_NFLOG", "NETLINK_XFRM", "NETLINK_SELINUX", "NETLINK_ISCSI", "NETLINK_AUDIT",
        "NETLINK_FIB_LOOKUP", "NETLINK_CONNECTOR", "NETLINK_NETFILTER", "NETLINK_IP6_FW", "NETLINK_DNRTMSG",
        "NETLINK_KOBJECT_UEVENT", "NETLINK_GENERIC", null, "NETLINK_SCSITRANSPORT", "NETLINK_ECRYPTFS",
        "NETLINK_RDMA", "NETLINK_CRYPTO", "NETLINK_SMC",
    };

    private NetlinkProtocol() {
    }

    /**
     * Returns the kernel's name of a protocol number, or {@code "NETLINK_<n>"} for one this library does not
     * know.
     */
    public static String toString(int protocol) {
        if (protocol >= 0 && protocol < NAMES.length && NAMES[protocol] != null) {
            return NAMES[protocol];
        }
        return "NETLINK_" + protocol;
    }
}
