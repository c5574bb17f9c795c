package dev.netlink.transport;

import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The programs the builder writes, run by a small classic-BPF interpreter of this test on netlink headers. */
class SocketFilterTest {
    /** Runs {@code filter} on {@code packet} as the kernel's {@code sk_run_filter} would for these opcodes. */
    static int run(SocketFilter filter, byte[] packet) {
        long[] p = filter.instructions();
        int a = 0;
        for (int pc = 0; pc < p.length; pc++) {
            int code = (int) (p[pc] >>> 48) & 0xffff;
            int jt = (int) (p[pc] >>> 40) & 0xff;
            int jf = (int) (p[pc] >>> 32) & 0xff;
            int k = (int) p[pc];
            switch (code) {
                case SocketFilter.LD_H_ABS -> a = (packet[k] & 0xff) << 8 | packet[k + 1] & 0xff;
                case SocketFilter.LD_W_ABS -> a = (packet[k] & 0xff) << 24 | (packet[k + 1] & 0xff) << 16
                        | (packet[k + 2] & 0xff) << 8 | packet[k + 3] & 0xff;
                case SocketFilter.JEQ_K -> pc += a == k ? jt : jf;
                case SocketFilter.BPF_JA -> pc += k;
                case SocketFilter.RET_K -> {
                    return k;
                }
                default -> throw new AssertionError("opcode " + code);
            }
        }
        throw new AssertionError("fell off the program");
    }

    /** nlmsghdr with {@code type}, then a 16-byte ifinfomsg whose ifi_index is {@code ifindex}, host order. */
    static byte[] message(int type, int ifindex) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
        b.putInt(32).putShort((short) type).putShort((short) 0).putInt(0).putInt(0);
        b.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(ifindex).putInt(0).putInt(0);
        return b.array();
    }

    @Test
    void typesAndInterfacesAreBothRequiredAndAcksAlwaysPass() {
        SocketFilter f = SocketFilter.builder().types(16, 17).interfaces(3, 7).build();
        assertTrue(run(f, message(16, 3)) != 0);
        assertTrue(run(f, message(17, 7)) != 0);
        assertEquals(0, run(f, message(16, 4)), "another interface");
        assertEquals(0, run(f, message(20, 3)), "another type");
        assertTrue(run(f, message(2, 99)) != 0, "NLMSG_ERROR passes: requests keep their ACKs");
        assertTrue(run(f, message(3, 99)) != 0, "NLMSG_DONE passes");
    }

    @Test
    void onlyTypesOrOnlyInterfaces() {
        SocketFilter types = SocketFilter.builder().types(17).build();
        assertTrue(run(types, message(17, 1)) != 0);
        assertEquals(0, run(types, message(16, 1)));
        SocketFilter ifs = SocketFilter.builder().interfaces(5).build();
        assertTrue(run(ifs, message(16, 5)) != 0);
        assertTrue(run(ifs, message(20, 5)) != 0);
        assertEquals(0, run(ifs, message(16, 6)));
        SocketFilter all = SocketFilter.builder().build();
        assertTrue(run(all, message(42, 42)) != 0);
    }

    @Test
    void aProgramTooLongForItsJumpsIsRefused() {
        int[] many = new int[300];
        for (int i = 0; i < many.length; i++) {
            many[i] = 100 + i;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SocketFilter.builder().types(many).interfaces(1).build());
        assertTrue(e.getMessage().contains("at most 255"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SocketFilter.builder().interfaces(0));
        assertThrows(IllegalArgumentException.class, () -> SocketFilter.builder().types(0x10000));
        assertThrows(IllegalArgumentException.class, SocketFilter::of);
    }

    @Test
    void instructionsPackAndPrint() {
        long in = SocketFilter.instruction(SocketFilter.JEQ_K, 1, 2, 0xdeadbeef);
        SocketFilter f = SocketFilter.of(in, SocketFilter.instruction(SocketFilter.RET_K, 0, 0, 0));
        assertEquals(in, f.instructions()[0]);
        assertEquals("SocketFilter(0015 1 2 0xdeadbeef; 0006 0 0 0x0)", f.toString());
        assertEquals(f, SocketFilter.of(f.instructions()));
    }
}
