package dev.netlink.ynl.codegen;

import javax.lang.model.SourceVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How YNL names become Java names: {@code link-attrs} a type {@code LinkAttrs}, {@code ifi-index} a member
 * {@code ifiIndex}, {@code 10base-t-half} a constant {@code _10BASE_T_HALF}, {@code rt-link} a package
 * {@code rtlink}; and the kernel's C names the javadoc cites ({@code IFLA_IFNAME}). A Java keyword or a name the
 * generated code uses itself gets a trailing underscore. Stateless.
 */
final class Names {
    private Names() {
    }

    /** The words of a YNL name: split at anything that is not a letter or digit. */
    static List<String> words(String ynl) {
        List<String> words = new ArrayList<>();
        for (String w : ynl.split("[^A-Za-z0-9]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    /** A type name: {@code link-attrs} → {@code LinkAttrs}; one starting with a digit gets a leading {@code V}. */
    static String type(String ynl) {
        StringBuilder sb = new StringBuilder();
        for (String w : words(ynl)) {
            sb.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
        }
        if (sb.isEmpty() || Character.isDigit(sb.charAt(0))) {
            sb.insert(0, 'V');
        }
        return sb.toString();
    }

    /** A member or method name: {@code ifi-index} → {@code ifiIndex}. */
    static String member(String ynl) {
        String t = type(ynl);
        String m = t.startsWith("V") && !ynl.isEmpty() && Character.isDigit(ynl.charAt(0)) ? "v" + t.substring(1)
                : Character.toLowerCase(t.charAt(0)) + t.substring(1);
        return SourceVersion.isKeyword(m) ? m + '_' : m;
    }

    /** A constant name: {@code 10base-t} → {@code _10BASE_T}. */
    static String constant(String ynl) {
        String c = String.join("_", words(ynl)).toUpperCase(Locale.ROOT);
        if (c.isEmpty() || Character.isDigit(c.charAt(0))) {
            c = '_' + c;
        }
        return c;
    }

    /** A package name part: {@code rt-link} → {@code rtlink}. */
    static String packagePart(String ynl) {
        String p = String.join("", words(ynl)).toLowerCase(Locale.ROOT);
        return SourceVersion.isKeyword(p) || p.isEmpty() || Character.isDigit(p.charAt(0)) ? "f" + p : p;
    }

    /** A C name: {@code ifla-} and {@code ifname} → {@code IFLA_IFNAME}. */
    static String c(String prefix, String name) {
        return (prefix + name).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    }
}
