package dev.netlink.genl;

import dev.netlink.testing.TestNetns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what iproute2's {@code genl ctrl list} and {@code genl ctrl policy} print, to compare with. */
public final class IprouteGenl {
    private static final Pattern NAME = Pattern.compile("^Name: (\\S+)");
    private static final Pattern IDS = Pattern.compile(
            "ID: 0x([0-9a-f]+)\\s+Version: 0x([0-9a-f]+)\\s+header size: (\\d+)\\s+max attribs: (\\d+)");
    private static final Pattern OP = Pattern.compile("^#\\d+:\\s+ID-0x([0-9a-f]+)\\s*$");
    private static final Pattern CAPS = Pattern.compile("^Capabilities \\(0x([0-9a-f]+)\\)");
    private static final Pattern GROUP = Pattern.compile("^#\\d+:\\s+ID-0x([0-9a-f]+)\\s+name: (\\S+)");

    /**
     * The flags of a command that {@code genl ctrl list} printed without "Capabilities" (iproute2 6.1 does so for
     * families with split ops, netdev for one, though the kernel sends them).
     */
    public static final int UNKNOWN_FLAGS = -1;

    private IprouteGenl() {
    }

    /**
     * The families {@code genl ctrl list} prints, by name, as {@link Family} values; a command whose capabilities
     * it did not print has {@link #UNKNOWN_FLAGS}.
     */
    public static Map<String, Family> families(String netnsName) {
        TestNetns.Result r = netnsName == null ? TestNetns.run("genl", "ctrl", "list")
                : TestNetns.run("ip", "netns", "exec", netnsName, "genl", "ctrl", "list");
        if (r.exit() != 0) {
            throw new AssertionError("genl ctrl list failed: " + r.output());
        }
        Map<String, Family> out = new LinkedHashMap<>();
        String name = null;
        int[] ids = null;
        List<Command> commands = new ArrayList<>();
        List<MulticastGroup> groups = new ArrayList<>();
        boolean inGroups = false;
        Integer op = null;
        for (String raw : (r.output() + "\nName: END").split("\n")) {
            String line = raw.strip();
            Matcher m;
            if ((m = NAME.matcher(line)).find()) {
                if (op != null) {
                    commands.add(new Command(op, UNKNOWN_FLAGS));
                }
                if (name != null) {
                    out.put(name, new Family(ids[0], name, ids[1], ids[2], ids[3], commands, groups));
                }
                name = m.group(1);
                ids = null;
                commands = new ArrayList<>();
                groups = new ArrayList<>();
                inGroups = false;
                op = null;
            } else if ((m = IDS.matcher(line)).find()) {
                ids = new int[] {Integer.parseInt(m.group(1), 16), Integer.parseInt(m.group(2), 16),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))};
            } else if (line.startsWith("multicast groups:")) {
                if (op != null) {
                    commands.add(new Command(op, UNKNOWN_FLAGS));
                    op = null;
                }
                inGroups = true;
            } else if (inGroups && (m = GROUP.matcher(line)).find()) {
                groups.add(new MulticastGroup(m.group(2), Integer.parseInt(m.group(1), 16)));
            } else if (!inGroups && (m = OP.matcher(line)).find()) {
                if (op != null) {
                    commands.add(new Command(op, UNKNOWN_FLAGS));
                }
                op = Integer.parseInt(m.group(1), 16);
            } else if (op != null && (m = CAPS.matcher(line)).find()) {
                commands.add(new Command(op, Integer.parseInt(m.group(1), 16)));
                op = null;
            }
        }
        return out;
    }

    /** Whether {@code actual} is what iproute2 showed as {@code expected}, flags it did not show aside. */
    public static boolean sameFamily(Family expected, Family actual) {
        if (actual == null || expected.commands().size() != actual.commands().size()) {
            return false;
        }
        List<Command> commands = new ArrayList<>();
        for (int i = 0; i < expected.commands().size(); i++) {
            Command e = expected.commands().get(i);
            commands.add(e.flags() == UNKNOWN_FLAGS ? new Command(e.id(), actual.commands().get(i).flags()) : e);
        }
        return new Family(expected.id(), expected.name(), expected.version(), expected.hdrsize(), expected.maxattr(),
                commands, expected.mcastGroups()).equals(actual);
    }

    /** The lines of {@code genl ctrl policy name NAME [op CMD]}, without the "ID: 0x.." prefix. */
    public static List<String> policyLines(String family, Integer cmd) {
        List<String> cmdline = new ArrayList<>(List.of("genl", "ctrl", "policy", "name", family));
        if (cmd != null) {
            cmdline.add("op");
            cmdline.add(String.valueOf(cmd));
        }
        TestNetns.Result r = TestNetns.run(cmdline.toArray(new String[0]));
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", cmdline) + " failed: " + r.output());
        }
        List<String> lines = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            String l = line.strip().replaceFirst("^ID: 0x[0-9a-f]+\\s+", "");
            if (!l.isEmpty()) {
                lines.add(l);
            }
        }
        return lines;
    }
}
