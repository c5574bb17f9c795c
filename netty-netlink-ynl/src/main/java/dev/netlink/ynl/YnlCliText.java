package dev.netlink.ynl;

import dev.netlink.codec.attr.MacAddress;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A message as {@link YnlFamily} decodes it, with its display-hinted values as the text the kernel's
 * {@code tools/net/ynl} ({@code cli.py}, its {@code _formatted_string}) prints for them: {@code mac} as
 * colon-separated hex pairs, {@code ipv4}, {@code ipv6} and {@code ipv4-or-v6} as addresses (IPv6 in the
 * compressed form of Python's {@code ipaddress}), {@code uuid} as its text, {@code hex} as hex pairs separated by
 * spaces (a binary) or {@code 0x} and hex digits (an integer). Everything else is left as it is
 * ({@code cli.py --output-json} writes other bytes as hex without spaces). Static helpers only; thread-safe.
 */
public final class YnlCliText {
    private static final HexFormat SPACED = HexFormat.ofDelimiter(" ");

    private YnlCliText() {
    }

    /**
     * {@code message}, a reply, dump part or notification of operation {@code op} of {@code spec}, with its
     * display-hinted values as text; a new map. A message of an operation the spec does not have is returned as
     * it is.
     */
    public static Map<String, Object> of(YnlSpec spec, String op, Map<String, ?> message) {
        Optional<YnlOperation> operation = spec.operations().operation(op);
        if (operation.isEmpty()) {
            return YnlSubMessages.named(message);
        }
        YnlValueTree tree = new YnlValueTree(spec, new YnlSubMessages(spec, YnlSchemas.of(spec)));
        return tree.map(operation.get().attributeSet(), operation.get().fixedHeader(), message, YnlCliText::text);
    }

    private static Object text(YnlValueTree.Leaf leaf, Object v) {
        String hint = leaf.displayHint().orElse("");
        return switch (v) {
            case MacAddress m -> m.toString();
            case InetAddress a -> text(a);
            case UUID u -> u.toString();
            case byte[] b when hint.equals("hex") -> SPACED.formatHex(b);
            case Long n when hint.equals("hex") -> "0x" + Long.toHexString(n);
            case Integer n when hint.equals("hex") -> "0x" + Integer.toHexString(n);
            case Long n when isAddressHint(hint) && n >= 0 && n <= 0xffffffffL ->
                    (n >>> 24) + "." + (n >>> 16 & 0xff) + '.' + (n >>> 8 & 0xff) + '.' + (n & 0xff);
            default -> v;
        };
    }

    private static boolean isAddressHint(String hint) {
        return hint.equals("ipv4") || hint.equals("ipv6") || hint.equals("ipv4-or-v6");
    }

    /**
     * {@code address} as Python's {@code ipaddress} writes it: IPv4 dotted, IPv6 in lower-case hex groups with the
     * first longest run of two or more zero groups written {@code ::} (RFC 5952), without a scope.
     */
    public static String text(InetAddress address) {
        return dev.netlink.ynl.typed.Hints.text(address);
    }
}
