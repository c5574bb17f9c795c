package dev.netlink.codec.attr;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A link-layer address as the kernel carries it in {@code IFLA_ADDRESS}, {@code NDA_LLADDR} and YNL's
 * {@code display-hint: mac} attributes: usually the 6 bytes of an Ethernet {@code ETH_ALEN} address, but any
 * length a link type uses (20 for InfiniBand, 0 for none), written as colon-separated hex pairs
 * ({@code 02:00:00:00:00:01}) as {@code ip link} prints it. Immutable; the bytes are copied in and out.
 */
public final class MacAddress {
    /** {@code ETH_ALEN}: the length of an Ethernet address. */
    public static final int ETH_ALEN = 6;

    private static final HexFormat HEX = HexFormat.ofDelimiter(":");

    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The address of {@code bytes} (copied); any length up to {@link NetlinkAttribute#MAX_LENGTH}. */
    public static MacAddress of(byte[] bytes) {
        if (bytes.length > NetlinkAttribute.MAX_LENGTH) {
            throw new IllegalArgumentException("a link-layer address of " + bytes.length + " bytes");
        }
        return new MacAddress(bytes.clone());
    }

    /**
     * The address written as {@code ip link} writes it: hex pairs separated by colons ({@code 02:00:00:00:00:01},
     * either case). Refuses anything else, naming the text.
     */
    public static MacAddress parse(CharSequence text) {
        String s = text.toString();
        if (s.isEmpty()) {
            return new MacAddress(new byte[0]);
        }
        if ((s.length() + 1) % 3 != 0) {
            throw new IllegalArgumentException("not a link-layer address (hex pairs separated by ':'): \"" + s + '"');
        }
        try {
            return new MacAddress(HEX.parseHex(s));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a link-layer address (hex pairs separated by ':'): \"" + s + '"',
                    e);
        }
    }

    /** A copy of the address's bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The number of bytes: {@link #ETH_ALEN} for Ethernet. */
    public int length() {
        return bytes.length;
    }

    /** Whether the low bit of the first byte is set: a group (multicast or broadcast) address. */
    public boolean isMulticast() {
        return bytes.length > 0 && (bytes[0] & 1) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The address as {@code ip link} prints it: lower-case hex pairs separated by colons. */
    @Override
    public String toString() {
        return HEX.formatHex(bytes);
    }
}
