package dev.netlink.codec.attr;

import static dev.netlink.codec.attr.Schemas.ALL;
import static dev.netlink.codec.attr.Schemas.CTRL;
import static dev.netlink.codec.attr.Schemas.map;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link AttributeFormatter}: decoded maps as text with kernel names. */
class AttributeFormatterTest {
    private static final AttributeEnum OPERSTATE = AttributeEnum.builder("operstate").add("down", 2).add("up", 6)
            .build();
    private static final AttributeEnum IFF = AttributeEnum.builder("iff").add("up", 1).add("broadcast", 2).build();
    private static final AttributeStruct PORTS = AttributeStruct.builder("ports")
            .add("src", AttributeType.bigEndian(AttributeType.U16)).add("bytes", AttributeType.U64).build();
    private static final AttributeSchema YNL = AttributeSchema.builder("ynl")
            .add(1, "OPERSTATE", AttributeType.enumOf(AttributeType.U8, OPERSTATE))
            .add(2, "FLAGS", AttributeType.flagsOf(AttributeType.U32, IFF))
            .add(3, "PORTS", AttributeType.struct(PORTS))
            .add(4, "BE64", AttributeType.bigEndian(AttributeType.U64))
            .add(5, "NAME", AttributeType.STRING)
            .build();

    @Test
    void namesNumbersStringsAndBytes() {
        assertEquals("{CTRL_ATTR_FAMILY_ID=16, CTRL_ATTR_FAMILY_NAME=\"nlctrl\", "
                        + "CTRL_ATTR_OPS=[{CTRL_ATTR_OP_ID=3, CTRL_ATTR_OP_FLAGS=14}], 99=0x0a0b}",
                AttributeFormatter.format(CTRL, map(1, 16, 2, "nlctrl", 6, List.of(map(1, 3L, 2, 14L)), 99,
                        new byte[] {10, 11})));
        assertEquals("{U64=18446744073709551615, UINT=18446744073709551615, S64=-1, FLAG=true, "
                        + "BITFIELD32=bitfield32(value=0x1, selector=0x3), DICT={7=1}, MULTI=[1, 2]}",
                AttributeFormatter.format(ALL, map(4, -1L, 9, -1L, 8, -1L, 13, true, 14, new Bitfield32(1, 3),
                        19, map(7, 1L), 20, List.of(1, 2))));
        assertEquals("{}", AttributeFormatter.format(CTRL, Map.of()));
    }

    @Test
    void enumsFlagsStructsAndStringKeys() {
        Map<String, Object> ports = new LinkedHashMap<>();
        ports.put("src", 443);
        ports.put("bytes", -1L);
        Map<Object, Object> values = new LinkedHashMap<>();
        values.put(1, "up");
        values.put(2, new LinkedHashSet<>(List.of("up", "0x100")));
        values.put(3, ports);
        values.put(4, -2L);
        values.put("NAME", "eth0");
        values.put(1 + 1000, 7);
        assertEquals("{OPERSTATE=up, FLAGS=[up, 0x100], PORTS={src=443, bytes=18446744073709551615}, "
                + "BE64=18446744073709551614, NAME=\"eth0\", 1001=7}", AttributeFormatter.format(YNL, values));
        assertEquals("{OPERSTATE=9}", AttributeFormatter.format(YNL, map(1, 9)), "an unnamed enum value");
    }
}
