package dev.netlink.ynl.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

import javax.lang.model.element.Modifier;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What generated records need beyond what Java gives them: {@code equals}, {@code hashCode} and {@code toString}
 * that compare and print {@code byte[]} components by content (a record compares arrays by reference), written
 * only for records that have one.
 */
final class Records {
    private Records() {
    }

    /** One component: its name, type, and whether it is a {@code byte[]}. */
    record Component(String name, TypeName type, boolean array) {
    }

    static void arrayAwareObjectMethods(TypeSpec.Builder type, ClassName self, List<Component> components) {
        if (components.stream().noneMatch(Component::array)) {
            return;
        }
        MethodSpec.Builder equals = MethodSpec.methodBuilder("equals").addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC).returns(TypeName.BOOLEAN).addParameter(Object.class, "o");
        CodeBlock.Builder same = CodeBlock.builder().add("return o instanceof $T other", self);
        CodeBlock.Builder hash = CodeBlock.builder().add("int h = 1;\n");
        CodeBlock.Builder text = CodeBlock.builder().add("return $S", self.simpleName() + "[");
        boolean first = true;
        for (Component c : components) {
            if (c.array()) {
                same.add("\n$>&& $T.equals($L, other.$L)$<", Arrays.class, c.name(), c.name());
                hash.add("h = 31 * h + $T.hashCode($L);\n", Arrays.class, c.name());
                text.add(" + $S + ($L == null ? $S : $T.of().formatHex($L))", (first ? "" : ", ") + c.name() + "=",
                        c.name(), "null", HexFormat.class, c.name());
            } else {
                if (c.type().isPrimitive()) {
                    same.add("\n$>&& $L == other.$L$<", c.name(), c.name());
                } else {
                    same.add("\n$>&& $T.equals($L, other.$L)$<", Objects.class, c.name(), c.name());
                }
                hash.add("h = 31 * h + $T.hashCode($L);\n", c.type().isPrimitive() ? c.type().box() : Objects.class,
                        c.name());
                text.add(" + $S + $L", (first ? "" : ", ") + c.name() + "=", c.name());
            }
            first = false;
        }
        type.addMethod(equals.addCode(same.add(";\n").build()).build());
        type.addMethod(MethodSpec.methodBuilder("hashCode").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(TypeName.INT).addCode(hash.add("return h;\n").build()).build());
        type.addMethod(MethodSpec.methodBuilder("toString").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .returns(String.class).addCode(text.add(" + $S;\n", "]").build()).build());
    }
}
