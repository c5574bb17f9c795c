package dev.netlink.examples;

import java.io.PrintStream;
import java.util.List;

/**
 * The entry point of {@code examples/run}: {@code PROGRAM [ARGS...]}, where PROGRAM is {@code genl-ctrl},
 * {@code ip-monitor}, {@code route-dump}, {@code ethtool-info} or {@code ynl}. Prints one line and exits with 1 on a failure
 * (the errno's name and the kernel's message), with 2 on a wrong command line.
 */
public final class Examples {
    private Examples() {
    }

    public static void main(String[] argv) {
        System.exit(run(List.of(argv), System.out, System.err));
    }

    /** Runs one program; returns its exit status. */
    public static int run(List<String> argv, PrintStream out, PrintStream err) {
        if (argv.isEmpty()) {
            err.println("usage: examples/run genl-ctrl|ip-monitor|route-dump|ethtool-info|ynl [ARGS...]");
            return 2;
        }
        String program = argv.get(0);
        Args args = new Args(argv.subList(1, argv.size()));
        String usage = switch (program) {
            case "genl-ctrl" -> GenlCtrlTool.USAGE;
            case "ip-monitor" -> IpMonitor.USAGE;
            case "route-dump" -> RouteDump.USAGE;
            case "ethtool-info" -> EthtoolInfo.USAGE;
            case "ynl" -> YnlTool.USAGE;
            default -> null;
        };
        if (usage == null) {
            err.println("unknown program \"" + program + "\"; one of genl-ctrl, ip-monitor, route-dump, ethtool-info,"
                    + " ynl");
            return 2;
        }
        try {
            return switch (program) {
                case "genl-ctrl" -> GenlCtrlTool.run(args, out);
                case "ip-monitor" -> IpMonitor.run(args, out);
                case "route-dump" -> RouteDump.run(args, out);
                case "ynl" -> YnlTool.run(argv.subList(1, argv.size()), out);
                default -> EthtoolInfo.run(args, out);
            };
        } catch (Tools.UsageException e) {
            err.println(program + ": " + e.getMessage());
            err.println(usage);
            return 2;
        } catch (Exception e) {
            err.println(program + ": " + Tools.describe(e));
            return 1;
        } finally {
            out.flush();
        }
    }
}
