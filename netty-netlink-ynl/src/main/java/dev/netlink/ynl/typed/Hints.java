package dev.netlink.ynl.typed;

import dev.netlink.codec.attr.AttributeReader;
import io.netty.buffer.ByteBuf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * The Java values of YNL's {@code display-hint}s, for generated records: {@code ipv4}/{@code ipv6} as
 * {@link InetAddress} (a binary of 4 or 16 bytes, or a big-endian {@code u32}), {@code uuid} as {@link UUID}
 * (16 bytes, big-endian as the kernel's {@code uuid_t}). A payload of another length is not the hinted value:
 * the readers return {@code null} and the record keeps it raw. Stateless.
 */
public final class Hints {
    private Hints() {
    }

    /** The address in the current attribute's payload, or {@code null} when it is neither 4 nor 16 bytes. */
    public static InetAddress inet(AttributeReader r) {
        return inet(r.buffer(), r.dataIndex(), r.length());
    }

    /** The address in {@code length} bytes at {@code index}, or {@code null} when it is neither 4 nor 16 bytes. */
    public static InetAddress inet(ByteBuf buf, int index, int length) {
        if (length != 4 && length != 16) {
            return null;
        }
        byte[] b = AttributeReader.copy(buf, index, length);
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // 4 and 16 bytes are always addresses
        }
    }

    /** The IPv4 address whose bytes are the big-endian {@code value} (an {@code in_addr} as a {@code u32}). */
    public static Inet4Address inet4(int value) {
        try {
            return (Inet4Address) InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(value).array());
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** The big-endian {@code u32} of an IPv4 address; refuses an IPv6 one, naming the attribute. */
    public static int inet4(InetAddress address, String attribute) {
        if (!(address instanceof Inet4Address)) {
            throw new IllegalArgumentException(attribute + " is an IPv4 address, not " + address.getHostAddress());
        }
        return ByteBuffer.wrap(address.getAddress()).getInt();
    }

    /** The UUID in the current attribute's payload, or {@code null} when it is not 16 bytes. */
    public static UUID uuid(AttributeReader r) {
        if (r.length() != 16) {
            return null;
        }
        ByteBuf b = r.buffer();
        return new UUID(b.getLong(r.dataIndex()), b.getLong(r.dataIndex() + 8));
    }

    /** The 16 bytes of {@code uuid}, big-endian. */
    public static byte[] bytes(UUID uuid) {
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits())
                .array();
    }

    /**
     * {@code address} as {@code ip} and Python's {@code ipaddress} write it: IPv4 dotted, IPv6 in lower-case hex
     * groups with the first longest run of two or more zero groups written {@code ::} (RFC 5952), without a scope.
     */
    public static String text(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
