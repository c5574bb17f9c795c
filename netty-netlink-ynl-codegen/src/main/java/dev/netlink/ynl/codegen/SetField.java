package dev.netlink.ynl.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.netlink.ynl.YnlAttribute;
import dev.netlink.ynl.YnlAttributeSet;
import dev.netlink.ynl.YnlChecks;
import dev.netlink.ynl.YnlType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One attribute of a set as a component of its generated record: its Java name and type, and how it sits on the
 * wire ({@link Shape}). Built for a whole set at once so that names are unique in the record and its builder.
 *
 * @param attr       the attribute
 * @param name       the Java name
 * @param shape      how it is carried
 * @param element    one value (a list's element; the innermost value of a nest-type-value)
 * @param type       the component's Java type
 * @param subMessage the sealed interface of a sub-message
 * @param selector   the field whose value selects a sub-message's format
 */
record SetField(YnlAttribute attr, String name, Shape shape, Element element, TypeName type, ClassName subMessage,
                SetField selector) {
    enum Shape { SINGLE, FLAG, MULTI, INDEXED, TYPE_VALUE, SUB_MESSAGE, IGNORED }

    /** Names the generated record and builder use themselves. */
    private static final Set<String> RESERVED = Set.of("unknown", "builder", "toBuilder", "decode", "encode",
            "encodeNested", "build", "raw", "equals", "hashCode", "toString", "getClass", "notify", "notifyAll",
            "wait", "clone", "finalize");

    static List<SetField> of(FamilyContext ctx, YnlAttributeSet set) {
        List<SetField> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YnlAttribute a : set.attributes()) {
            String name = Names.member(a.name());
            while (RESERVED.contains(name) || !names.add(name)) {
                name = name + '_';
            }
            fields.add(field(ctx, a, name));
        }
        List<SetField> resolved = new ArrayList<>();
        for (SetField f : fields) {
            if (f.shape == Shape.SUB_MESSAGE) {
                Optional<SetField> sel = fields.stream().filter(s -> s.attr.name().equals(f.attr.selector()
                        .orElse(""))).filter(s -> s.shape == Shape.SINGLE).findFirst();
                if (sel.isEmpty()) {
                    resolved.add(field(ctx, withoutSubMessage(f.attr), f.name));
                    continue;
                }
                resolved.add(new SetField(f.attr, f.name, f.shape, f.element, f.type, f.subMessage, sel.get()));
            } else {
                resolved.add(f);
            }
        }
        return resolved;
    }

    private static SetField field(FamilyContext ctx, YnlAttribute a, String name) {
        YnlType t = a.type();
        if (t.equals(YnlType.PAD) || t.equals(YnlType.UNUSED) || !t.isKnown()) {
            return new SetField(a, name, Shape.IGNORED, null, null, null, null);
        }
        if (t.equals(YnlType.FLAG)) {
            return new SetField(a, name, Shape.FLAG, null, TypeName.BOOLEAN, null, null);
        }
        if (t.equals(YnlType.SUB_MESSAGE)) {
            Optional<ClassName> sub = a.subMessage().flatMap(ctx::subMessage);
            if (sub.isPresent()) {
                return new SetField(a, name, Shape.SUB_MESSAGE, null, sub.get(), sub.get(), null);
            }
            return field(ctx, withoutSubMessage(a), name);
        }
        if (t.equals(YnlType.INDEXED_ARRAY)) {
            YnlType sub = a.subType().orElse(YnlType.NEST);
            Element e = Element.of(ctx, sub, a.byteOrder(), a.displayHint(), a.enumType(), a.enumAsFlags(),
                    a.struct(), a.nestedAttributes());
            return new SetField(a, name, Shape.INDEXED, e, list(e.type), null, null);
        }
        if (t.equals(YnlType.NEST_TYPE_VALUE)) {
            Element e = Element.of(ctx, YnlType.NEST, a.byteOrder(), a.displayHint(), a.enumType(), a.enumAsFlags(),
                    a.struct(), a.nestedAttributes());
            TypeName type = e.type;
            for (int i = 0; i < Math.max(1, a.typeValue().size()); i++) {
                type = ParameterizedTypeName.get(ClassName.get(Map.class), ClassName.get(Integer.class), type);
            }
            return new SetField(a, name, Shape.TYPE_VALUE, e, type, null, null);
        }
        Element e = Element.of(ctx, t, a.byteOrder(), a.displayHint(), a.enumType(), a.enumAsFlags(), a.struct(),
                a.nestedAttributes());
        if (a.multiAttr()) {
            return new SetField(a, name, Shape.MULTI, e, list(e.type), null, null);
        }
        return new SetField(a, name, Shape.SINGLE, e, e.type, null, null);
    }

    /** The depth of a nest-type-value's maps. */
    int depth() {
        return Math.max(1, attr.typeValue().size());
    }

    boolean isList() {
        return shape == Shape.MULTI || shape == Shape.INDEXED;
    }

    /** Whether the component is a {@code byte[]}, which records compare by reference. */
    boolean isArray() {
        return ArrayTypes.BYTES.equals(type);
    }

    YnlChecks checks() {
        return attr.checks();
    }

    private static TypeName list(TypeName element) {
        return ParameterizedTypeName.get(ClassName.get(List.class), element.box());
    }

    private static YnlAttribute withoutSubMessage(YnlAttribute a) {
        return new YnlAttribute(a.name(), YnlType.BINARY, a.value(), a.multiAttr(), a.nestedAttributes(),
                a.subType(), a.typeValue(), a.enumType(), a.enumAsFlags(), a.byteOrder(), a.displayHint(),
                a.checks(), a.struct(), Optional.empty(), Optional.empty(), a.namePrefix());
    }
}
