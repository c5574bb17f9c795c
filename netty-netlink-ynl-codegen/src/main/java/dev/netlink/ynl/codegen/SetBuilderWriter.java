package dev.netlink.ynl.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.netlink.ynl.YnlAttributeSet;

import javax.lang.model.element.Modifier;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes the {@code Builder} of a set's record: a setter per attribute (with the convenient forms: an enum
 * constant, flags as constants, a nest built in place, an address or MAC as text), {@code raw} for attributes the
 * spec does not know, and {@code build()}, which applies the spec's checks.
 */
final class SetBuilderWriter {
    private final FamilyContext ctx;
    private final YnlAttributeSet set;
    private final ClassName record;
    private final ClassName self;
    private final List<SetField> fields;

    SetBuilderWriter(FamilyContext ctx, YnlAttributeSet set, ClassName record, List<SetField> fields) {
        this.ctx = ctx;
        this.set = set;
        this.record = record;
        this.self = record.nestedClass("Builder");
        this.fields = fields;
    }

    TypeSpec write() {
        TypeSpec.Builder b = TypeSpec.classBuilder(self).addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Builds a {@link $T} for a request; not thread-safe.\n", record);
        b.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        for (SetField f : fields) {
            TypeName t = f.isList() ? ParameterizedTypeName.get(ClassName.get(ArrayList.class),
                    ((ParameterizedTypeName) f.type()).typeArguments().get(0)) : f.type();
            FieldSpec.Builder field = FieldSpec.builder(t, f.name(), Modifier.PRIVATE);
            if (f.isList()) {
                field.initializer("new $T<>()", ArrayList.class);
            } else if (f.shape() == SetField.Shape.TYPE_VALUE) {
                field.initializer("new $T<>()", java.util.LinkedHashMap.class);
            }
            b.addField(field.build());
            setters(b, f);
        }
        b.addField(FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(List.class), Runtime.RAW_ATTRIBUTE),
                "unknown", Modifier.PRIVATE, Modifier.FINAL).initializer("new $T<>()", ArrayList.class).build());
        b.addMethod(MethodSpec.methodBuilder("raw").addModifiers(Modifier.PUBLIC).returns(self)
                .addJavadoc("Adds an attribute the spec does not know, sent after the others as it is.\n")
                .addParameter(Runtime.RAW_ATTRIBUTE, "attribute")
                .addStatement("unknown.add($T.requireNonNull(attribute, $S))", java.util.Objects.class, "attribute")
                .addStatement("return this").build());
        b.addMethod(build());
        return b.build();
    }

    private void setters(TypeSpec.Builder b, SetField f) {
        String n = f.name();
        String doc = "Sets {@code " + f.attr().name() + "}.\n";
        switch (f.shape()) {
            case FLAG -> b.addMethod(setter(n, doc).addParameter(TypeName.BOOLEAN, n).addStatement("this.$L = $L", n, n)
                    .addStatement("return this").build());
            case MULTI, INDEXED -> {
                TypeName e = ((ParameterizedTypeName) f.type()).typeArguments().get(0);
                b.addMethod(setter(n, "Sets every {@code " + f.attr().name() + "}, in order.\n")
                        .addParameter(ParameterizedTypeName.get(ClassName.get(List.class),
                                com.palantir.javapoet.WildcardTypeName.subtypeOf(e)), n)
                        .addStatement("this.$L = new $T<>($L)", n, ArrayList.class, n).addStatement("return this").build());
                b.addMethod(setter("add" + Character.toUpperCase(n.charAt(0)) + n.substring(1),
                        "Adds one {@code " + f.attr().name() + "}.\n").addParameter(e, "value")
                        .addStatement("this.$L.add($T.requireNonNull(value, $S))", n, java.util.Objects.class, n)
                        .addStatement("return this").build());
                if (e instanceof ClassName c && ctx.sets().containsValue(c)) {
                    b.addMethod(setter("add" + Character.toUpperCase(n.charAt(0)) + n.substring(1),
                            "Adds one {@code " + f.attr().name() + "}, built by {@code build}.\n")
                            .addParameter(SetWriter.consumerOf(c.nestedClass("Builder")), "build")
                            .addStatement("$T.Builder x = $T.builder()", c, c).addStatement("build.accept(x)")
                            .addStatement("this.$L.add(x.build())", n).addStatement("return this").build());
                }
            }
            case TYPE_VALUE -> b.addMethod(setter(n, doc).addParameter(f.type(), n)
                    .addStatement("this.$L = new $T<>($L)", n, java.util.LinkedHashMap.class, n)
                    .addStatement("return this").build());
            case SUB_MESSAGE -> {
                MethodSpec.Builder m = setter(n, "Sets {@code " + f.attr().name() + "}"
                        + ", and {@code " + f.selector().attr().name() + "} to its format's selector value when it is"
                        + " not set.\n").addParameter(f.type(), n).addStatement("this.$L = $L", n, n);
                if (ClassName.get(String.class).equals(f.selector().type())) {
                    m.beginControlFlow("if ($L != null && this.$L == null)", n, f.selector().name())
                            .addStatement("this.$L = $L.selector()", f.selector().name(), n).endControlFlow();
                }
                b.addMethod(m.addStatement("return this").build());
            }
            case SINGLE -> {
                b.addMethod(setter(n, doc).addParameter(f.type(), n).addStatement("this.$L = $L", n, n)
                        .addStatement("return this").build());
                convenience(b, f);
            }
            default -> {
            }
        }
    }

    /** The setters that take a value in the form people have it. */
    private void convenience(TypeSpec.Builder b, SetField f) {
        String n = f.name();
        TypeName t = f.type();
        if (t instanceof ParameterizedTypeName p && p.rawType().equals(Runtime.ENUM_VALUE)) {
            TypeName e = p.typeArguments().get(0);
            b.addMethod(setter(n, "Sets {@code " + f.attr().name() + "} to a named value.\n").addParameter(e, n)
                    .addStatement("this.$L = $L == null ? null : $L.toValue()", n, n, n).addStatement("return this")
                    .build());
        } else if (t instanceof ParameterizedTypeName p && p.rawType().equals(Runtime.FLAG_SET)) {
            TypeName e = p.typeArguments().get(0);
            b.addMethod(setter(n, "Sets {@code " + f.attr().name() + "} to exactly these bits.\n")
                    .addParameter(ArrayTypeName.of(e), n).varargs()
                    .addStatement("this.$L = $T.$L($T.of($L))", n, e, flagsMaker(f), Set.class, n)
                    .addStatement("return this").build());
        } else if (t instanceof ClassName c && ctx.sets().containsValue(c)) {
            b.addMethod(setter(n, "Sets {@code " + f.attr().name() + "} to the set {@code build} makes.\n")
                    .addParameter(SetWriter.consumerOf(c.nestedClass("Builder")), "build")
                    .addStatement("$T.Builder x = $T.builder()", c, c).addStatement("build.accept(x)")
                    .addStatement("this.$L = x.build()", n).addStatement("return this").build());
        } else if (t.equals(ClassName.get(InetAddress.class))) {
            b.addMethod(setter(n, "Sets {@code " + f.attr().name() + "} to an address literal ({@code 10.1.0.1},"
                    + " {@code fe80::1}); a host name is refused, never looked up.\n").addParameter(String.class, n)
                    .addStatement("this.$L = $T.ofLiteral($L)", n, InetAddress.class, n).addStatement("return this")
                    .build());
        } else if (t.equals(Runtime.MAC)) {
            b.addMethod(setter(n, "Sets {@code " + f.attr().name() + "} to an address as {@code ip link} writes"
                    + " it ({@code 02:00:00:00:00:01}).\n").addParameter(String.class, n)
                    .addStatement("this.$L = $T.parse($L)", n, Runtime.MAC, n).addStatement("return this").build());
        }
    }

    private String flagsMaker(SetField f) {
        return f.attr().enumType().flatMap(ctx.spec::enumeration).map(d -> d.flags() ? "flags" : "enumFlags")
                .orElse("flags");
    }

    private MethodSpec.Builder setter(String name, String doc) {
        return MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(self).addJavadoc(doc);
    }

    private MethodSpec build() {
        MethodSpec.Builder m = MethodSpec.methodBuilder("build").addModifiers(Modifier.PUBLIC).returns(record)
                .addJavadoc("The set; refuses, naming the attribute and the allowed range, a value the spec's\n"
                        + "checks or its type do not allow.\n\n@throws IllegalArgumentException for such a value\n");
        List<String> args = new ArrayList<>();
        for (SetField f : fields) {
            args.add(f.name());
            String where = ctx.what(set.name() + ": " + f.attr().name());
            if (f.shape() == SetField.Shape.SINGLE) {
                CodeBlock check = Checked.code(ctx.spec, f.attr().type(), f.checks(), f.element(), f.name(), where);
                if (!check.isEmpty()) {
                    m.beginControlFlow("if ($L != null)", f.name()).addCode(check).endControlFlow();
                }
            } else if (f.shape() == SetField.Shape.SUB_MESSAGE
                    && ClassName.get(String.class).equals(f.selector().type())) {
                m.beginControlFlow("if ($L != null && !$L.selector().equals($L))", f.name(), f.name(),
                        f.selector().name())
                        .addStatement("throw new $T($S + $L + $S + $L.selector())", IllegalArgumentException.class,
                                where + ": " + f.selector().attr().name() + " is \"", f.selector().name(),
                                "\", but the format given is ", f.name())
                        .endControlFlow();
            }
        }
        args.add("unknown");
        return m.addStatement("return new $T($L)", record, CodeBlock.join(args.stream().map(a -> CodeBlock.of("$L", a)).toList(), ",$W")).build();
    }
}
