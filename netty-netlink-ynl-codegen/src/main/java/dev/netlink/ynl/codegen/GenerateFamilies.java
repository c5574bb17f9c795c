package dev.netlink.ynl.codegen;

import dev.netlink.ynl.YnlSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The generator's command line, run by the build: {@code --out DIR --bundled [NAME...]} writes the typed families
 * of the bundled specs (every one without names) under source root {@code DIR};
 * {@code --out DIR --resources DIR --package PKG --spec FILE...} writes a user's specs in {@code PKG.<family>}
 * and copies each spec beside its client under resource root {@code --resources}.
 */
public final class GenerateFamilies {
    private GenerateFamilies() {
    }

    public static void main(String[] args) throws IOException {
        Path out = null;
        Path resources = null;
        String pkg = null;
        boolean bundled = false;
        List<String> names = new ArrayList<>();
        List<Path> specs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--resources" -> resources = Path.of(args[++i]);
                case "--package" -> pkg = args[++i];
                case "--bundled" -> bundled = true;
                case "--spec" -> specs.add(Path.of(args[++i]));
                default -> {
                    if (!bundled || args[i].startsWith("-")) {
                        throw new IllegalArgumentException("unknown argument " + args[i]
                                + "; usage: --out DIR (--bundled [NAME...] | --resources DIR --package PKG "
                                + "--spec FILE...)");
                    }
                    names.add(args[i]);
                }
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        int files = 0;
        if (bundled) {
            for (String name : names.isEmpty() ? YnlSpec.bundledNames() : names) {
                FamilyGenerator g = FamilyGenerator.bundled(name);
                g.writeTo(out);
                files += g.files().size();
            }
        }
        for (Path spec : specs) {
            if (pkg == null || resources == null) {
                throw new IllegalArgumentException("--spec needs --package and --resources");
            }
            files += generate(YnlSpec.load(spec), spec, pkg, out, resources);
        }
        System.out.println("netty-netlink-ynl-codegen: " + files + " files under " + out);
    }

    /** Generates {@code spec} (read from {@code file}) and copies the file beside its client; the file count. */
    static int generate(YnlSpec spec, Path file, String pkg, Path out, Path resources) throws IOException {
        String dir = (pkg + '.' + Names.packagePart(spec.name())).replace('.', '/');
        String resource = '/' + dir + '/' + file.getFileName();
        FamilyGenerator g = FamilyGenerator.of(spec, pkg, resource);
        g.writeTo(out);
        Path copy = resources.resolve(dir).resolve(file.getFileName().toString());
        Files.createDirectories(copy.getParent());
        Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return g.files().size();
    }
}
