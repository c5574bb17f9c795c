package dev.netlink.ynl.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import dev.netlink.ynl.YnlEnum;
import dev.netlink.ynl.YnlEnumEntry;

import javax.lang.model.element.Modifier;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes a Java enum of an {@code enum} or {@code flags} definition: a constant per entry with its spec name and
 * number (a flag's bit), lookups that keep numbers the spec does not name ({@code of}), and, for use as bits,
 * {@code flags} (or {@code enumFlags}, for an enum used {@code enum-as-flags}).
 */
final class EnumWriter {
    private final FamilyContext ctx;

    EnumWriter(FamilyContext ctx) {
        this.ctx = ctx;
    }

    TypeSpec write(YnlEnum e) {
        ClassName self = ctx.enumType(e.name()).orElseThrow();
        String prefix = e.namePrefix().orElse(ctx.spec.name() + '-' + e.name() + '-');
        TypeSpec.Builder t = TypeSpec.enumBuilder(self).addModifiers(Modifier.PUBLIC)
                .addSuperinterface(Runtime.KERNEL_CONSTANT)
                .addJavadoc("The {@code $L} definition {@code $L} of the {@code $L} family$L.\n"
                                + "A number the spec does not name is kept by {@link #of}; see {@link $T}.\n",
                        e.flags() ? "flags" : "enum", e.name(), ctx.spec.name(),
                        e.header().map(h -> " ({@code " + h + "})").orElse(""),
                        e.flags() ? Runtime.FLAG_SET : Runtime.ENUM_VALUE);
        Set<String> names = new HashSet<>();
        for (YnlEnumEntry entry : e.entries()) {
            String n = Names.constant(entry.name());
            while (!names.add(n)) {
                n = n + '_';
            }
            long value = entry.userValue(false);
            t.addEnumConstant(n, TypeSpec.anonymousClassBuilder("$S, $LL", entry.name(), value)
                    .addJavadoc("{@code $L} ($L).\n", Names.c(prefix, entry.name()),
                            e.flags() ? "bit 0x" + Long.toHexString(value) : Long.toString(value)).build());
        }
        t.addField(FieldSpec.builder(ParameterizedTypeName.get(Runtime.ENUM_LOOKUP, self), "LOOKUP",
                Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.of($T.class)", Runtime.ENUM_LOOKUP, self).build());
        t.addField(String.class, "specName", Modifier.PRIVATE, Modifier.FINAL);
        t.addField(TypeName.LONG, "value", Modifier.PRIVATE, Modifier.FINAL);
        t.addMethod(MethodSpec.constructorBuilder().addParameter(String.class, "specName")
                .addParameter(TypeName.LONG, "value").addStatement("this.specName = specName")
                .addStatement("this.value = value").build());
        t.addMethod(MethodSpec.methodBuilder("value").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(TypeName.LONG).addStatement("return value").build());
        t.addMethod(MethodSpec.methodBuilder("specName").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(String.class).addStatement("return specName").build());
        TypeName valueType = ParameterizedTypeName.get(Runtime.ENUM_VALUE, self);
        t.addMethod(MethodSpec.methodBuilder("of").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(valueType)
                .addParameter(TypeName.LONG, "value")
                .addJavadoc("The value of number {@code value}: a constant's, or one kept by number.\n")
                .addStatement("return LOOKUP.value(value)").build());
        t.addMethod(MethodSpec.methodBuilder("toValue").addModifiers(Modifier.PUBLIC).returns(valueType)
                .addJavadoc("This constant as a value, as records hold it.\n")
                .addStatement("return LOOKUP.value(this)").build());
        TypeName set = ParameterizedTypeName.get(Runtime.FLAG_SET, self);
        TypeName constants = ParameterizedTypeName.get(ClassName.get(Set.class), WildcardTypeName.subtypeOf(self));
        String maker = e.flags() ? "flags" : "enumFlags";
        String factory = e.flags() ? "of" : "ofEnumBits";
        t.addMethod(MethodSpec.methodBuilder(maker).addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(set)
                .addParameter(TypeName.LONG, "bits")
                .addJavadoc(e.flags() ? "The set of {@code bits}; bits no constant names are kept.\n"
                        : "The set of {@code bits}, constant {@code c} being bit {@code 1 << c.value()}.\n")
                .addStatement("return $T.$L($T.class, bits)", Runtime.FLAG_SET, factory, self).build());
        t.addMethod(MethodSpec.methodBuilder(maker).addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(set)
                .addParameter(constants, "flags").addJavadoc("The set of {@code flags}.\n")
                .addStatement("return $T.$L($T.class, $T.copyOf(flags))", Runtime.FLAG_SET, factory, self,
                        Set.class).build());
        return t.build();
    }
}
