package dev.netlink.ynl.codegen;

/**
 * Where a generated client finds its spec at run time (for the kernel's error offsets, the request checks and the
 * multicast groups): one bundled with {@code netty-netlink-ynl} by name, or a class path resource the build copied
 * beside the generated code (a user's own spec file).
 *
 * @param bundledName the name {@link dev.netlink.ynl.YnlSpec#bundled} takes, or {@code null}
 * @param resource    the class path resource, absolute ({@code /dev/example/foo/foo.yaml}), or {@code null}
 */
record SpecSource(String bundledName, String resource) {
    static SpecSource bundled(String name) {
        return new SpecSource(name, null);
    }

    static SpecSource resource(String path) {
        return new SpecSource(null, path);
    }
}
