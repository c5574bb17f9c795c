package dev.netlink.transport;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A classic BPF program ({@code struct sock_fprog} of {@code struct sock_filter}) that the kernel runs on every
 * datagram before it queues it for a netlink socket: a datagram the program refuses never takes room in the
 * receive buffer, never wakes the event loop and never needs decoding. Attach it with
 * {@link NetlinkChannel#attachFilter(SocketFilter)} ({@code SO_ATTACH_FILTER}).
 *
 * <p>The program sees a datagram from its first byte, the first message's {@code struct nlmsghdr}: a
 * notification is one message, so the header and the family's fixed header after it are at fixed offsets.
 * {@link #builder()} writes the usual programs: only some message types, only some interfaces (the
 * {@code ifi_index} of {@code struct ifinfomsg} or the {@code ifa_index} of {@code struct ifaddrmsg}, both at
 * offset 20). It always accepts {@code NLMSG_ERROR} and {@code NLMSG_DONE}, so that requests on the same socket
 * still get their acknowledgements; a socket that also dumps must accept the dump's message type too. Classic BPF
 * loads are big-endian, and netlink headers are in host order: the builder converts. {@link #of(long...)} takes a
 * program of one's own.
 *
 * <p>Immutable and thread-safe.
 */
public final class SocketFilter {
    /** {@code BPF_LD | BPF_H | BPF_ABS}: A = the 16 bits at k. */
    static final int LD_H_ABS = 0x28;
    /** {@code BPF_LD | BPF_W | BPF_ABS}: A = the 32 bits at k. */
    static final int LD_W_ABS = 0x20;
    /** {@code BPF_JMP | BPF_JEQ | BPF_K}: if A == k jump jt else jf. */
    static final int JEQ_K = 0x15;
    /** {@code BPF_RET | BPF_K}: accept k bytes (0: drop). */
    static final int RET_K = 0x06;
    /** {@code BPF_JMP | BPF_JA}: jump k instructions. */
    static final int BPF_JA = 0x05;
    /** What an accepting program returns: the whole datagram (the kernel keeps at most the datagram's length). */
    static final int ACCEPT_ALL = -1;
    /** The most instructions a classic program may have ({@code BPF_MAXINSNS}). */
    public static final int MAX_INSTRUCTIONS = 4096;
    /** The offset of {@code nlmsg_type}. */
    static final int NLMSG_TYPE_OFFSET = 4;
    /** The offset of {@code ifi_index} (and {@code ifa_index}): {@code nlmsghdr} (16) + 4. */
    static final int IFINDEX_OFFSET = 20;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final boolean HOST_LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final long[] instructions;

    private SocketFilter(long[] instructions) {
        if (instructions.length == 0 || instructions.length > MAX_INSTRUCTIONS) {
            throw new IllegalArgumentException("a classic BPF program has 1 to " + MAX_INSTRUCTIONS
                    + " instructions, not " + instructions.length);
        }
        this.instructions = instructions;
    }

    /**
     * A program of the caller's: each instruction packed as {@code code << 48 | jt << 40 | jf << 32 | k}
     * (see {@link #instruction}). The kernel checks it when it is attached.
     */
    public static SocketFilter of(long... instructions) {
        return new SocketFilter(instructions.clone());
    }

    /** One {@code struct sock_filter}: {@code code} (16 bits), {@code jt}, {@code jf} (8 bits each), {@code k}. */
    public static long instruction(int code, int jt, int jf, int k) {
        if ((code & ~0xffff) != 0 || (jt & ~0xff) != 0 || (jf & ~0xff) != 0) {
            throw new IllegalArgumentException("code is 16 bits, jt and jf 8 bits: " + code + ", " + jt + ", " + jf);
        }
        return (long) code << 48 | (long) jt << 40 | (long) jf << 32 | (k & 0xffffffffL);
    }

    /** A program that accepts the message types and interfaces the builder is given. */
    public static Builder builder() {
        return new Builder();
    }

    /** The instructions, packed as {@link #instruction} makes them. */
    public long[] instructions() {
        return instructions.clone();
    }

    /** The number of instructions. */
    public int length() {
        return instructions.length;
    }

    /** The 16-bit value at a netlink header offset as {@code BPF_H} loads it (big-endian) on this host. */
    static int asLoaded16(int hostValue) {
        return HOST_LE ? Short.reverseBytes((short) hostValue) & 0xffff : hostValue & 0xffff;
    }

    /** The 32-bit value at a netlink header offset as {@code BPF_W} loads it on this host. */
    static int asLoaded32(int hostValue) {
        return HOST_LE ? Integer.reverseBytes(hostValue) : hostValue;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SocketFilter f && Arrays.equals(f.instructions, instructions);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(instructions);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SocketFilter(");
        for (int i = 0; i < instructions.length; i++) {
            long in = instructions[i];
            sb.append(i == 0 ? "" : "; ").append(String.format("%04x %d %d 0x%x", (int) (in >>> 48) & 0xffff,
                    (int) (in >>> 40) & 0xff, (int) (in >>> 32) & 0xff, (int) in));
        }
        return sb.append(')').toString();
    }

    /**
     * Writes a program that accepts a datagram when its first message's type is one of {@link #types} (any, if
     * none is given) and its interface index is one of {@link #interfaces} (any, if none is given); and always
     * {@code NLMSG_ERROR} and {@code NLMSG_DONE}. Not thread-safe; build once.
     */
    public static final class Builder {
        private final List<Integer> types = new ArrayList<>();
        private final List<Integer> interfaces = new ArrayList<>();

        private Builder() {
        }

        /** Accepts messages of these {@code nlmsg_type}s ({@code RTM_NEWLINK}, ...). */
        public Builder types(int... types) {
            for (int t : types) {
                if (t < 0 || t > 0xffff) {
                    throw new IllegalArgumentException("nlmsg_type is 16 bits: " + t);
                }
                this.types.add(t);
            }
            return this;
        }

        /**
         * Accepts messages about these interfaces: {@code ifi_index} of {@code struct ifinfomsg}
         * ({@code RTM_*LINK}) or {@code ifa_index} of {@code struct ifaddrmsg} ({@code RTM_*ADDR}), both at offset
         * 20. Only for message types with one of those headers.
         */
        public Builder interfaces(int... ifindexes) {
            for (int i : ifindexes) {
                if (i <= 0) {
                    throw new IllegalArgumentException("interface indexes start at 1: " + i);
                }
                this.interfaces.add(i);
            }
            return this;
        }

        /**
         * The program: {@code ldh [4]}; a {@code jeq} per accepted type ({@code NLMSG_ERROR} and {@code NLMSG_DONE}
         * straight to accept, the listed ones on to the interface test); drop when no listed type matched; then
         * {@code ld [20]} and a {@code jeq} per interface; accept; drop.
         *
         * @throws IllegalArgumentException when the lists are so long that a jump exceeds the 255 instructions a
         *                                  conditional jump can skip
         */
        public SocketFilter build() {
            int control = 2;
            int listed = types.size();
            int typeEnd = 1 + control + listed;                 // where the type tests end
            int ifStart = listed > 0 ? typeEnd + 1 : typeEnd;  // after the "ja drop" when types are listed
            int accept = interfaces.isEmpty() ? ifStart : ifStart + 1 + interfaces.size();
            int drop = accept + 1;
            List<Long> p = new ArrayList<>();
            p.add(instruction(LD_H_ABS, 0, 0, NLMSG_TYPE_OFFSET));
            int[] controlTypes = {NLMSG_ERROR, NLMSG_DONE};
            for (int t : controlTypes) {
                p.add(instruction(JEQ_K, jump(accept, p.size()), 0, asLoaded16(t)));
            }
            int onMatch = interfaces.isEmpty() ? accept : ifStart;
            for (int t : types) {
                p.add(instruction(JEQ_K, jump(onMatch, p.size()), 0, asLoaded16(t)));
            }
            if (listed > 0) {
                p.add(instruction(BPF_JA, 0, 0, drop - (p.size() + 1)));
            }
            if (!interfaces.isEmpty()) {
                p.add(instruction(LD_W_ABS, 0, 0, IFINDEX_OFFSET));
                for (int n = 0; n < interfaces.size(); n++) {
                    boolean last = n == interfaces.size() - 1;
                    int pc = p.size();
                    p.add(instruction(JEQ_K, jump(accept, pc), last ? jump(drop, pc) : 0,
                            asLoaded32(interfaces.get(n))));
                }
            }
            p.add(instruction(RET_K, 0, 0, ACCEPT_ALL));
            p.add(instruction(RET_K, 0, 0, 0));
            long[] out = new long[p.size()];
            for (int n = 0; n < out.length; n++) {
                out[n] = p.get(n);
            }
            return new SocketFilter(out);
        }

        /** The relative jump from the instruction at {@code pc} to {@code target}. */
        private static int jump(int target, int pc) {
            int offset = target - (pc + 1);
            if (offset < 0 || offset > 0xff) {
                throw new IllegalArgumentException("too many types or interfaces for one classic BPF program: a jump"
                        + " of " + offset + " instructions (at most 255)");
            }
            return offset;
        }

        @Override
        public String toString() {
            return "SocketFilter.Builder(types " + types + ", interfaces " + interfaces + ')';
        }
    }

    /** Checks that {@code filter} is not null, for the channel's methods. */
    static SocketFilter checkNotNull(SocketFilter filter) {
        return Objects.requireNonNull(filter, "filter");
    }
}
