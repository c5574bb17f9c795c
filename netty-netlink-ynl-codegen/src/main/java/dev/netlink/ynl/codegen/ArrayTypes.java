package dev.netlink.ynl.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.TypeName;

/** Array types the generated code uses. */
final class ArrayTypes {
    static final TypeName BYTES = ArrayTypeName.of(TypeName.BYTE);

    private ArrayTypes() {
    }
}
