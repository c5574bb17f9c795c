package dev.netlink.codec;

/**
 * The core of rtnetlink ({@code NETLINK_ROUTE}, {@code include/uapi/linux/rtnetlink.h}, {@code if_link.h},
 * {@code if_addr.h}): message types, multicast groups, the fixed headers' sizes and the attributes most
 * programs read. An open set of plain ints; {@link #typeName(int)} names a type or prints it in hex.
 * Stateless.
 */
public final class Rtnetlink {
    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_SETLINK = 19;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;
    public static final int RTM_NEWROUTE = 24;
    public static final int RTM_DELROUTE = 25;
    public static final int RTM_GETROUTE = 26;
    public static final int RTM_NEWNEIGH = 28;
    public static final int RTM_DELNEIGH = 29;
    public static final int RTM_GETNEIGH = 30;

    /** {@code RTNLGRP_LINK}: link (interface) changes. */
    public static final int RTNLGRP_LINK = 1;
    /** {@code RTNLGRP_NEIGH}: neighbour table changes. */
    public static final int RTNLGRP_NEIGH = 3;
    /** {@code RTNLGRP_IPV4_IFADDR}: IPv4 address changes. */
    public static final int RTNLGRP_IPV4_IFADDR = 5;
    /** {@code RTNLGRP_IPV4_ROUTE}: IPv4 route changes. */
    public static final int RTNLGRP_IPV4_ROUTE = 7;
    /** {@code RTNLGRP_IPV6_IFADDR}: IPv6 address changes. */
    public static final int RTNLGRP_IPV6_IFADDR = 9;
    /** {@code RTNLGRP_IPV6_ROUTE}: IPv6 route changes. */
    public static final int RTNLGRP_IPV6_ROUTE = 11;

    /** {@code sizeof(struct ifinfomsg)}: family, type, index, flags, change. */
    public static final int IFINFOMSG_SIZE = 16;
    /** {@code sizeof(struct ifaddrmsg)}: family, prefixlen, flags, scope, index. */
    public static final int IFADDRMSG_SIZE = 8;
    /** {@code sizeof(struct rtmsg)}: family, dst_len, src_len, tos, table, protocol, scope, type, flags. */
    public static final int RTMSG_SIZE = 12;

    public static final int IFLA_ADDRESS = 1;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_MTU = 4;
    public static final int IFLA_LINKINFO = 18;
    public static final int IFLA_OPERSTATE = 16;
    public static final int IFLA_INFO_KIND = 1;

    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;
    public static final int IFA_LABEL = 3;

    public static final int RTA_DST = 1;
    public static final int RTA_SRC = 2;
    public static final int RTA_IIF = 3;
    public static final int RTA_OIF = 4;
    public static final int RTA_GATEWAY = 5;
    public static final int RTA_PRIORITY = 6;
    public static final int RTA_PREFSRC = 7;
    public static final int RTA_TABLE = 15;

    /** {@code AF_UNSPEC}, {@code AF_INET}, {@code AF_INET6}. */
    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    private Rtnetlink() {
    }

    /** {@code "RTM_NEWLINK"} and the like, or the type in hex. */
    public static String typeName(int type) {
        return switch (type) {
            case RTM_NEWLINK -> "RTM_NEWLINK";
            case RTM_DELLINK -> "RTM_DELLINK";
            case RTM_GETLINK -> "RTM_GETLINK";
            case RTM_SETLINK -> "RTM_SETLINK";
            case RTM_NEWADDR -> "RTM_NEWADDR";
            case RTM_DELADDR -> "RTM_DELADDR";
            case RTM_GETADDR -> "RTM_GETADDR";
            case RTM_NEWROUTE -> "RTM_NEWROUTE";
            case RTM_DELROUTE -> "RTM_DELROUTE";
            case RTM_GETROUTE -> "RTM_GETROUTE";
            case RTM_NEWNEIGH -> "RTM_NEWNEIGH";
            case RTM_DELNEIGH -> "RTM_DELNEIGH";
            case RTM_GETNEIGH -> "RTM_GETNEIGH";
            default -> NetlinkMessageType.toString(type);
        };
    }
}
