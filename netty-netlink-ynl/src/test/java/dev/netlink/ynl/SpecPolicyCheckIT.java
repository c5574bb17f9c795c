package dev.netlink.ynl;

import dev.netlink.genl.GenericNetlink;
import dev.netlink.genl.GenericNetlinkController;
import dev.netlink.testing.TestNetns;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled specs against this machine's kernel: what it would refuse, or validate otherwise. */
class SpecPolicyCheckIT {
    @Test
    void theBundledGenlSpecsAgainstThisKernel() throws Exception {
        TestNetns.assumeRoot();
        try (GenericNetlinkController ctrl = GenericNetlink.connect().get(10, TimeUnit.SECONDS)) {
            List<String> registered = ctrl.getFamilies().get(10, TimeUnit.SECONDS).stream()
                    .map(dev.netlink.genl.Family::name).toList();
            int checked = 0;
            StringBuilder report = new StringBuilder();
            for (String name : List.of("netdev", "ethtool", "nlctrl", "devlink", "mptcp_pm", "handshake")) {
                YnlSpec spec = YnlSpec.bundled(name);
                if (!registered.contains(spec.name())) {
                    continue; // this kernel has no such family
                }
                List<SpecPolicyCheck.Finding> findings = SpecPolicyCheck.check(ctrl, spec).get(10, TimeUnit.SECONDS);
                report.append(spec.name()).append(": ").append(findings.size()).append(" findings\n");
                findings.forEach(f -> report.append("  ").append(f).append('\n'));
                checked++;
                if (name.equals("netdev")) {
                    assertTrue(findings.stream().noneMatch(f -> f.kind() == SpecPolicyCheck.Kind.NOT_ACCEPTED
                            && f.operation().equals("dev-get")), report.toString());
                }
            }
            System.out.print(report);
            assertTrue(checked >= 3, "netdev, ethtool and nlctrl are on every kernel this runs on:\n" + report);
            assertEquals(checked, report.toString().lines().filter(l -> l.endsWith(" findings")).count());
        }
    }
}
