package dev.netlink.ynl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A YNL netlink family spec ({@code Documentation/netlink/specs/<family>.yaml}) as a model: the family's
 * {@code definitions}, {@code attribute-sets}, {@code sub-messages}, {@code operations} and {@code mcast-groups},
 * with YNL's implicit rules applied (attribute, enum entry and operation values; {@code subset-of} resolved)
 * the way the kernel's own loader ({@code tools/net/ynl}) applies them.
 *
 * <p>{@link #load(Path)} reads any spec file as the kernel writes it; {@link #bundled(String)} reads one of the
 * specs this library ships ({@link #bundledNames()}), the kernel's ABI facts without its prose. Keys the loader
 * does not know are ignored, so a newer kernel's spec loads; what the loader depends on and finds wrong fails
 * with a {@link YnlSpecException} naming the file, the key path and what was expected.
 *
 * <p>Immutable and thread-safe. Two specs are equal when their facts are: the file they came from and their
 * provenance do not count.
 */
public final class YnlSpec {
    static final String BUNDLE = "/dev/netlink/ynl/specs/";
    private static final Map<String, YnlSpec> BUNDLED = new ConcurrentHashMap<>();

    private final String source;
    private final Optional<String> license;
    private final Optional<String> provenance;
    private final String name;
    private final YnlProtocol protocol;
    private final OptionalInt protonum;
    private final Optional<String> uapiHeader;
    private final int version;
    private final Optional<String> kernelPolicy;
    private final List<YnlDefinition> definitions;
    private final List<YnlAttributeSet> attributeSets;
    private final List<YnlSubMessage> subMessages;
    private final YnlOperations operations;
    private final List<YnlMcastGroup> mcastGroups;
    private final Map<String, YnlDefinition> definitionsByName = new HashMap<>();
    /** This spec compiled, made on first use by {@link YnlSchemas#of}; lives as long as the spec. */
    volatile YnlSchemas schemas;

    YnlSpec(String source, Optional<String> license, Optional<String> provenance, String name, YnlProtocol protocol,
            OptionalInt protonum, Optional<String> uapiHeader, int version, Optional<String> kernelPolicy,
            List<YnlDefinition> definitions, List<YnlAttributeSet> attributeSets, List<YnlSubMessage> subMessages,
            YnlOperations operations, List<YnlMcastGroup> mcastGroups) {
        this.source = Objects.requireNonNull(source, "source");
        this.license = Objects.requireNonNull(license, "license");
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        this.name = Objects.requireNonNull(name, "name");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.protonum = Objects.requireNonNull(protonum, "protonum");
        this.uapiHeader = Objects.requireNonNull(uapiHeader, "uapiHeader");
        this.version = version;
        this.kernelPolicy = Objects.requireNonNull(kernelPolicy, "kernelPolicy");
        this.definitions = List.copyOf(definitions);
        this.attributeSets = List.copyOf(attributeSets);
        this.subMessages = List.copyOf(subMessages);
        this.operations = Objects.requireNonNull(operations, "operations");
        this.mcastGroups = List.copyOf(mcastGroups);
        for (YnlDefinition definition : this.definitions) {
            definitionsByName.putIfAbsent(definition.name(), definition);
        }
    }

    /**
     * Reads a spec file as the kernel writes it, prose and all.
     *
     * @throws YnlSpecException if the file is not a spec this loader can read
     * @throws UncheckedIOException if the file cannot be read
     */
    public static YnlSpec load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read YNL spec " + file, e);
        }
        return parse(file.toString(), text);
    }

    /**
     * Reads a spec from text.
     *
     * @param source the name to report errors under, such as the file name
     * @throws YnlSpecException if the text is not a spec this loader can read
     */
    public static YnlSpec parse(String source, String text) {
        return SpecLoader.load(source, text);
    }

    /**
     * One of the specs this library bundles, by the kernel's file name without {@code .yaml}
     * ({@code rt-link}, {@code netdev}, {@code mptcp_pm}; see {@link #bundledNames()}). A dash and an underscore
     * are one, as the kernel's file names mix them and have moved from one to the other ({@code rt_link} of 6.12
     * is {@code rt-link} now): {@code bundled("rt_link")} and {@code bundled("mptcp-pm")} find those files. Read
     * once, then shared.
     *
     * @throws IllegalArgumentException if no spec of that name is bundled
     */
    public static YnlSpec bundled(String name) {
        Objects.requireNonNull(name, "name");
        YnlSpec spec = BUNDLED.get(name);
        if (spec != null) {
            return spec;
        }
        String file = bundledNames().stream().filter(n -> sameName(n, name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no bundled YNL spec named '" + name
                        + "'; bundled: " + bundledNames()));
        spec = BUNDLED.computeIfAbsent(file, f -> parse(BUNDLE + f + ".yaml", resource(f + ".yaml")));
        YnlSpec raced = BUNDLED.putIfAbsent(name, spec);
        return raced != null ? raced : spec;
    }

    /** Whether two spec names are one: equal once each underscore is read as a dash. */
    static boolean sameName(String a, String b) {
        return a.replace('_', '-').equals(b.replace('_', '-'));
    }

    /** The names of the bundled specs, as {@link #bundled(String)} takes them, in the bundle's index order. */
    public static List<String> bundledNames() {
        return BundleIndex.NAMES;
    }

    static String resource(String file) {
        try (InputStream in = YnlSpec.class.getResourceAsStream(BUNDLE + file)) {
            if (in == null) {
                throw new IllegalStateException("bundled YNL resource missing: " + BUNDLE + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled YNL resource " + BUNDLE + file, e);
        }
    }

    /** The file or resource the spec was read from. */
    public String source() {
        return source;
    }

    /** The SPDX license expression of the spec's first line ({@code # SPDX-License-Identifier: ...}). */
    public Optional<String> license() {
        return license;
    }

    /** Where a bundled spec was imported from ({@code # Provenance: ...} in its header). */
    public Optional<String> provenance() {
        return provenance;
    }

    /** The family's {@code name}: the genetlink family name, or the raw protocol's. */
    public String name() {
        return name;
    }

    /** The {@code protocol} level, {@code genetlink} if the spec does not say. */
    public YnlProtocol protocol() {
        return protocol;
    }

    /** The netlink protocol number ({@code protonum}) of a netlink-raw family, such as 0 for rtnetlink. */
    public OptionalInt protonum() {
        return protonum;
    }

    /** The {@code uapi-header}, if the spec names one (the default is {@code linux/<name>.h}). */
    public Optional<String> uapiHeader() {
        return uapiHeader;
    }

    /** The generic netlink family {@code version} for {@code genlmsghdr.version}; 1 if the spec does not say. */
    public int version() {
        return version;
    }

    /** The kernel's {@code kernel-policy}: {@code split} (the default), {@code per-op} or {@code global}. */
    public Optional<String> kernelPolicy() {
        return kernelPolicy;
    }

    /** The {@code definitions} in spec order. */
    public List<YnlDefinition> definitions() {
        return definitions;
    }

    /** The definition of that name. */
    public Optional<YnlDefinition> definition(String definitionName) {
        return Optional.ofNullable(definitionsByName.get(definitionName));
    }

    /** The {@code const} definition of that name. */
    public Optional<YnlConst> constant(String definitionName) {
        return definition(definitionName).filter(YnlConst.class::isInstance).map(YnlConst.class::cast);
    }

    /** The {@code enum} or {@code flags} definition of that name. */
    public Optional<YnlEnum> enumeration(String definitionName) {
        return definition(definitionName).filter(YnlEnum.class::isInstance).map(YnlEnum.class::cast);
    }

    /** The {@code struct} definition of that name. */
    public Optional<YnlStruct> struct(String definitionName) {
        return definition(definitionName).filter(YnlStruct.class::isInstance).map(YnlStruct.class::cast);
    }

    /** The {@code attribute-sets} in spec order. */
    public List<YnlAttributeSet> attributeSets() {
        return attributeSets;
    }

    /** The attribute set of that name. */
    public Optional<YnlAttributeSet> attributeSet(String setName) {
        return attributeSets.stream().filter(s -> s.name().equals(setName)).findFirst();
    }

    /** The {@code sub-messages} (netlink-raw) in spec order. */
    public List<YnlSubMessage> subMessages() {
        return subMessages;
    }

    /** The sub-message definition of that name. */
    public Optional<YnlSubMessage> subMessage(String subMessageName) {
        return subMessages.stream().filter(s -> s.name().equals(subMessageName)).findFirst();
    }

    /** The {@code operations}. */
    public YnlOperations operations() {
        return operations;
    }

    /** The {@code mcast-groups} in spec order. */
    public List<YnlMcastGroup> mcastGroups() {
        return mcastGroups;
    }

    /** The multicast group of that name. */
    public Optional<YnlMcastGroup> mcastGroup(String groupName) {
        return mcastGroups.stream().filter(g -> g.name().equals(groupName)).findFirst();
    }

    /**
     * The number a {@link YnlValue} stands for: a literal, a {@code const} of this spec (followed if it is
     * itself a name), a fixed-width limit ({@code u32-max}: {@code u64-max} is -1, to be read unsigned), or
     * either less one ({@code NAME - 1}).
     *
     * @throws IllegalArgumentException if the value names a constant this spec does not define
     */
    public long resolve(YnlValue value) {
        return resolve(value, 0);
    }

    private long resolve(YnlValue value, int depth) {
        if (depth > definitions.size()) {
            throw new IllegalArgumentException("const definitions refer to each other in a loop at " + value);
        }
        return value.resolve(constantName -> constant(constantName)
                .map(c -> resolve(c.value(), depth + 1))
                .orElse(null));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof YnlSpec other
                && license.equals(other.license)
                && name.equals(other.name)
                && protocol == other.protocol
                && protonum.equals(other.protonum)
                && uapiHeader.equals(other.uapiHeader)
                && version == other.version
                && kernelPolicy.equals(other.kernelPolicy)
                && definitions.equals(other.definitions)
                && attributeSets.equals(other.attributeSets)
                && subMessages.equals(other.subMessages)
                && operations.equals(other.operations)
                && mcastGroups.equals(other.mcastGroups);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, protocol, attributeSets, operations);
    }

    @Override
    public String toString() {
        return "YnlSpec(" + name + ", " + protocol.yamlName() + ", " + source + ")";
    }

    /** The bundle's {@code index}, read on first use. */
    private static final class BundleIndex {
        static final List<String> NAMES = resource("index").lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }
}
