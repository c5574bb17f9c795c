package dev.netlink.ynl;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel's own files, doc and all, load to the same model as the bundle. Needs the unpacked 6.12 tree (not
 * committed: it is the kernel's prose); {@code -Dynl.kernel.specs=<dir>} names its
 * {@code Documentation/netlink/specs}, by default where the bundle's README unpacks it. Skipped without it.
 */
class KernelSourceTest {
    static final Path SPECS = Path.of(System.getProperty("ynl.kernel.specs",
            "/tmp/ynl/linux-source-6.12/Documentation/netlink/specs"));

    /** Newer files, one directory per torvalds/linux commit ({@code -Dynl.kernel.newer=<dir>}). */
    static final Path NEWER = Path.of(System.getProperty("ynl.kernel.newer", "/tmp/ynl/newer"));

    static Stream<String> names() {
        return BundledSpecsTest.KERNEL_6_12.stream();
    }

    static Stream<String> newerNames() {
        return BundledSpecsTest.NEWER.stream();
    }

    @ParameterizedTest
    @MethodSource("newerNames")
    void newerFileLoadsToTheBundledModel(String name) throws Exception {
        YnlSpec bundled = YnlSpec.bundled(name);
        String provenance = bundled.provenance().orElseThrow();
        String commit = provenance.replaceFirst("^imported by SpecImporter from torvalds/linux ([0-9a-f]{40}), .*$",
                "$1");
        assertEquals(40, commit.length(), provenance);
        Path file = NEWER.resolve(commit).resolve(name + ".yaml");
        Assumptions.assumeTrue(Files.isRegularFile(file), "no copy of the newer file at " + file);
        assertEquals(YnlSpec.load(file), bundled, name);
    }

    @ParameterizedTest
    @MethodSource("names")
    void kernelFileLoadsToTheBundledModel(String name) throws Exception {
        Path file = SPECS.resolve(name + ".yaml");
        Assumptions.assumeTrue(Files.isRegularFile(file), "no kernel tree at " + SPECS);
        String text = Files.readString(file);
        assertTrue(BundledSpecsTest.hasDocKey(SpecYaml.parse(name, text)), "the kernel's file has its prose");
        YnlSpec kernel = YnlSpec.load(file);
        YnlSpec bundled = YnlSpec.bundled(name);
        assertEquals(kernel, bundled, name);
        assertEquals(kernel.attributeSets(), bundled.attributeSets());
        assertEquals(kernel.operations(), bundled.operations());
        assertEquals(kernel.definitions(), bundled.definitions());
    }
}
