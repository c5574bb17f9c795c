package dev.netlink.ynl.codegen;

import com.palantir.javapoet.ClassName;
import dev.netlink.ynl.YnlAttributeSet;
import dev.netlink.ynl.YnlDefinition;
import dev.netlink.ynl.YnlEnum;
import dev.netlink.ynl.YnlOperation;
import dev.netlink.ynl.YnlSpec;
import dev.netlink.ynl.YnlStruct;
import dev.netlink.ynl.YnlSubMessage;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One family being generated: its spec, its package, and the Java name of everything the spec defines, chosen once
 * so that no two types of the package collide (a struct and a set of one name: {@code OvsHeader} and
 * {@code OvsHeaderAttrs}). Definitions that cannot become Java types (an enum without entries) are left out and
 * their users fall back to plain numbers.
 */
final class FamilyContext {
    final YnlSpec spec;
    final String packageName;
    final ClassName client;
    /** How the generated client finds its spec at run time. */
    final SpecSource source;
    /** Names of java.lang, which a generated type of the same name would shadow in every file of the package. */
    private static final Set<String> JAVA_LANG = Set.of("String", "Object", "Integer", "Long", "Short", "Byte",
            "Boolean", "Character", "Double", "Float", "Number", "Enum", "Record", "Override", "Void", "Class",
            "Math", "System", "Thread", "Runtime", "Iterable", "Exception", "Error", "Deprecated", "Module", "Package",
            "Process", "StringBuilder", "SuppressWarnings", "FunctionalInterface", "SafeVarargs", "Comparable",
            "Cloneable", "AutoCloseable", "Readable", "Appendable", "CharSequence", "Throwable", "Compiler",
            "ClassLoader", "Runnable", "StackWalker", "ScopedValue", "StrictMath", "IO");
    private final Set<String> taken = new HashSet<>(JAVA_LANG);
    private final Map<String, ClassName> enums = new LinkedHashMap<>();
    private final Map<String, ClassName> structs = new LinkedHashMap<>();
    private final Map<String, ClassName> sets = new LinkedHashMap<>();
    private final Map<String, ClassName> subMessages = new LinkedHashMap<>();
    private final Map<String, ClassName> messages = new HashMap<>();

    FamilyContext(YnlSpec spec, String basePackage, SpecSource source) {
        this.spec = spec;
        this.source = source;
        this.packageName = basePackage + '.' + Names.packagePart(spec.name());
        this.client = name(Names.type(spec.name()), "Family");
        for (YnlDefinition d : spec.definitions()) {
            if (d instanceof YnlEnum e && !e.entries().isEmpty()) {
                enums.put(e.name(), name(Names.type(e.name()), e.flags() ? "Flags" : "Enum"));
            } else if (d instanceof YnlStruct s) {
                structs.put(s.name(), name(Names.type(s.name()), "Struct"));
            }
        }
        for (YnlAttributeSet s : spec.attributeSets()) {
            sets.put(s.name(), name(Names.type(s.name()), "Attrs"));
        }
        for (YnlSubMessage m : spec.subMessages()) {
            subMessages.put(m.name(), name(Names.type(m.name()), "Msg"));
        }
    }

    /** A free class name of the package: {@code preferred}, else with {@code suffix}, else numbered. */
    ClassName name(String preferred, String suffix) {
        String n = preferred;
        if (!taken.add(n)) {
            n = preferred + suffix;
            for (int i = 2; !taken.add(n); i++) {
                n = preferred + suffix + i;
            }
        }
        return ClassName.get(packageName, n);
    }

    Optional<ClassName> enumType(String definition) {
        return Optional.ofNullable(enums.get(definition));
    }

    Optional<ClassName> struct(String definition) {
        return Optional.ofNullable(structs.get(definition));
    }

    ClassName set(String name) {
        ClassName c = sets.get(name);
        if (c == null) {
            throw new IllegalArgumentException(spec.name() + ": no attribute set " + name);
        }
        return c;
    }

    Optional<ClassName> subMessage(String name) {
        return Optional.ofNullable(subMessages.get(name));
    }



    Map<String, ClassName> sets() {
        return sets;
    }

    Map<String, ClassName> subMessages() {
        return subMessages;
    }

    /** The fixed header struct of {@code op}, if it has one the generator can lay out. */
    Optional<YnlStruct> fixedHeader(YnlOperation op) {
        return op.fixedHeader().flatMap(spec::struct).filter(s -> structs.containsKey(s.name())
                && StructLayout.of(this, s).isPresent());
    }

    /** The message record of a fixed header and attribute set ({@code ifinfomsg} and {@code link-attrs}). */
    ClassName message(YnlStruct header, String set) {
        return messages.computeIfAbsent(header.name() + '/' + set, k -> {
            String base = set.endsWith("-attrs") ? set.substring(0, set.length() - "-attrs".length()) : set;
            return name(Names.type(base) + "Message", Names.type(header.name()));
        });
    }

    /** The C prefix of attribute set {@code set}'s attributes, as the kernel's headers spell them. */
    String attributePrefix(YnlAttributeSet set) {
        YnlAttributeSet full = set.subsetOf().flatMap(spec::attributeSet).orElse(set);
        return full.namePrefix().orElse(spec.name() + "-a-" + full.name() + '-');
    }

    /** Where a generated message names its subject: {@code netdev dev-get}. */
    String what(String thing) {
        return spec.name() + ' ' + thing;
    }
}
