package dev.netlink.ynl.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.netlink.ynl.YnlStruct;
import dev.netlink.ynl.YnlSubMessage;
import dev.netlink.ynl.YnlSubMessageFormat;

import javax.lang.model.element.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a sub-message definition as a sealed interface: one record per format, holding the format's fixed header
 * and attribute set ({@code LinkinfoDataMsg.Bridge(LinkinfoBridgeAttrs attributes)}), and {@code Unknown} for a
 * selector value the spec has no format for, kept as bytes.
 */
final class SubMessageWriter {
    private final FamilyContext ctx;

    SubMessageWriter(FamilyContext ctx) {
        this.ctx = ctx;
    }

    TypeSpec write(YnlSubMessage sub) {
        ClassName self = ctx.subMessage(sub.name()).orElseThrow();
        TypeSpec.Builder t = TypeSpec.interfaceBuilder(self).addModifiers(Modifier.PUBLIC, Modifier.SEALED)
                .addJavadoc("Sub-message {@code $L} of the {@code $L} family: the payload of an attribute whose "
                        + "format a sibling attribute's value selects ({@code $L}), one record per format.\n",
                        sub.name(), ctx.spec.name(), String.join("}, {@code ", sub.formats().stream()
                                .map(YnlSubMessageFormat::value).toList()));
        t.addMethod(MethodSpec.methodBuilder("selector").addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                .returns(String.class).addJavadoc("The selector's value that picks this format.\n").build());
        t.addMethod(MethodSpec.methodBuilder("encode").addModifiers(Modifier.PUBLIC, Modifier.ABSTRACT)
                .addParameter(Runtime.WRITER, "w").addJavadoc("Writes the payload: fixed header, then attributes.\n")
                .build());
        MethodSpec.Builder decode = MethodSpec.methodBuilder("decode").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(self).addParameter(String.class, "selector").addParameter(Runtime.BYTE_BUF, "buf")
                .addParameter(TypeName.INT, "index").addParameter(TypeName.INT, "length")
                .addJavadoc("Reads the {@code length} bytes at {@code index} by the format {@code selector} picks.\n");
        decode.addCode("return switch (selector == null ? $S : selector) {\n$>", "");
        Set<String> names = new HashSet<>(Set.of("Unknown"));
        for (YnlSubMessageFormat f : sub.formats()) {
            String n = Names.type(f.value());
            while (!names.add(n)) {
                n = n + '_';
            }
            ClassName variant = self.nestedClass(n);
            Optional<YnlStruct> header = f.fixedHeader().flatMap(ctx.spec::struct)
                    .filter(s -> ctx.struct(s.name()).isPresent() && StructLayout.of(ctx, s).isPresent());
            Optional<ClassName> set = f.attributeSet().map(ctx::set);
            if (f.fixedHeader().isPresent() && header.isEmpty()) {
                continue; // a header the generator cannot lay out: the payload stays Unknown
            }
            t.addPermittedSubclass(variant);
            t.addType(variant(self, variant, f, header.flatMap(h -> ctx.struct(h.name())), set));
            CodeBlock.Builder args = CodeBlock.builder();
            if (header.isPresent()) {
                ClassName h = ctx.struct(header.get().name()).get();
                args.add("$T.decode(buf, index)", h);
            }
            if (set.isPresent()) {
                if (header.isPresent()) {
                    ClassName h = ctx.struct(header.get().name()).get();
                    args.add(", $T.decode(new $T(buf, index + $T.align($T.SIZE), length - $T.align($T.SIZE)))",
                            set.get(), Runtime.READER, Runtime.NETLINK_MESSAGE, h, Runtime.NETLINK_MESSAGE, h);
                } else {
                    args.add("$T.decode(new $T(buf, index, length))", set.get(), Runtime.READER);
                }
            }
            decode.addCode("case $S -> new $T($L);\n", f.value(), variant, args.build());
        }
        decode.addCode("default -> new Unknown(selector, $T.bytes(buf, index, length));\n$<};\n", Runtime.STRUCTS);
        t.addMethod(decode.build());
        ClassName unknown = self.nestedClass("Unknown");
        t.addPermittedSubclass(unknown);
        TypeSpec.Builder u = TypeSpec.recordBuilder(unknown).addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addSuperinterface(self)
                .addJavadoc("A format the spec does not describe, kept as it came.\n\n"
                        + "@param selector the selector's value\n@param data the payload\n")
                .recordConstructor(MethodSpec.constructorBuilder().addParameter(String.class, "selector")
                        .addParameter(ArrayTypes.BYTES, "data").build())
                .addMethod(MethodSpec.methodBuilder("encode").addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC).addParameter(Runtime.WRITER, "w")
                        .addStatement("w.buffer().writeBytes(data)").build());
        Records.arrayAwareObjectMethods(u, unknown, List.of(new Records.Component("selector",
                ClassName.get(String.class), false), new Records.Component("data", ArrayTypes.BYTES, true)));
        t.addType(u.build());
        return t.build();
    }

    private TypeSpec variant(ClassName sealed, ClassName variant, YnlSubMessageFormat f, Optional<ClassName> header,
                             Optional<ClassName> set) {
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder();
        CodeBlock.Builder doc = CodeBlock.builder().add("Format {@code $L}.\n\n", f.value());
        MethodSpec.Builder encode = MethodSpec.methodBuilder("encode").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).addParameter(Runtime.WRITER, "w");
        header.ifPresent(h -> {
            ctor.addParameter(h, "header");
            doc.add("@param header the fixed header {@code $L}\n", f.fixedHeader().get());
            encode.addStatement("header.encode(w.buffer())")
                    .addStatement("w.buffer().writeZero($T.align($T.SIZE) - $T.SIZE)", Runtime.NETLINK_MESSAGE, h, h);
        });
        set.ifPresent(s -> {
            ctor.addParameter(s, "attributes");
            doc.add("@param attributes the attributes, of set {@code $L}\n", f.attributeSet().get());
            encode.addStatement("attributes.encode(w)");
        });
        MethodSpec.Builder compact = MethodSpec.compactConstructorBuilder().addModifiers(Modifier.PUBLIC);
        header.ifPresent(h -> compact.addStatement("$T.requireNonNull(header, $S)", java.util.Objects.class, "header"));
        set.ifPresent(s -> compact.addStatement("$T.requireNonNull(attributes, $S)", java.util.Objects.class,
                "attributes"));
        return TypeSpec.recordBuilder(variant).addModifiers(Modifier.PUBLIC, Modifier.STATIC).addSuperinterface(sealed)
                .addJavadoc(doc.build()).recordConstructor(ctor.build()).addMethod(compact.build())
                .addMethod(MethodSpec.methodBuilder("selector").addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC).returns(String.class).addStatement("return $S", f.value())
                        .build())
                .addMethod(encode.build()).build();
    }
}
