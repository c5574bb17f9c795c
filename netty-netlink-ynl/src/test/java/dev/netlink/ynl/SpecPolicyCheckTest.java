package dev.netlink.ynl;

import dev.netlink.codec.attr.NlAttrType;
import dev.netlink.codec.attr.ReportedPolicy;
import dev.netlink.genl.CommandPolicy;
import dev.netlink.genl.Policy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spec-against-kernel comparison on made-up kernel policies for the bundled netdev spec. */
class SpecPolicyCheckTest {
    private static final YnlSpec NETDEV = YnlSpec.bundled("netdev");

    private static int op(String name) {
        return NETDEV.operations().operation(name).orElseThrow().requestValue().getAsInt();
    }

    private static int attr(String set, String name) {
        return NETDEV.attributeSet(set).orElseThrow().attribute(name).orElseThrow().value();
    }

    private static Policy policy(Map<Integer, ReportedPolicy> devGetDo) {
        return new Policy(0x14, new TreeMap<>(Map.of(0, new TreeMap<>(devGetDo))),
                List.of(new CommandPolicy(op("dev-get"), 0, -1)));
    }

    @Test
    void aKernelThatAgreesGivesNoFinding() {
        Policy agrees = policy(Map.of(attr("dev", "ifindex"), new ReportedPolicy(NlAttrType.NL_ATTR_TYPE_U32,
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.of(1), OptionalLong.of(Integer.MAX_VALUE),
                OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
                OptionalInt.empty(), OptionalLong.empty())));
        List<SpecPolicyCheck.Finding> findings = SpecPolicyCheck.compare(NETDEV, agrees);
        assertEquals(List.of(), findings, "netdev's dev-get do sends ifindex, u32, min 1 — as this kernel checks");
    }

    @Test
    void aMissingAttributeAnotherTypeAndOtherBoundsAreReported() {
        List<SpecPolicyCheck.Finding> missing = SpecPolicyCheck.compare(NETDEV, policy(Map.of()));
        assertEquals(1, missing.size(), missing.toString());
        assertEquals(SpecPolicyCheck.Kind.NOT_ACCEPTED, missing.get(0).kind());
        assertEquals("dev-get do ifindex", missing.get(0).operation() + " " + missing.get(0).handler() + " "
                + missing.get(0).attribute());

        List<SpecPolicyCheck.Finding> type = SpecPolicyCheck.compare(NETDEV, policy(Map.of(attr("dev", "ifindex"),
                ReportedPolicy.of(NlAttrType.NL_ATTR_TYPE_U8))));
        assertEquals(SpecPolicyCheck.Kind.TYPE_DIFFERS, type.get(0).kind());
        assertTrue(type.get(0).detail().contains("the spec says u32, the kernel validates U8"), type.toString());

        List<SpecPolicyCheck.Finding> bounds = SpecPolicyCheck.compare(NETDEV, policy(Map.of(attr("dev", "ifindex"),
                new ReportedPolicy(NlAttrType.NL_ATTR_TYPE_U32, OptionalLong.empty(), OptionalLong.empty(),
                        OptionalLong.of(5), OptionalLong.of(100), OptionalInt.empty(), OptionalInt.empty(),
                        OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalLong.empty()))));
        assertEquals(SpecPolicyCheck.Kind.BOUNDS_DIFFER, bounds.get(0).kind());
        assertTrue(bounds.get(0).detail().startsWith("min: the spec says 1, the kernel 5"), bounds.toString());
    }
}
