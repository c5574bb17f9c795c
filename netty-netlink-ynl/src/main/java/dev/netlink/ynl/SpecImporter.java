package dev.netlink.ynl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Imports the kernel's YNL specs ({@code Documentation/netlink/specs/*.yaml}) into the bundle this library ships:
 * each spec's ABI facts exactly (names, values, types, nesting, checks, operations, groups) without the kernel's
 * prose (every {@code doc} key at every level, every comment), under a header that keeps the spec's SPDX line
 * and copyright lines, records that the library takes the {@code BSD-3-Clause} option of the kernel's dual
 * license, and says where the file came from. A family's file of the other spelling ({@code rt_link.yaml} of
 * 6.12 when {@code rt-link.yaml} is imported: the kernel renamed its files from underscores to dashes) is
 * removed, so the bundle holds each family once. It then rewrites the bundle's {@code index}, the list of every
 * spec in the target directory.
 *
 * <p>Each file is checked before it is written: it must offer the BSD-3-Clause option, and the written file must
 * load to the same {@link YnlSpec} as the kernel's. Run it as
 * {@code java dev.netlink.ynl.SpecImporter <specs-dir> <target-dir> <provenance> [file.yaml...]}; the bundle's
 * {@code README} has the exact command. Stateless and thread-safe.
 */
public final class SpecImporter {
    /** The path of the specs inside a kernel tree, for the provenance line. */
    static final String KERNEL_SPECS = "Documentation/netlink/specs/";
    static final String INDEX = "index";

    private SpecImporter() {
    }

    /**
     * Imports specs: {@code args} are the kernel's specs directory, the target directory, the provenance (such as
     * {@code Debian linux-source-6.12 6.12.117-1~deb12u1}) and optionally the file names to import (all
     * {@code *.yaml} of the directory if none).
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: SpecImporter <kernel Documentation/netlink/specs dir> <target dir> "
                    + "<provenance> [file.yaml...]");
            System.exit(2);
            return;
        }
        List<String> imported = importSpecs(Path.of(args[0]), Path.of(args[1]), args[2],
                Arrays.asList(args).subList(3, args.length));
        System.out.println("imported " + imported.size() + " spec(s) into " + args[1] + ": " + imported);
    }

    /**
     * Imports the named spec files (every {@code *.yaml} if {@code files} is empty) from {@code sourceDir} into
     * {@code targetDir}, replacing a file of the same family spelt with {@code _} for {@code -} or the other way,
     * and rewrites the target's {@code index}.
     *
     * @return the names of the imported specs (file names without {@code .yaml})
     * @throws YnlSpecException if a spec is not one the library can bundle or load
     */
    public static List<String> importSpecs(Path sourceDir, Path targetDir, String provenance, List<String> files)
            throws IOException {
        List<Path> sources = new ArrayList<>();
        if (files.isEmpty()) {
            try (Stream<Path> listing = Files.list(sourceDir)) {
                listing.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().forEach(sources::add);
            }
        } else {
            files.forEach(file -> sources.add(sourceDir.resolve(file)));
        }
        Files.createDirectories(targetDir);
        List<String> imported = new ArrayList<>();
        for (Path source : sources) {
            String file = source.getFileName().toString();
            String text = Files.readString(source, StandardCharsets.UTF_8);
            String name = file.substring(0, file.length() - ".yaml".length());
            String bundled = convert(file, text, provenance);
            for (String other : bundledNames(targetDir)) {
                if (!other.equals(name) && YnlSpec.sameName(other, name)) {
                    Files.delete(targetDir.resolve(other + ".yaml"));
                }
            }
            Files.writeString(targetDir.resolve(file), bundled, StandardCharsets.UTF_8);
            imported.add(name);
        }
        writeIndex(targetDir);
        return imported;
    }

    /**
     * The bundled form of one spec: its header, then its YAML without any {@code doc} key.
     *
     * @param file       the kernel's file name, such as {@code netdev.yaml}
     * @param text       the kernel's file
     * @param provenance where the kernel tree came from
     * @throws YnlSpecException if the spec lacks the SPDX line or the BSD-3-Clause option, or the result would not
     *                          load to the same model as the original
     */
    public static String convert(String file, String text, String provenance) {
        String first = text.lines().findFirst().orElse("").strip();
        if (!first.startsWith(SpecLoader.SPDX)) {
            throw new YnlSpecException(file, "", "the first line must be the spec's '" + SpecLoader.SPDX.strip()
                    + "' line");
        }
        if (!first.contains("BSD-3-Clause")) {
            throw new YnlSpecException(file, "", "the license offers no BSD-3-Clause option: " + first);
        }
        if (provenance.contains("\n")) {
            throw new IllegalArgumentException("provenance must be one line");
        }
        String body = SpecYaml.dump(withoutDoc(SpecYaml.parse(file, text)));
        String bundled = first + "\n"
                + copyrights(text)
                + "# Used by netty-netlink under the BSD-3-Clause option of the license above.\n"
                + SpecLoader.PROVENANCE + "imported by SpecImporter from " + provenance + ", " + KERNEL_SPECS + file
                + "\n"
                + "# The kernel's prose (doc keys, comments) is left out; the ABI facts are as the kernel wrote them.\n"
                + "%YAML 1.2\n"
                + body;
        if (!YnlSpec.parse(file, bundled).equals(YnlSpec.parse(file, text))) {
            throw new YnlSpecException(file, "", "the bundled form does not load to the same model as the original");
        }
        return bundled;
    }

    /** The copyright lines of the comments that open the file: BSD-3-Clause asks that they are kept. */
    private static String copyrights(String text) {
        StringBuilder lines = new StringBuilder();
        for (String line : (Iterable<String>) text.lines()::iterator) {
            String stripped = line.strip();
            if (!stripped.startsWith("#")) {
                break;
            }
            if (stripped.toLowerCase(java.util.Locale.ROOT).contains("copyright")) {
                lines.append(stripped).append('\n');
            }
        }
        return lines.toString();
    }

    /** A deep copy of a parsed document without any mapping's {@code doc} key. */
    static Object withoutDoc(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> {
                if (!"doc".equals(key)) {
                    copy.put(key, withoutDoc(value));
                }
            });
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(withoutDoc(item)));
            return copy;
        }
        return node;
    }

    /** The specs of a directory: its {@code *.yaml} file names without {@code .yaml}, sorted. */
    private static List<String> bundledNames(Path dir) throws IOException {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml"))
                    .map(name -> name.substring(0, name.length() - ".yaml".length()))
                    .sorted()
                    .toList();
        }
    }

    private static void writeIndex(Path targetDir) throws IOException {
        List<String> names = bundledNames(targetDir);
        StringBuilder index = new StringBuilder("# The bundled YNL specs, one a line; written by SpecImporter.\n");
        names.forEach(name -> index.append(name).append('\n'));
        Files.writeString(targetDir.resolve(INDEX), index, StandardCharsets.UTF_8);
    }
}
