package dev.netlink.examples;

import java.util.ArrayList;
import java.util.List;

/** The command line of an example: positional words plus {@code --json}, {@code --netns NAME} and options. */
final class Args {
    private final List<String> words = new ArrayList<>();
    private final List<String> raw;
    private boolean json;
    private String netns;

    Args(List<String> args) {
        this.raw = args;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--json" -> json = true;
                case "--netns" -> netns = value(args, ++i, a);
                default -> words.add(a);
            }
        }
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new Tools.UsageException(option + " needs a value");
        }
        return args.get(i);
    }

    boolean json() {
        return json;
    }

    /** The network namespace file for {@code --netns NAME}, or {@code null}. */
    String netnsPath() {
        if (netns == null) {
            return null;
        }
        return netns.contains("/") ? netns : "/var/run/netns/" + netns;
    }

    /** Takes the next positional word (skipping {@code -x}/{@code --x N} options), or {@code dflt}. */
    String next(String dflt) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("--")) {
                i++;
                continue;
            }
            if (w.startsWith("-") && w.length() == 2) {
                continue;
            }
            words.remove(i);
            return w;
        }
        return dflt;
    }

    /** Takes the next positional word, or fails with a usage error naming {@code what}. */
    String required(String what) {
        String w = next(null);
        if (w == null) {
            throw new Tools.UsageException("missing " + what);
        }
        return w;
    }

    /** Whether a flag such as {@code -4} is present. */
    boolean flag(String name) {
        return words.contains(name);
    }

    /** The integer after {@code name}, or {@code dflt}. */
    int intOption(String name, int dflt) {
        int i = words.indexOf(name);
        if (i < 0) {
            return dflt;
        }
        if (i + 1 >= words.size()) {
            throw new Tools.UsageException(name + " needs a value");
        }
        try {
            return Integer.parseInt(words.get(i + 1));
        } catch (NumberFormatException e) {
            throw new Tools.UsageException(name + " needs a number, not \"" + words.get(i + 1) + "\"");
        }
    }

    /** Positional words left, options excluded. */
    List<String> rest() {
        List<String> out = new ArrayList<>();
        for (String w; (w = next(null)) != null; ) {
            out.add(w);
        }
        return out;
    }

    @Override
    public String toString() {
        return String.join(" ", raw);
    }
}
