package dev.netlink.ynl.codegen;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wraps the javadoc lines of generated source at a column, as a person would: at the last space that fits, the
 * continuation under the same {@code " * "}. JavaPoet wraps code ({@code $W}) but not comments. Stateless.
 */
final class Javadocs {
    private static final Pattern DOC_LINE = Pattern.compile("^(\\s*\\* )(.*)$");

    private Javadocs() {
    }

    /** {@code source} with each javadoc line longer than {@code width} broken at spaces. */
    static String wrap(String source, int width) {
        StringBuilder out = new StringBuilder(source.length() + 1024);
        for (String line : source.split("\n", -1)) {
            Matcher m = DOC_LINE.matcher(line);
            if (line.length() <= width || !m.matches()) {
                out.append(line).append('\n');
                continue;
            }
            String prefix = m.group(1);
            String rest = m.group(2);
            while (prefix.length() + rest.length() > width) {
                int cut = cut(rest, width - prefix.length());
                if (cut <= 0) {
                    break; // one word longer than the line: leave it whole
                }
                out.append(prefix).append(rest, 0, cut).append('\n');
                rest = rest.substring(cut + 1);
            }
            out.append(prefix).append(rest).append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    /** The last space at or before {@code limit} outside an inline tag ({@code {@code ...}}), else the last one. */
    private static int cut(String text, int limit) {
        int depth = 0;
        int outside = -1;
        int any = -1;
        for (int i = 0; i < text.length() && i <= limit; i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            } else if (c == ' ') {
                any = i;
                if (depth == 0) {
                    outside = i;
                }
            }
        }
        return outside > 0 ? outside : any;
    }
}
