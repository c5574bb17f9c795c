package dev.netlink.ynl.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.netlink.ynl.YnlStruct;

import javax.lang.model.element.Modifier;

/**
 * Writes the record of a message with a fixed header: the header struct and the attribute set after it
 * ({@code LinkMessage(Ifinfomsg header, LinkAttrs attributes)}), read and written straight from and to the
 * message's buffer, with a builder of both.
 */
final class MessageWriter {
    private final FamilyContext ctx;

    MessageWriter(FamilyContext ctx) {
        this.ctx = ctx;
    }

    TypeSpec write(ClassName self, YnlStruct header, String set) {
        ClassName h = ctx.struct(header.name()).orElseThrow();
        ClassName s = ctx.set(set);
        ClassName builder = self.nestedClass("Builder");
        TypeSpec.Builder t = TypeSpec.recordBuilder(self).addModifiers(Modifier.PUBLIC)
                .addJavadoc("A message of the {@code $L} family with fixed header {@code $L} and attribute set "
                        + "{@code $L}.\nImmutable.\n\n@param header the fixed header\n@param attributes the "
                        + "attributes\n", ctx.spec.name(), header.name(), set)
                .recordConstructor(MethodSpec.constructorBuilder().addParameter(h, "header")
                        .addParameter(s, "attributes").build())
                .addMethod(MethodSpec.compactConstructorBuilder().addModifiers(Modifier.PUBLIC)
                        .addStatement("$T.requireNonNull(header, $S)", java.util.Objects.class, "header")
                        .addStatement("$T.requireNonNull(attributes, $S)", java.util.Objects.class, "attributes")
                        .build());
        t.addMethod(MethodSpec.methodBuilder("decode").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(self)
                .addParameter(Runtime.BYTE_BUF, "buf").addParameter(TypeName.INT, "headerIndex")
                .addParameter(Runtime.READER, "attributes")
                .addJavadoc("Reads the message whose header is at {@code headerIndex} of {@code buf}, its attributes"
                        + " under {@code attributes}.\n")
                .addStatement("return new $T($T.decode(buf, headerIndex), $T.decode(attributes))", self, h, s)
                .build());
        t.addMethod(MethodSpec.methodBuilder("encode").addModifiers(Modifier.PUBLIC)
                .addParameter(Runtime.BYTE_BUF, "out")
                .addJavadoc("Writes the header, padded to {@code NLMSG_ALIGNTO}, then the attributes.\n")
                .addStatement("header.encode(out)")
                .addStatement("out.writeZero($T.align($T.SIZE) - $T.SIZE)", Runtime.NETLINK_MESSAGE, h, h)
                .addStatement("attributes.encode(new $T(out))", Runtime.WRITER).build());
        t.addMethod(MethodSpec.methodBuilder("builder").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(builder).addJavadoc("A builder with a zero header and no attributes.\n")
                .addStatement("return new Builder($T.builder(), $T.builder())", h, s).build());
        TypeSpec.Builder b = TypeSpec.classBuilder(builder).addModifiers(Modifier.PUBLIC, Modifier.STATIC,
                        Modifier.FINAL).addJavadoc("Builds a {@link $T}; not thread-safe.\n", self)
                .addField(h.nestedClass("Builder"), "header", Modifier.PRIVATE, Modifier.FINAL)
                .addField(s.nestedClass("Builder"), "attributes", Modifier.PRIVATE, Modifier.FINAL)
                .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
                        .addParameter(h.nestedClass("Builder"), "header")
                        .addParameter(s.nestedClass("Builder"), "attributes")
                        .addStatement("this.header = header").addStatement("this.attributes = attributes").build());
        b.addMethod(MethodSpec.methodBuilder("header").addModifiers(Modifier.PUBLIC).returns(builder)
                .addJavadoc("Sets the header's members, as {@code build} does them.\n")
                .addParameter(SetWriter.consumerOf(h.nestedClass("Builder")), "build")
                .addStatement("build.accept(header)").addStatement("return this").build());
        b.addMethod(MethodSpec.methodBuilder("attributes").addModifiers(Modifier.PUBLIC).returns(builder)
                .addJavadoc("Sets attributes, as {@code build} does them.\n")
                .addParameter(SetWriter.consumerOf(s.nestedClass("Builder")), "build")
                .addStatement("build.accept(attributes)").addStatement("return this").build());
        b.addMethod(MethodSpec.methodBuilder("build").addModifiers(Modifier.PUBLIC).returns(self)
                .addJavadoc("The message; refuses what the header's or the set's builder refuses.\n")
                .addStatement("return new $T(header.build(), attributes.build())", self).build());
        t.addType(b.build());
        t.addMethod(MethodSpec.methodBuilder("toBuilder").addModifiers(Modifier.PUBLIC).returns(builder)
                .addJavadoc("A builder holding this message, to change parts of it.\n")
                .addStatement("return new Builder(header.toBuilder(), attributes.toBuilder())").build());
        return t.build();
    }
}
