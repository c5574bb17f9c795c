package dev.netlink.ynl.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

import javax.lang.model.element.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the record of a struct definition (a fixed header such as {@code ifinfomsg}, or a binary attribute's
 * struct): a component per member, padding left out, read from and written to a buffer at the offsets the
 * layout gives, and a builder whose unset members are zero.
 */
final class StructWriter {
    private final FamilyContext ctx;

    StructWriter(FamilyContext ctx) {
        this.ctx = ctx;
    }

    TypeSpec write(StructLayout layout) {
        ClassName self = ctx.struct(layout.struct().name()).orElseThrow();
        List<StructLayout.Member> members = layout.members().stream().filter(m -> m.name() != null).toList();
        CodeBlock.Builder doc = CodeBlock.builder().add("Struct {@code $L} of the {@code $L} family$L: $L bytes, "
                        + "members packed in order.\nImmutable.\n\n", layout.struct().name(), ctx.spec.name(),
                layout.struct().header().map(h -> " ({@code " + h + "})").orElse(""), layout.size());
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC);
        for (StructLayout.Member m : members) {
            ctor.addParameter(m.type(), m.name());
            doc.add("@param $L {@code $L}: $L at offset $L$L\n", m.name(), m.spec().name(), m.spec().type().name(),
                    m.offset(), m.spec().enumType().map(e -> ", " + (m.kind() == StructLayout.Kind.ENUM ? "enum "
                            : "bits of ") + e).orElse(""));
        }
        TypeSpec.Builder t = TypeSpec.recordBuilder(self).addModifiers(Modifier.PUBLIC).addJavadoc(doc.build())
                .recordConstructor(ctor.build())
                .addField(FieldSpec.builder(TypeName.INT, "SIZE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                        .initializer("$L", layout.size()).addJavadoc("The struct's size in bytes.\n").build());
        MethodSpec.Builder decode = MethodSpec.methodBuilder("decode").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self).addParameter(Runtime.BYTE_BUF, "buf").addParameter(TypeName.INT, "index")
                .addJavadoc("Reads the struct at {@code index} of {@code buf}, which must hold {@link #SIZE} bytes"
                        + " there.\n");
        List<CodeBlock> args = new ArrayList<>();
        for (StructLayout.Member m : members) {
            args.add(StructLayout.read(m, "buf", "index"));
        }
        decode.addCode(CodeBlock.builder().add("return new $T(\n$>$>", self).add(CodeBlock.join(args, ",\n"))
                .add(");\n$<$<").build());
        t.addMethod(decode.build());
        MethodSpec.Builder encode = MethodSpec.methodBuilder("encode").addModifiers(Modifier.PUBLIC)
                .addParameter(Runtime.BYTE_BUF, "out").addJavadoc("Writes the struct at {@code out}'s writer index.\n");
        for (StructLayout.Member m : layout.members()) {
            encode.addCode(StructLayout.write(m, "out", m.name()));
        }
        t.addMethod(encode.build());
        t.addMethod(MethodSpec.methodBuilder("encodeAttribute").addModifiers(Modifier.PUBLIC)
                .addParameter(Runtime.WRITER, "w").addParameter(TypeName.INT, "type")
                .addJavadoc("Writes the struct as the payload of binary attribute {@code type}.\n")
                .addStatement("int start = w.startNested(type, false)").addStatement("encode(w.buffer())")
                .addStatement("w.endNested(start)")
                .addStatement("int length = w.buffer().writerIndex() - start")
                .addStatement("w.buffer().writeZero($T.align(length) - length)", Runtime.NETLINK_ATTRIBUTE)
                .build());
        t.addMethod(MethodSpec.methodBuilder("builder").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self.nestedClass("Builder")).addJavadoc("A builder whose members are all zero.\n")
                .addStatement("return new Builder()").build());
        MethodSpec.Builder toBuilder = MethodSpec.methodBuilder("toBuilder").addModifiers(Modifier.PUBLIC)
                .returns(self.nestedClass("Builder")).addJavadoc("A builder holding this struct's members.\n")
                .addStatement("Builder b = new Builder()");
        members.forEach(m -> toBuilder.addStatement("b.$L = $L", m.name(), m.name()));
        t.addMethod(toBuilder.addStatement("return b").build());
        t.addType(builder(self, members));
        Records.arrayAwareObjectMethods(t, self, members.stream().map(m -> new Records.Component(m.name(), m.type(),
                m.kind() == StructLayout.Kind.BYTES)).toList());
        return t.build();
    }

    private TypeSpec builder(ClassName record, List<StructLayout.Member> members) {
        ClassName self = record.nestedClass("Builder");
        TypeSpec.Builder b = TypeSpec.classBuilder(self).addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Builds a {@link $T}; not thread-safe.\n", record);
        b.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        List<String> args = new ArrayList<>();
        for (StructLayout.Member m : members) {
            FieldSpec.Builder f = FieldSpec.builder(m.type(), m.name(), Modifier.PRIVATE);
            switch (m.kind()) {
                case ENUM -> f.initializer("$T.of(0)", m.ref());
                case FLAGS -> f.initializer("$T.flags(0)", m.ref());
                case ENUM_FLAGS -> f.initializer("$T.enumFlags(0)", m.ref());
                case BYTES -> f.initializer("new byte[$L]", m.length());
                case STRING -> f.initializer("$S", "");
                case STRUCT -> f.initializer("$T.builder().build()", m.ref());
                default -> {
                }
            }
            b.addField(f.build());
            b.addMethod(MethodSpec.methodBuilder(m.name()).addModifiers(Modifier.PUBLIC).returns(self)
                    .addJavadoc("Sets {@code $L}.\n", m.spec().name()).addParameter(m.type(), m.name())
                    .addStatement("this.$L = $T.requireNonNull($L, $S)", m.name(), java.util.Objects.class, m.name(),
                            m.spec().name())
                    .addStatement("return this").build());
            if (m.kind() == StructLayout.Kind.ENUM) {
                b.addMethod(MethodSpec.methodBuilder(m.name()).addModifiers(Modifier.PUBLIC).returns(self)
                        .addJavadoc("Sets {@code $L} to a named value.\n", m.spec().name())
                        .addParameter(m.ref(), m.name()).addStatement("this.$L = $L.toValue()", m.name(), m.name())
                        .addStatement("return this").build());
            } else if (m.kind() == StructLayout.Kind.FLAGS || m.kind() == StructLayout.Kind.ENUM_FLAGS) {
                b.addMethod(MethodSpec.methodBuilder(m.name()).addModifiers(Modifier.PUBLIC).returns(self)
                        .addJavadoc("Sets {@code $L} to exactly these bits.\n", m.spec().name())
                        .addParameter(com.palantir.javapoet.ArrayTypeName.of(m.ref()), m.name()).varargs()
                        .addStatement("this.$L = $T.$L($T.of($L))", m.name(), m.ref(),
                                m.kind() == StructLayout.Kind.FLAGS ? "flags" : "enumFlags", java.util.Set.class,
                                m.name())
                        .addStatement("return this").build());
            }
            args.add(m.name());
        }
        MethodSpec.Builder build = MethodSpec.methodBuilder("build").addModifiers(Modifier.PUBLIC).returns(record)
                .addJavadoc("The struct; refuses a member its C type cannot hold.\n\n"
                        + "@throws IllegalArgumentException for such a member\n");
        for (StructLayout.Member m : members) {
            if (m.kind() == StructLayout.Kind.INT && m.spec().type().width() < 4) {
                build.addCode(Checked.code(ctx.spec, m.spec().type(), dev.netlink.ynl.YnlChecks.NONE,
                        Element.integerOf(m.spec().type()), m.name(),
                        ctx.what(m.spec().name())));
            }
        }
        b.addMethod(build.addStatement("return new $T($L)", record, CodeBlock.join(args.stream().map(a -> CodeBlock.of("$L", a)).toList(), ",$W")).build());
        return b.build();
    }
}
