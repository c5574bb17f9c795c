package dev.netlink.examples;

import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkException;
import dev.netlink.genl.Command;
import dev.netlink.genl.CommandPolicy;
import dev.netlink.genl.Family;
import dev.netlink.genl.GenericNetlink;
import dev.netlink.genl.GenericNetlinkController;
import dev.netlink.genl.GenlCtrl;
import dev.netlink.genl.MulticastGroup;
import dev.netlink.genl.Policy;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code genl-ctrl list | get NAME | policy NAME [CMD] | monitor [--count N]} with {@code --json} and
 * {@code --netns NAME}: what iproute2's {@code genl ctrl} shows, read through {@link GenericNetlinkController}.
 */
final class GenlCtrlTool {
    static final String USAGE = "usage: genl-ctrl [--json] [--netns NAME] list | get NAME | policy NAME [CMD]"
            + " | monitor [--count N]";

    private GenlCtrlTool() {
    }

    static int run(Args args, PrintStream out) throws Exception {
        String verb = args.next("list");
        GenericNetlinkController ctrl = Tools.await(GenericNetlink.connect(b -> b.netns(args.netnsPath())));
        try {
            switch (verb) {
                case "list" -> {
                    List<Family> families = Tools.await(ctrl.getFamilies());
                    if (args.json()) {
                        out.println(Json.write(families.stream().map(GenlCtrlTool::json).toList()));
                    } else {
                        families.forEach(f -> print(f, out));
                    }
                }
                case "get" -> {
                    String name = args.required("family name");
                    Family f = knownFamily(name, () -> Tools.await(ctrl.getFamilyByName(name)));
                    if (args.json()) {
                        out.println(Json.write(json(f)));
                    } else {
                        print(f, out);
                    }
                }
                case "policy" -> {
                    String name = args.required("family name");
                    String cmd = args.next(null);
                    Integer op = cmd == null ? null : Integer.decode(cmd);
                    Policy p = knownFamily(name, () -> Tools.await(ctrl.getPolicyByName(name, op)));
                    if (args.json()) {
                        out.println(Json.write(json(p)));
                    } else {
                        print(name, p, out);
                    }
                }
                case "monitor" -> monitor(ctrl, args, out);
                default -> throw new Tools.UsageException("unknown command \"" + verb + "\"");
            }
        } finally {
            ctrl.socket().close();
        }
        return 0;
    }

    private interface Lookup<T> {
        T get() throws Exception;
    }

    /** Runs a lookup of family {@code name}, turning the kernel's ENOENT into a sentence that names it. */
    private static <T> T knownFamily(String name, Lookup<T> lookup) throws Exception {
        try {
            return lookup.get();
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENOENT) {
                throw new IllegalArgumentException("no generic netlink family \"" + name + "\" (ENOENT"
                        + (e.extendedAck().message() != null ? ": " + e.extendedAck().message() : "") + ")", e);
            }
            throw e;
        }
    }

    private static void monitor(GenericNetlinkController ctrl, Args args, PrintStream out) throws Exception {
        int count = args.intOption("--count", -1);
        CountDownLatch done = new CountDownLatch(count < 0 ? 1 : count);
        AtomicInteger seen = new AtomicInteger();
        Tools.await(ctrl.watchFamilies(e -> {
            if (count >= 0 && seen.incrementAndGet() > count) {
                return;
            }
            if (args.json()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("event", GenlCtrl.commandName(e.cmd()));
                m.put("family", json(e.family()));
                out.println(Json.write(m));
            } else {
                out.println(GenlCtrl.commandName(e.cmd()) + ": ");
                print(e.family(), out);
            }
            out.flush();
            done.countDown();
        }));
        if (!args.json()) {
            out.println("watching nlctrl's notify group; Ctrl-C to stop");
            out.flush();
        }
        done.await();
    }

    static void print(Family f, PrintStream out) {
        out.printf("%s: id 0x%x, version %d, header %d, maxattr %d%n", f.name(), f.id(), f.version(), f.hdrsize(),
                f.maxattr());
        for (Command c : f.commands()) {
            out.printf("  command 0x%x: %s%n", c.id(), GenlCtrl.commandFlagsToString(c.flags()));
        }
        for (MulticastGroup g : f.mcastGroups()) {
            out.printf("  group 0x%x: %s%n", g.id(), g.name());
        }
    }

    static Map<String, Object> json(Family f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("id", f.id());
        m.put("version", f.version());
        m.put("hdrsize", f.hdrsize());
        m.put("maxattr", f.maxattr());
        List<Object> cmds = new ArrayList<>();
        for (Command c : f.commands()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("id", c.id());
            cm.put("flags", c.flags());
            cm.put("capabilities", GenlCtrl.commandFlagsToString(c.flags()));
            cmds.add(cm);
        }
        m.put("commands", cmds);
        List<Object> groups = new ArrayList<>();
        for (MulticastGroup g : f.mcastGroups()) {
            groups.add(Map.of("name", g.name(), "id", g.id()));
        }
        m.put("mcast_groups", groups);
        return m;
    }

    static void print(String name, Policy p, PrintStream out) {
        out.printf("%s (0x%x) policies%n", name, p.familyId());
        for (CommandPolicy c : p.commands()) {
            out.printf("  command 0x%x:%s%s%n", c.cmd(), c.hasDo() ? " do=" + c.doPolicy() : "",
                    c.hasDump() ? " dump=" + c.dumpPolicy() : "");
        }
        p.policies().forEach((idx, attrs) -> {
            out.printf("  policy %d:%n", idx);
            attrs.forEach((type, ap) -> out.printf("    attr %d: %s%n", type, ap));
        });
    }

    static Map<String, Object> json(Policy p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family_id", p.familyId());
        Map<String, Object> cmds = new LinkedHashMap<>();
        for (CommandPolicy c : p.commands()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            if (c.hasDo()) {
                cm.put("do", c.doPolicy());
            }
            if (c.hasDump()) {
                cm.put("dump", c.dumpPolicy());
            }
            cmds.put(String.valueOf(c.cmd()), cm);
        }
        m.put("commands", cmds);
        Map<String, Object> policies = new LinkedHashMap<>();
        p.policies().forEach((idx, attrs) -> {
            Map<String, Object> am = new LinkedHashMap<>();
            attrs.forEach((type, ap) -> am.put(String.valueOf(type), ap.toString()));
            policies.put(String.valueOf(idx), am);
        });
        m.put("policies", policies);
        return m;
    }
}
