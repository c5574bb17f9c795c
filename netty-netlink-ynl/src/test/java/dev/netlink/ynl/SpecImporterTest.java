package dev.netlink.ynl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The importer drops the prose, keeps every fact, and writes the header and the index. */
class SpecImporterTest {
    private static final String PROVENANCE = "Debian linux-source-6.12 6.12.117-1~deb12u1";

    @Test
    void importsADirectory(@TempDir Path dir) throws Exception {
        Path source = Files.createDirectories(dir.resolve("specs"));
        Path target = dir.resolve("bundle");
        Files.writeString(source.resolve("sample.yaml"), Samples.sample());
        Files.writeString(source.resolve("other.yaml"), """
                # SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
                ---
                name: other
                doc: Dropped.
                attribute-sets: [ { name: a, doc: Dropped too., attributes: [ { name: x, type: u8, doc: Gone. } ] } ]
                operations:
                  list: [ { name: get, doc: Gone., attribute-set: a, do: { request: { attributes: [ x ] } } } ]
                """);
        Files.writeString(source.resolve("notes.txt"), "not a spec");

        SpecImporter.main(new String[] {source.toString(), target.toString(), PROVENANCE});

        assertEquals(List.of("# The bundled YNL specs, one a line; written by SpecImporter.", "other", "sample"),
                Files.readAllLines(target.resolve("index")));
        assertFalse(Files.exists(target.resolve("notes.txt")));
        String bundled = Files.readString(target.resolve("sample.yaml"));
        List<String> lines = bundled.lines().toList();
        assertEquals("# SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)", lines.get(0));
        assertEquals("# Copyright (c) 2026, the netty-netlink authors.", lines.get(1));
        assertEquals("# Used by netty-netlink under the BSD-3-Clause option of the license above.", lines.get(2));
        assertEquals("# Provenance: imported by SpecImporter from " + PROVENANCE
                + ", Documentation/netlink/specs/sample.yaml", lines.get(3));
        assertFalse(bundled.contains("doc:"), bundled);
        assertFalse(bundled.contains("dropped"), "the prose goes, comments included");
        assertFalse(bundled.contains("A made-up family"), "the file's own comments go");
        assertTrue(bundled.contains("future-top-level-key"), "unknown keys are facts of a newer kernel: kept");

        YnlSpec original = YnlSpec.parse("sample.yaml", Samples.sample());
        YnlSpec imported = YnlSpec.load(target.resolve("sample.yaml"));
        assertEquals(original, imported);
        assertEquals("imported by SpecImporter from " + PROVENANCE + ", Documentation/netlink/specs/sample.yaml",
                imported.provenance().orElseThrow());
        assertEquals(64, imported.attributeSet("main").orElseThrow().attribute("late").orElseThrow().value());
        assertEquals(List.of("a"), YnlSpec.load(target.resolve("other.yaml")).attributeSets().stream()
                .map(YnlAttributeSet::name).toList());
    }

    @Test
    void importsNamedFilesAndIndexesTheWholeTarget(@TempDir Path dir) throws Exception {
        Path source = Files.createDirectories(dir.resolve("specs"));
        Path target = Files.createDirectories(dir.resolve("bundle"));
        Files.writeString(target.resolve("earlier.yaml"), SpecImporter.convert("earlier.yaml", Samples.sample(), "x"));
        Files.writeString(source.resolve("sample.yaml"), Samples.sample());
        Files.writeString(source.resolve("skipped.yaml"), "broken: [");

        List<String> imported = SpecImporter.importSpecs(source, target, "torvalds/linux abc", List.of("sample.yaml"));

        assertEquals(List.of("sample"), imported);
        assertEquals(List.of("earlier", "sample"), Files.readAllLines(target.resolve("index")).subList(1, 3));
    }

    /** A bundle in {@code dir} holding the sample under each of {@code files}, and an empty source beside it. */
    private static Path bundleOf(Path dir, String... files) throws Exception {
        Path target = Files.createDirectories(dir.resolve("bundle"));
        for (String file : files) {
            Files.writeString(target.resolve(file), SpecImporter.convert(file, Samples.sample(), "Debian 6.12"));
        }
        Files.createDirectories(dir.resolve("specs"));
        return target;
    }

    @Test
    void replacesTheFamilysFileOfTheOtherSpelling(@TempDir Path dir) throws Exception {
        Path target = bundleOf(dir, "rt_sample.yaml", "kept_one.yaml");
        Path source = dir.resolve("specs");
        Files.writeString(source.resolve("rt-sample.yaml"), Samples.sample());

        SpecImporter.importSpecs(source, target, "torvalds/linux abc", List.of("rt-sample.yaml"));

        assertFalse(Files.exists(target.resolve("rt_sample.yaml")), "the 6.12 spelling is replaced");
        assertTrue(Files.exists(target.resolve("rt-sample.yaml")));
        assertTrue(Files.exists(target.resolve("kept_one.yaml")), "another family stays");
        assertEquals(List.of("kept_one", "rt-sample"), Files.readAllLines(target.resolve("index")).subList(1, 3));
        assertEquals(3, Files.readAllLines(target.resolve("index")).size());
    }

    @Test
    void aRefusedSpecLeavesTheOtherSpellingInPlace(@TempDir Path dir) throws Exception {
        Path target = bundleOf(dir, "rt_sample.yaml");
        Path source = dir.resolve("specs");
        Files.writeString(source.resolve("rt-sample.yaml"), "name: no-spdx-line\n");

        assertThrows(YnlSpecException.class,
                () -> SpecImporter.importSpecs(source, target, "torvalds/linux abc", List.of("rt-sample.yaml")));
        assertTrue(Files.exists(target.resolve("rt_sample.yaml")));
        assertFalse(Files.exists(target.resolve("rt-sample.yaml")));
    }

    @Test
    void strippedDocumentHasNoDocAtAnyLevel() {
        Object stripped = SpecImporter.withoutDoc(SpecYaml.parse("sample.yaml", Samples.sample()));
        assertFalse(BundledSpecsTest.hasDocKey(stripped));
        assertTrue(BundledSpecsTest.hasDocKey(SpecYaml.parse("sample.yaml", Samples.sample())));
    }

    @Test
    void refusesASpecWithoutTheBsdOption() {
        String gplOnly = Samples.sample().replace("((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)",
                "GPL-2.0");
        YnlSpecException e = assertThrows(YnlSpecException.class,
                () -> SpecImporter.convert("gpl.yaml", gplOnly, PROVENANCE));
        assertTrue(e.getMessage().contains("no BSD-3-Clause option"), e.getMessage());
        YnlSpecException noSpdx = assertThrows(YnlSpecException.class,
                () -> SpecImporter.convert("none.yaml", "name: x\n", PROVENANCE));
        assertTrue(noSpdx.getMessage().startsWith("none.yaml: the first line must be"), noSpdx.getMessage());
    }
}
