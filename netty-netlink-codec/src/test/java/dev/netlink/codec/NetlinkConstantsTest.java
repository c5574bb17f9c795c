package dev.netlink.codec;

import org.junit.jupiter.api.Test;

import static dev.netlink.codec.NetlinkFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetlinkConstantsTest {
    @Test
    void protocolNumbersMatchTheKernelHeader() {
        int[] numbers = {
            NetlinkProtocol.NETLINK_ROUTE, NetlinkProtocol.NETLINK_UNUSED, NetlinkProtocol.NETLINK_USERSOCK,
            NetlinkProtocol.NETLINK_FIREWALL, NetlinkProtocol.NETLINK_SOCK_DIAG, NetlinkProtocol.NETLINK_NFLOG,
            NetlinkProtocol.NETLINK_XFRM, NetlinkProtocol.NETLINK_SELINUX, NetlinkProtocol.NETLINK_ISCSI,
            NetlinkProtocol.NETLINK_AUDIT, NetlinkProtocol.NETLINK_FIB_LOOKUP, NetlinkProtocol.NETLINK_CONNECTOR,
            NetlinkProtocol.NETLINK_NETFILTER, NetlinkProtocol.NETLINK_IP6_FW, NetlinkProtocol.NETLINK_DNRTMSG,
            NetlinkProtocol.NETLINK_KOBJECT_UEVENT, NetlinkProtocol.NETLINK_GENERIC,
        };
        for (int i = 0; i < numbers.length; i++) {
            assertEquals(i, numbers[i]);
        }
        assertEquals(18, NetlinkProtocol.NETLINK_SCSITRANSPORT);
        assertEquals(19, NetlinkProtocol.NETLINK_ECRYPTFS);
        assertEquals(20, NetlinkProtocol.NETLINK_RDMA);
        assertEquals(21, NetlinkProtocol.NETLINK_CRYPTO);
        assertEquals(22, NetlinkProtocol.NETLINK_SMC);
        assertEquals(NetlinkProtocol.NETLINK_SOCK_DIAG, NetlinkProtocol.NETLINK_INET_DIAG);
    }

    @Test
    void protocolNamesRoundTripAndUnknownIsKept() {
        assertEquals("NETLINK_ROUTE", NetlinkProtocol.toString(0));
        assertEquals("NETLINK_SOCK_DIAG", NetlinkProtocol.toString(4));
        assertEquals("NETLINK_GENERIC", NetlinkProtocol.toString(16));
        assertEquals("NETLINK_SMC", NetlinkProtocol.toString(22));
        assertEquals("NETLINK_17", NetlinkProtocol.toString(17));
        assertEquals("NETLINK_23", NetlinkProtocol.toString(23));
        assertEquals("NETLINK_-1", NetlinkProtocol.toString(-1));
    }

    @Test
    void messageTypes() {
        assertEquals(1, NetlinkMessageType.NLMSG_NOOP);
        assertEquals(2, NetlinkMessageType.NLMSG_ERROR);
        assertEquals(3, NetlinkMessageType.NLMSG_DONE);
        assertEquals(4, NetlinkMessageType.NLMSG_OVERRUN);
        assertEquals(0x10, NetlinkMessageType.NLMSG_MIN_TYPE);
        assertEquals("NLMSG_NOOP", NetlinkMessageType.toString(1));
        assertEquals("NLMSG_ERROR", NetlinkMessageType.toString(2));
        assertEquals("NLMSG_DONE", NetlinkMessageType.toString(3));
        assertEquals("NLMSG_OVERRUN", NetlinkMessageType.toString(4));
        assertEquals("0x10", NetlinkMessageType.toString(0x10));
        assertEquals("0xffff", NetlinkMessageType.toString(0xffff));
        assertTrue(NetlinkMessageType.isControl(3));
        assertFalse(NetlinkMessageType.isControl(0x10));
    }

    @Test
    void flagValuesMatchTheKernelHeader() {
        assertEquals(0x01, NLM_F_REQUEST);
        assertEquals(0x02, NLM_F_MULTI);
        assertEquals(0x04, NLM_F_ACK);
        assertEquals(0x08, NLM_F_ECHO);
        assertEquals(0x10, NLM_F_DUMP_INTR);
        assertEquals(0x20, NLM_F_DUMP_FILTERED);
        assertEquals(0x100, NLM_F_ROOT);
        assertEquals(0x200, NLM_F_MATCH);
        assertEquals(0x400, NLM_F_ATOMIC);
        assertEquals(0x300, NLM_F_DUMP);
        assertEquals(0x100, NLM_F_REPLACE);
        assertEquals(0x200, NLM_F_EXCL);
        assertEquals(0x400, NLM_F_CREATE);
        assertEquals(0x800, NLM_F_APPEND);
        assertEquals(0x100, NLM_F_NONREC);
        assertEquals(0x200, NLM_F_BULK);
        assertEquals(0x100, NLM_F_CAPPED);
        assertEquals(0x200, NLM_F_ACK_TLVS);
    }

    @Test
    void everyFlagBitIsNamedInItsContextAndOnlyThere() {
        String[] standard = {"REQUEST", "MULTI", "ACK", "ECHO", "DUMP_INTR", "DUMP_FILTERED"};
        for (int bit = 0; bit < standard.length; bit++) {
            assertEquals(standard[bit], NetlinkFlags.toString(1 << bit));
            for (NetlinkFlags.Kind kind : NetlinkFlags.Kind.values()) {
                assertEquals(standard[bit], NetlinkFlags.toString(1 << bit, kind));
            }
        }
        assertEquals("ROOT|MATCH", NetlinkFlags.toString(NLM_F_DUMP, NetlinkFlags.Kind.GET));
        assertEquals("ATOMIC", NetlinkFlags.toString(NLM_F_ATOMIC, NetlinkFlags.Kind.GET));
        assertEquals("REPLACE|EXCL|CREATE|APPEND", NetlinkFlags.toString(0xf00, NetlinkFlags.Kind.NEW));
        assertEquals("NONREC|BULK", NetlinkFlags.toString(0x300, NetlinkFlags.Kind.DELETE));
        assertEquals("CAPPED|ACK_TLVS", NetlinkFlags.toString(0x300, NetlinkFlags.Kind.ACK));
        // Context bits without a context, and bits a context does not define, stay numeric.
        assertEquals("REQUEST|ACK|0x300", NetlinkFlags.toString(0x305));
        assertEquals("NONREC|BULK|0xc00", NetlinkFlags.toString(0xf00, NetlinkFlags.Kind.DELETE));
        assertEquals("CAPPED|ACK_TLVS|0xc00", NetlinkFlags.toString(0xf00, NetlinkFlags.Kind.ACK));
        assertEquals("0x40", NetlinkFlags.toString(0x40));
        assertEquals("0x8000", NetlinkFlags.toString(0x8000));
        assertEquals("0", NetlinkFlags.toString(0));
    }

    @Test
    void everyFlagValueSurvivesToString() {
        for (int flags = 0; flags <= 0xffff; flags++) {
            for (NetlinkFlags.Kind kind : new NetlinkFlags.Kind[] {null, NetlinkFlags.Kind.GET,
                NetlinkFlags.Kind.NEW, NetlinkFlags.Kind.DELETE, NetlinkFlags.Kind.ACK}) {
                assertEquals(flags, parse(NetlinkFlags.toString(flags, kind), kind), () -> "lost bits");
            }
        }
    }

    private static int parse(String text, NetlinkFlags.Kind kind) {
        if (text.equals("0")) {
            return 0;
        }
        int flags = 0;
        for (String part : text.split("\\|")) {
            flags |= part.startsWith("0x") ? Integer.parseInt(part.substring(2), 16) : bitOf(part, kind);
        }
        return flags;
    }

    private static int bitOf(String name, NetlinkFlags.Kind kind) {
        return switch (name) {
            case "REQUEST" -> NLM_F_REQUEST;
            case "MULTI" -> NLM_F_MULTI;
            case "ACK" -> NLM_F_ACK;
            case "ECHO" -> NLM_F_ECHO;
            case "DUMP_INTR" -> NLM_F_DUMP_INTR;
            case "DUMP_FILTERED" -> NLM_F_DUMP_FILTERED;
            case "ROOT", "REPLACE", "NONREC", "CAPPED" -> 0x100;
            case "MATCH", "EXCL", "BULK", "ACK_TLVS" -> 0x200;
            case "ATOMIC", "CREATE" -> 0x400;
            case "APPEND" -> 0x800;
            default -> throw new AssertionError("unknown flag name " + name + " for " + kind);
        };
    }

    @Test
    void errnoNames() {
        assertEquals("ENOENT", Errno.name(2));
        assertEquals("ENOENT", Errno.name(-2));
        assertEquals("EEXIST", Errno.name(Errno.EEXIST));
        assertEquals("ENOBUFS", Errno.name(105));
        assertEquals("EOPNOTSUPP", Errno.name(95));
        assertEquals("EAGAIN", Errno.name(11));
        assertEquals("ENOTSUPP", Errno.name(524));
        assertEquals("E4000", Errno.name(4000));
        assertEquals("ENOENT (No such file or directory)", Errno.toString(2));
        assertEquals("E4000", Errno.toString(4000));
    }
}
