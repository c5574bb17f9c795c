package dev.netlink.ynl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundle: every spec loads, carries its license and provenance, and no kernel prose. */
class BundledSpecsTest {
    /** The 15 families still from Debian's linux-source-6.12, by the kernel's file names. */
    static final List<String> KERNEL_6_12 = List.of("devlink", "dpll", "ethtool", "fou", "handshake", "mptcp_pm",
            "netdev", "nfsd", "nftables", "nlctrl", "ovs_datapath", "ovs_flow", "ovs_vport", "tcp_metrics", "team");
    /**
     * Files newer than 6.12, each taken from torvalds/linux at its own commit: families 6.12 lacks, and rt-addr,
     * rt-link, rt-route and tc, whose 6.12 files ({@code rt_link.yaml} and so on) lack what this kernel has.
     */
    static final List<String> NEWER = List.of("lockd", "net_shaper", "ovpn", "psp", "rt-addr", "rt-link", "rt-neigh",
            "rt-route", "rt-rule", "tc", "wireguard");

    static Stream<String> names() {
        return YnlSpec.bundledNames().stream();
    }

    @Test
    void indexListsEverySpecFileOfTheBundle() throws Exception {
        Path dir = bundleDir();
        List<String> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        }
        assertEquals(files, YnlSpec.bundledNames());
        assertTrue(YnlSpec.bundledNames().containsAll(KERNEL_6_12), YnlSpec.bundledNames().toString());
        assertTrue(YnlSpec.bundledNames().containsAll(NEWER), YnlSpec.bundledNames().toString());
        assertEquals(KERNEL_6_12.size() + NEWER.size(), YnlSpec.bundledNames().size());
    }

    @ParameterizedTest
    @MethodSource("names")
    void loads(String name) {
        YnlSpec spec = YnlSpec.bundled(name);
        assertEquals(name.replace('_', '-'), spec.name().replace('_', '-'));
        assertFalse(spec.attributeSets().isEmpty(), name);
        assertFalse(spec.operations().list().isEmpty(), name);
        assertSame(spec, YnlSpec.bundled(name), "read once, then shared");
        assertTrue(spec.license().orElseThrow().contains("BSD-3-Clause"), name);
        String provenance = spec.provenance().orElseThrow();
        String expected = KERNEL_6_12.contains(name)
                ? "imported by SpecImporter from Debian linux-source-6.12 6.12.117-1~deb12u1, "
                : "imported by SpecImporter from torvalds/linux ";
        assertTrue(provenance.startsWith(expected), provenance);
        assertTrue(provenance.endsWith(", Documentation/netlink/specs/" + name + ".yaml"), provenance);
    }

    @ParameterizedTest
    @MethodSource("names")
    void headerAndNoProse(String name) {
        String text = YnlSpec.resource(name + ".yaml");
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(0).startsWith("# SPDX-License-Identifier: "), name);
        assertTrue(lines.get(0).contains("BSD-3-Clause"), name);
        assertTrue(lines.stream().anyMatch(l -> l.equals(
                "# Used by netty-netlink under the BSD-3-Clause option of the license above.")), name);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("# Provenance: imported by SpecImporter from ")), name);
        assertFalse(hasDocKey(SpecYaml.parse(name, text)), name + " has a doc key");
        assertFalse(lines.stream().anyMatch(l -> l.strip().startsWith("doc:") || l.strip().startsWith("- doc:")),
                name);
        long comments = lines.stream().filter(l -> l.startsWith("#")).count();
        assertEquals(comments, lines.stream().takeWhile(l -> l.startsWith("#")).count(),
                "comments only in the header");
    }

    @Test
    void eachFamilyOnce() {
        List<String> names = YnlSpec.bundledNames();
        assertEquals(names.size(), names.stream().map(n -> n.replace('_', '-')).distinct().count(),
                "no family under both spellings: " + names);
        assertFalse(names.contains("rt_link"), "the 6.12 file is replaced, not kept beside the newer one");
    }

    @Test
    void aDashAndAnUnderscoreAreOne() {
        YnlSpec link = YnlSpec.bundled("rt-link");
        assertSame(link, YnlSpec.bundled("rt_link"), "the 6.12 file name still finds the family");
        assertEquals("rt-link", link.name());
        assertSame(YnlSpec.bundled("mptcp_pm"), YnlSpec.bundled("mptcp-pm"));
        assertSame(YnlSpec.bundled("rt-neigh"), YnlSpec.bundled("rt_neigh"));
        assertTrue(link.provenance().orElseThrow().endsWith(", Documentation/netlink/specs/rt-link.yaml"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> YnlSpec.bundled("rt link"));
        assertTrue(e.getMessage().contains("no bundled YNL spec named 'rt link'"), e.getMessage());
    }

    @Test
    void unknownName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> YnlSpec.bundled("rt-lnk"));
        assertTrue(e.getMessage().contains("no bundled YNL spec named 'rt-lnk'"), e.getMessage());
    }

    static boolean hasDocKey(Object node) {
        if (node instanceof Map<?, ?> map) {
            return map.containsKey("doc") || map.values().stream().anyMatch(BundledSpecsTest::hasDocKey);
        }
        if (node instanceof List<?> list) {
            return list.stream().anyMatch(BundledSpecsTest::hasDocKey);
        }
        return false;
    }

    static Path bundleDir() throws URISyntaxException {
        return Path.of(YnlSpec.class.getResource(YnlSpec.BUNDLE + "index").toURI()).getParent();
    }
}
