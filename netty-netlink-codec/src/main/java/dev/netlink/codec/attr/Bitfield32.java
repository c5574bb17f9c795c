package dev.netlink.codec.attr;

/**
 * {@code struct nla_bitfield32}: a 32-bit value and a selector saying which of its bits are meant
 * ({@code NLA_BITFIELD32}). Immutable.
 *
 * @param value    the bit values
 * @param selector which bits of {@code value} are set by this attribute
 */
public record Bitfield32(int value, int selector) {
    @Override
    public String toString() {
        return "bitfield32(value=0x" + Integer.toHexString(value) + ", selector=0x" + Integer.toHexString(selector)
                + ')';
    }
}
