package dev.netlink.ynl;

import dev.netlink.codec.attr.MacAddress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * YNL's {@code display-hint}s as Java values, both ways, at one scalar place of a message
 * ({@link YnlValueTree.Leaf}): {@code mac} is a {@link MacAddress}; {@code ipv4}, {@code ipv6} and
 * {@code ipv4-or-v6} (newer specs' hint for rt-addr's {@code address}, a tunnel's {@code local}) an
 * {@link InetAddress} (of a binary of 4 or 16 bytes, whatever the hint says, as {@code tools/net/ynl} reads rt-addr's
 * {@code address} of either family; of a big-endian {@code u32}); {@code uuid} a {@link UUID}; {@code hex} and
 * {@code fddi} leave the bytes. A value that does not fit its hint (an address of 5 bytes) is left as the codec
 * gives it. When sending, the Java value, its text ({@code "02:00:00:00:00:01"}, {@code "10.1.0.1"}) or the plain
 * value (bytes, the integer) are taken. Static helpers only; thread-safe.
 */
final class YnlDisplayHints {
    private YnlDisplayHints() {
    }

    /** The Java value of {@code v}, as decoded at {@code leaf}, by the leaf's display hint. */
    static Object decode(YnlValueTree.Leaf leaf, Object v) {
        String hint = leaf.displayHint().orElse("");
        return switch (hint) {
            case "mac" -> v instanceof byte[] b ? MacAddress.of(b) : v;
            case "ipv4", "ipv6", "ipv4-or-v6" -> {
                if (v instanceof byte[] b && (b.length == 4 || b.length == 16)) {
                    yield address(b);
                }
                yield v instanceof Long n && isBigEndianU32(leaf) ? address(ByteBuffer.allocate(4)
                        .putInt((int) (long) n).array()) : v;
            }
            case "uuid" -> {
                if (v instanceof byte[] b && b.length == 16) {
                    ByteBuffer bb = ByteBuffer.wrap(b);
                    yield new UUID(bb.getLong(), bb.getLong());
                }
                yield v;
            }
            default -> v;
        };
    }

    /**
     * The value the codec writes for {@code v}, given at {@code leaf}: a hinted value or its text turned into bytes
     * (or the integer of a {@code u32} address), anything else as it is.
     *
     * @throws IllegalArgumentException if {@code v} is of no form the hint takes, or text that does not parse;
     *                                  naming the attribute, the hint and the forms
     */
    static Object encode(YnlValueTree.Leaf leaf, Object v) {
        String hint = leaf.displayHint().orElse("");
        boolean integer = leaf.type().isInteger();
        return switch (hint) {
            case "mac" -> switch (v) {
                case MacAddress m -> m.bytes();
                case CharSequence cs -> parse(leaf, () -> MacAddress.parse(cs).bytes());
                case byte[] b -> b;
                default -> throw wrongForm(leaf, v, "a MacAddress, its text (\"02:00:00:00:00:01\") or a byte[]");
            };
            case "ipv4", "ipv6", "ipv4-or-v6" -> {
                if (v instanceof Number && integer || v instanceof byte[] && !integer) {
                    yield v;
                }
                byte[] address = switch (v) {
                    case InetAddress a -> a.getAddress();
                    case CharSequence cs -> parse(leaf, () -> InetAddress.ofLiteral(cs.toString()).getAddress());
                    default -> throw wrongForm(leaf, v, "an InetAddress, its text (\""
                            + (hint.equals("ipv6") ? "fe80::1" : "10.1.0.1") + "\") or " + (integer
                            ? "the " + leaf.type() + " in network byte order" : "a byte[]"));
                };
                if (!integer) {
                    yield address;
                }
                if (address.length != 4 || !isBigEndianU32(leaf)) {
                    throw new IllegalArgumentException("attribute \"" + leaf.path() + "\" (a " + leaf.type()
                            + ", display-hint " + hint + ") needs an IPv4 address, got " + v);
                }
                yield ByteBuffer.wrap(address).getInt() & 0xffffffffL;
            }
            case "uuid" -> switch (v) {
                case UUID u -> ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                        .putLong(u.getLeastSignificantBits()).array();
                case CharSequence cs -> encode(leaf, parse(leaf, () -> UUID.fromString(cs.toString())));
                case byte[] b -> b;
                default -> throw wrongForm(leaf, v, "a UUID, its text or a byte[]");
            };
            default -> v;
        };
    }

    private static boolean isBigEndianU32(YnlValueTree.Leaf leaf) {
        return leaf.type().equals(YnlType.U32) && leaf.byteOrder().orElse(null) == ByteOrder.BIG_ENDIAN;
    }

    /** {@code b}, 4 or 16 bytes, as an address; 16 bytes always an {@link Inet6Address}, IPv4-mapped ones too. */
    private static InetAddress address(byte[] b) {
        try {
            return b.length == 16 ? Inet6Address.getByAddress(null, b, -1) : Inet4Address.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes", e);
        }
    }

    @FunctionalInterface
    private interface Parse<T> {
        T parse();
    }

    private static <T> T parse(YnlValueTree.Leaf leaf, Parse<T> text) {
        try {
            return text.parse();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("attribute \"" + leaf.path() + "\" (display-hint "
                    + leaf.displayHint().orElseThrow() + "): " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException wrongForm(YnlValueTree.Leaf leaf, Object v, String forms) {
        return new IllegalArgumentException("attribute \"" + leaf.path() + "\" (display-hint "
                + leaf.displayHint().orElseThrow() + ") needs " + forms + ", got " + (v == null ? "null"
                : v.getClass().getName() + ' ' + v));
    }
}
