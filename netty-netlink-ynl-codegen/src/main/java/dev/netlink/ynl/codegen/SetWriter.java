package dev.netlink.ynl.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import dev.netlink.ynl.YnlAttribute;
import dev.netlink.ynl.YnlAttributeSet;

import javax.lang.model.element.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes the record of one attribute set: a component per attribute ({@code null}, {@code false} or empty when
 * absent), the attributes the spec does not know kept raw, a decoder reading straight from an
 * {@code AttributeReader}, an encoder writing straight into an {@code AttributeWriter}, and a builder that applies
 * the spec's checks before anything is sent.
 */
final class SetWriter {
    private static final TypeName RAW_LIST = ParameterizedTypeName.get(ClassName.get(List.class),
            Runtime.RAW_ATTRIBUTE);

    private final FamilyContext ctx;

    SetWriter(FamilyContext ctx) {
        this.ctx = ctx;
    }

    TypeSpec write(YnlAttributeSet set) {
        ClassName self = ctx.set(set.name());
        List<SetField> fields = SetField.of(ctx, set);
        List<SetField> components = fields.stream().filter(f -> f.shape() != SetField.Shape.IGNORED).toList();
        String prefix = ctx.attributePrefix(set);
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("Attribute set {@code $L} of the {@code $L} family", set.name(), ctx.spec.name());
        set.subsetOf().ifPresent(s -> doc.add(" (a subset of {@code $L})", s));
        doc.add(": the {@code $L*} attributes.\n", Names.c(prefix, ""));
        doc.add("Decoded straight from the kernel's buffer; an attribute the spec does not know is kept in\n"
                + "{@link #unknown()}. Made for requests with {@link #builder()}, which checks each value against\n"
                + "the spec first. Immutable.\n\n");
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC);
        for (SetField f : components) {
            ctor.addParameter(f.type(), f.name());
            doc.add("@param $L {@code $L}: $L\n", f.name(), Names.c(prefix, f.attr().name()), describe(f));
        }
        ctor.addParameter(RAW_LIST, "unknown");
        doc.add("@param unknown the attributes the spec does not know, by number\n");
        MethodSpec.Builder compact = MethodSpec.compactConstructorBuilder().addModifiers(Modifier.PUBLIC);
        for (SetField f : components) {
            if (f.isList()) {
                compact.addStatement("$L = $L == null ? $T.of() : $T.copyOf($L)", f.name(), f.name(), List.class,
                        List.class, f.name());
            } else if (f.shape() == SetField.Shape.TYPE_VALUE) {
                compact.addStatement("$L = $L == null ? $T.of() : $T.unmodifiableMap($L)", f.name(), f.name(),
                        java.util.Map.class, java.util.Collections.class, f.name());
            }
        }
        compact.addStatement("unknown = unknown == null ? $T.of() : $T.copyOf(unknown)", List.class, List.class);
        TypeSpec.Builder type = TypeSpec.recordBuilder(self).addModifiers(Modifier.PUBLIC)
                .addJavadoc(doc.build()).recordConstructor(ctor.build()).addMethod(compact.build())
                .addField(com.palantir.javapoet.FieldSpec.builder(String.class, "SET", Modifier.PUBLIC,
                                Modifier.STATIC, Modifier.FINAL).initializer("$S", set.name())
                        .addJavadoc("The set's name in the spec.\n").build());
        type.addMethod(decode(self, fields));
        type.addMethod(encode(components));
        type.addMethod(MethodSpec.methodBuilder("encodeNested").addModifiers(Modifier.PUBLIC)
                .addJavadoc("Writes this set as the payload of nested attribute {@code type}.\n")
                .addParameter(Runtime.WRITER, "w").addParameter(TypeName.INT, "type")
                .addStatement("int start = w.startNested(type)").addStatement("encode(w)")
                .addStatement("w.endNested(start)").build());
        type.addMethod(MethodSpec.methodBuilder("builder").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self.nestedClass("Builder")).addJavadoc("An empty builder.\n")
                .addStatement("return new Builder()").build());
        MethodSpec.Builder toBuilder = MethodSpec.methodBuilder("toBuilder").addModifiers(Modifier.PUBLIC)
                .returns(self.nestedClass("Builder"))
                .addJavadoc("A builder holding this set's values, to change some of them.\n")
                .addStatement("Builder b = new Builder()");
        for (SetField f : components) {
            if (f.isList()) {
                toBuilder.addStatement("b.$L = new $T<>($L)", f.name(), ArrayList.class, f.name());
            } else if (f.shape() == SetField.Shape.TYPE_VALUE) {
                toBuilder.addStatement("b.$L = new $T<>($L)", f.name(), java.util.LinkedHashMap.class, f.name());
            } else {
                toBuilder.addStatement("b.$L = $L", f.name(), f.name());
            }
        }
        toBuilder.addStatement("b.unknown.addAll(unknown)").addStatement("return b");
        type.addMethod(toBuilder.build());
        Records.arrayAwareObjectMethods(type, self, components.stream().map(f -> new Records.Component(f.name(),
                f.type(), f.isArray())).toList());
        type.addType(new SetBuilderWriter(ctx, set, self, components).write());
        return type.build();
    }

    private String describe(SetField f) {
        YnlAttribute a = f.attr();
        StringBuilder sb = new StringBuilder(a.type().name());
        a.subType().ifPresent(t -> sb.append(" of ").append(t.name()));
        a.enumType().ifPresent(e -> sb.append(", ").append(a.enumAsFlags() ? "bits of enum " : "").append(e));
        a.nestedAttributes().ifPresent(n -> sb.append(", set ").append(n));
        a.struct().ifPresent(s -> sb.append(", struct ").append(s));
        a.subMessage().ifPresent(s -> sb.append(", sub-message ").append(s).append(" selected by ")
                .append(a.selector().orElse("?")));
        a.displayHint().ifPresent(h -> sb.append(", shown as ").append(h));
        a.byteOrder().ifPresent(o -> sb.append(", ").append(o.toString().toLowerCase(java.util.Locale.ROOT)
                .replace('_', '-')));
        if (a.multiAttr()) {
            sb.append(", repeated");
        }
        if (!a.checks().isEmpty()) {
            sb.append(", checks ").append(Checked.describe(a.checks()));
        }
        sb.append(switch (f.shape()) {
            case FLAG -> "; {@code true} when present";
            case MULTI, INDEXED, TYPE_VALUE -> "; empty when absent";
            default -> "; {@code null} when absent";
        });
        return sb.toString();
    }

    private MethodSpec decode(ClassName self, List<SetField> fields) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("decode").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self).addParameter(Runtime.READER, "r")
                .addJavadoc("Reads the attributes under {@code r}, which is left at their end.\n");
        for (SetField f : fields) {
            switch (f.shape()) {
                case IGNORED -> {
                }
                case FLAG -> m.addStatement("boolean $L = false", f.name());
                case SUB_MESSAGE -> m.addStatement("int $LIndex = -1", f.name())
                        .addStatement("int $LLength = 0", f.name());
                default -> m.addStatement("$T $L = null", f.type(), f.name());
            }
        }
        m.addStatement("$T unknown = null", RAW_LIST);
        m.beginControlFlow("while (r.next())").beginControlFlow("switch (r.type())");
        java.util.Set<Integer> cases = new java.util.HashSet<>();
        for (SetField f : fields) {
            if (f.attr().type().equals(dev.netlink.ynl.YnlType.UNUSED) || !f.attr().type().isKnown()
                    || !cases.add(f.attr().value())) {
                continue; // kept raw; or a second name of a number, which the first one reads
            }
            m.addCode("case $L -> ", f.attr().value());
            m.addCode(decodeCase(f));
        }
        m.addStatement("default -> unknown = $T.add(unknown, r)", Runtime.RAW_ATTRIBUTE);
        m.endControlFlow().endControlFlow();
        List<String> args = new ArrayList<>();
        for (SetField f : fields) {
            if (f.shape() == SetField.Shape.IGNORED) {
                continue;
            }
            if (f.shape() == SetField.Shape.SUB_MESSAGE) {
                m.addStatement("$T $L = $LIndex < 0 ? null : $T.decode($L, r.buffer(), $LIndex, $LLength)",
                        f.subMessage(), f.name(), f.name(), f.subMessage(), selectorText(f.selector()), f.name(),
                        f.name());
            }
            args.add(f.name());
        }
        args.add("unknown");
        m.addStatement("return new $T($L)", self, CodeBlock.join(args.stream().map(a -> CodeBlock.of("$L", a)).toList(), ",$W"));
        return m.build();
    }

    private static CodeBlock selectorText(SetField selector) {
        return ClassName.get(String.class).equals(selector.type()) ? CodeBlock.of("$L", selector.name())
                : CodeBlock.of("$L == null ? null : $T.valueOf($L)", selector.name(), String.class, selector.name());
    }

    private CodeBlock decodeCase(SetField f) {
        String v = f.name();
        return switch (f.shape()) {
            case IGNORED -> CodeBlock.of("{\n}\n");
            case FLAG -> CodeBlock.of("$L = true;\n", v);
            case SUB_MESSAGE -> CodeBlock.of("{\n$>$LIndex = r.dataIndex();\n$LLength = r.length();\n$<}\n", v, v);
            case SINGLE, MULTI -> f.element().guard("r") != null ? guarded(f) : unguarded(f);
            case INDEXED -> CodeBlock.of("{\n$>$L = new $T<>();\n$T items = r.nested();\nwhile (items.next()) {\n$>"
                    + "$L.add($L);\n$<}\n$<}\n", v, ArrayList.class, Runtime.READER, v, f.element().read("items"));
            case TYPE_VALUE -> typeValue(f);
        };
    }

    /** A value read only when its payload has the length its type needs; any other length is kept raw. */
    private CodeBlock guarded(SetField f) {
        return CodeBlock.builder().add("{\n$>").beginControlFlow("if ($L)", f.element().guard("r"))
                .add(unguarded(f)).nextControlFlow("else")
                .addStatement("unknown = $T.add(unknown, r)", Runtime.RAW_ATTRIBUTE).endControlFlow().add("$<}\n")
                .build();
    }

    private CodeBlock unguarded(SetField f) {
        String v = f.name();
        return switch (f.shape()) {
            case SINGLE -> f.element().nullable
                    ? CodeBlock.of("{\n$>$T value = $L;\nif (value != null) {\n$>$L = value;\n$<} else {\n$>"
                    + "unknown = $T.add(unknown, r);\n$<}\n$<}\n", f.element().type, f.element().read("r"), v,
                    Runtime.RAW_ATTRIBUTE)
                    : CodeBlock.of("$L = $L;\n", v, f.element().read("r"));
            case MULTI -> CodeBlock.of("{\n$>if ($L == null) {\n$>$L = new $T<>();\n$<}\n$L.add($L);\n$<}\n", v, v,
                    ArrayList.class, v, f.element().read("r"));
            default -> throw new IllegalStateException(f.shape() + " is not read as one value");
        };
    }

    /** Reads the levels of a nest-type-value into nested maps, keyed by each level's attribute type. */
    private CodeBlock typeValue(SetField f) {
        CodeBlock.Builder b = CodeBlock.builder().add("{\n").indent();
        b.addStatement("if ($L == null) $L = new $T<>()", f.name(), f.name(), java.util.LinkedHashMap.class);
        String map = f.name();
        String reader = "r";
        int depth = f.depth();
        for (int i = 1; i <= depth; i++) {
            String level = "level" + i;
            b.addStatement("$T $L = $L.nested()", Runtime.READER, level, reader);
            b.beginControlFlow("while ($L.next())", level);
            if (i < depth) {
                String inner = "map" + i;
                b.addStatement("var $L = $L.computeIfAbsent($L.type(), k -> new $T<>())", inner, map, level,
                        java.util.LinkedHashMap.class);
                map = inner;
            } else {
                b.addStatement("$L.put($L.type(), $L)", map, level, f.element().read(level));
            }
            reader = level;
        }
        for (int i = 1; i <= depth; i++) {
            b.endControlFlow();
        }
        return b.unindent().add("}\n").build();
    }

    private MethodSpec encode(List<SetField> fields) {
        MethodSpec.Builder m = MethodSpec.methodBuilder("encode").addModifiers(Modifier.PUBLIC)
                .addParameter(Runtime.WRITER, "w")
                .addJavadoc("Writes the attributes that are present, in spec order, then the unknown ones.\n");
        for (SetField f : fields) {
            CodeBlock number = CodeBlock.of("$L", f.attr().value());
            String v = f.name();
            switch (f.shape()) {
                case FLAG -> m.beginControlFlow("if ($L)", v).addStatement("w.putFlag($L)", number).endControlFlow();
                case SINGLE -> m.beginControlFlow("if ($L != null)", v).addCode(f.element().write("w", number, v))
                        .endControlFlow();
                case SUB_MESSAGE -> m.beginControlFlow("if ($L != null)", v)
                        .addStatement("int start = w.startNested($L)", number).addStatement("$L.encode(w)", v)
                        .addStatement("w.endNested(start)").endControlFlow();
                case MULTI -> m.beginControlFlow("for ($T value : $L)", f.element().type, v)
                        .addCode(f.element().write("w", number, "value")).endControlFlow();
                case INDEXED -> m.beginControlFlow("if (!$L.isEmpty())", v)
                        .addStatement("int start = w.startNested($L)", number).addStatement("int index = 1") // as the kernel numbers them
                        .beginControlFlow("for ($T value : $L)", f.element().type, v)
                        .addCode(f.element().write("w", CodeBlock.of("index++"), "value")).endControlFlow()
                        .addStatement("w.endNested(start)").endControlFlow();
                case TYPE_VALUE -> m.addCode(encodeTypeValue(f, number));
                default -> {
                }
            }
        }
        m.beginControlFlow("for ($T a : unknown)", Runtime.RAW_ATTRIBUTE).addStatement("a.writeTo(w)")
                .endControlFlow();
        return m.build();
    }

    private CodeBlock encodeTypeValue(SetField f, CodeBlock number) {
        CodeBlock.Builder b = CodeBlock.builder().beginControlFlow("if (!$L.isEmpty())", f.name());
        b.addStatement("int start0 = w.startNested($L)", number);
        String map = f.name();
        int depth = f.depth();
        for (int i = 1; i <= depth; i++) {
            String e = "e" + i;
            b.beginControlFlow("for (var $L : $L.entrySet())", e, map);
            if (i < depth) {
                b.addStatement("int start$L = w.startNested($L.getKey())", i, e);
                map = e + ".getValue()";
            } else {
                b.addStatement("$L.getValue().encodeNested(w, $L.getKey())", e, e);
            }
        }
        for (int i = depth; i >= 1; i--) {
            if (i < depth) {
                b.addStatement("w.endNested(start$L)", i);
            }
            b.endControlFlow();
        }
        return b.addStatement("w.endNested(start0)").endControlFlow().build();
    }

    /** The type of a builder's consumer of {@code builder}: {@code Consumer<? super X.Builder>}. */
    static TypeName consumerOf(ClassName builder) {
        return ParameterizedTypeName.get(ClassName.get(Consumer.class), WildcardTypeName.supertypeOf(builder));
    }
}
