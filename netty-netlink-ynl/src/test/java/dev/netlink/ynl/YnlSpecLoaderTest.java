package dev.netlink.ynl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loader on a made-up spec: YNL's value rules, subset-of, operations, unknown keys and types. */
class YnlSpecLoaderTest {
    private final YnlSpec spec = YnlSpec.parse("sample.yaml", Samples.sample());

    @Test
    void familyKeys() {
        assertEquals("sample", spec.name());
        assertEquals(YnlProtocol.GENETLINK_LEGACY, spec.protocol());
        assertEquals(Optional.of("linux/sample.h"), spec.uapiHeader());
        assertEquals(2, spec.version());
        assertEquals(OptionalInt.empty(), spec.protonum());
        assertEquals(Optional.of("((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)"), spec.license());
        assertEquals(Optional.empty(), spec.provenance());
    }

    @Test
    void enumEntriesCountFromValueStartAndOwnValues() {
        YnlEnum colour = spec.enumeration("colour").orElseThrow();
        assertFalse(colour.flags());
        assertEquals(3, colour.valueStart());
        assertEquals(List.of(3L, 4L, 10L, 11L), colour.entries().stream().map(YnlEnumEntry::value).toList());
        assertEquals(Optional.of("sample-colour-"), colour.namePrefix());
        assertEquals(10, colour.entry("blue").orElseThrow().userValue(false));
        assertEquals(1L << 10, colour.entry("blue").orElseThrow().userValue(true));
        assertEquals("cyan", colour.entryByValue(11).orElseThrow().name());

        YnlEnum state = spec.enumeration("state").orElseThrow();
        assertEquals(4, state.valueStart(), "value-start names a const");
        assertEquals(5, state.entry("down").orElseThrow().value());
    }

    @Test
    void flagsAreBits() {
        YnlEnum opts = spec.enumeration("opts").orElseThrow();
        assertTrue(opts.flags());
        assertEquals(List.of(0L, 1L, 5L), opts.entries().stream().map(YnlEnumEntry::value).toList());
        assertEquals(List.of(1L, 2L, 32L), opts.entries().stream().map(e -> e.userValue(false)).toList());
        assertEquals(35, opts.mask(false));
    }

    @Test
    void constsAndValuesResolve() {
        assertEquals(16, spec.resolve(spec.constant("name-len").orElseThrow().value()));
        YnlChecks nameChecks = spec.attributeSet("main").orElseThrow().attribute("name").orElseThrow().checks();
        assertEquals("name-len - 1", nameChecks.maxLen().orElseThrow().text());
        assertEquals(15, spec.resolve(nameChecks.maxLen().orElseThrow()));
        assertEquals(65535, spec.resolve(YnlValue.ofName("u16-max")));
        assertEquals(-128, spec.resolve(YnlValue.ofName("s8-min")));
        assertEquals(-1L, spec.resolve(YnlValue.ofName("u64-max")));
        assertThrows(IllegalArgumentException.class, () -> spec.resolve(YnlValue.ofName("no-such-const")));
    }

    @Test
    void structMembers() {
        YnlStruct hdr = spec.struct("hdr").orElseThrow();
        assertEquals(List.of("kind", "pad", "port", "mask", "label"),
                hdr.members().stream().map(YnlStructMember::name).toList());
        YnlStructMember pad = hdr.member("pad").orElseThrow();
        assertEquals(YnlType.BINARY, pad.type());
        assertEquals(3, pad.len().orElseThrow().literal().orElseThrow());
        YnlStructMember port = hdr.member("port").orElseThrow();
        assertEquals(Optional.of(ByteOrder.BIG_ENDIAN), port.byteOrder());
        assertEquals(Optional.empty(), hdr.member("kind").orElseThrow().byteOrder(), "host order");
        YnlStructMember mask = hdr.member("mask").orElseThrow();
        assertEquals(Optional.of("opts"), mask.enumType());
        assertTrue(mask.enumAsFlags());
        assertEquals(Optional.of("hex"), mask.displayHint());
        assertEquals(16, spec.resolve(hdr.member("label").orElseThrow().len().orElseThrow()));
    }

    @Test
    void attributesCountFromOneAndFollowOwnValues() {
        YnlAttributeSet main = spec.attributeSet("main").orElseThrow();
        assertEquals(Optional.of("sample-a-"), main.namePrefix());
        assertEquals(List.of(0, 1, 2, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79),
                main.attributes().stream().map(YnlAttribute::value).toList());
        assertEquals("after-late", main.attributeByValue(65).orElseThrow().name());
        assertEquals(List.of(1, 2), spec.attributeSet("item").orElseThrow().attributes().stream()
                .map(YnlAttribute::value).toList());
    }

    @Test
    void attributeProperties() {
        YnlAttributeSet main = spec.attributeSet("main").orElseThrow();
        assertEquals(YnlType.UNUSED, attr(main, "unspec").type());
        YnlAttribute id = attr(main, "id");
        assertEquals(YnlType.U32, id.type());
        assertEquals(1, id.checks().min().orElseThrow().literal().orElseThrow());
        assertEquals("u16-max", id.checks().max().orElseThrow().text());
        assertEquals(Optional.of(ByteOrder.BIG_ENDIAN), attr(main, "after-late").byteOrder());
        assertEquals(YnlType.SINT, attr(main, "after-late").type());
        assertEquals(Optional.of("colour"), attr(main, "colour").enumType());
        assertFalse(attr(main, "colour").enumAsFlags());
        assertTrue(attr(main, "options").enumAsFlags());
        assertEquals(Optional.of("mac"), attr(main, "address").displayHint());
        assertEquals(6, attr(main, "address").checks().exactLen().orElseThrow().literal().orElseThrow());
        assertEquals(Optional.of("hdr"), attr(main, "header").struct());
        YnlAttribute items = attr(main, "items");
        assertEquals(YnlType.INDEXED_ARRAY, items.type());
        assertEquals(Optional.of(YnlType.NEST), items.subType());
        assertEquals(Optional.of("item"), items.nestedAttributes());
        assertEquals(Optional.of(YnlType.U32), attr(main, "ids").subType());
        assertEquals(List.of("attr-type"), attr(main, "policy").typeValue());
        assertEquals(YnlType.NEST_TYPE_VALUE, attr(main, "policy").type());
        assertTrue(attr(main, "pairs").multiAttr());
        assertFalse(attr(main, "items").multiAttr());
        assertEquals(YnlType.BITFIELD32, attr(main, "mask").type());
        assertEquals(255, attr(main, "blob").checks().maxLen().orElseThrow().literal().orElseThrow());
        assertEquals(2, attr(main, "blob").checks().minLen().orElseThrow().literal().orElseThrow());
        assertTrue(attr(main, "text").checks().unterminatedOk());
        assertTrue(attr(main, "on").checks().isEmpty());
        assertEquals(YnlType.FLAG, attr(main, "on").type());
        assertEquals(YnlType.PAD, attr(main, "pad").type());
    }

    @Test
    void unknownTypeIsKeptByName() {
        YnlAttribute quantum = attr(spec.attributeSet("main").orElseThrow(), "quantum");
        assertEquals("teleport", quantum.type().name());
        assertFalse(quantum.type().isKnown());
        assertEquals(78, quantum.value());
        assertTrue(YnlType.U16.isKnown());
        assertEquals(YnlType.valueOf("u16"), YnlType.U16);
    }

    @Test
    void subsetTakesTheFullDefinitionAtTheFullValueInAnyOrder() {
        YnlAttributeSet small = spec.attributeSet("small").orElseThrow();
        assertEquals(Optional.of("main"), small.subsetOf());
        assertEquals(Optional.of("sample-a-"), small.namePrefix(), "a subset inherits naming");
        YnlAttribute late = attr(small, "late");
        assertEquals(attr(spec.attributeSet("main").orElseThrow(), "late"), late);
        assertEquals(64, late.value());
        YnlAttribute name = attr(small, "name");
        assertEquals(2, name.value());
        assertEquals(YnlType.STRING, name.type());
        assertEquals(8, name.checks().maxLen().orElseThrow().literal().orElseThrow(), "the subset's own checks");
        assertEquals(2, small.attributes().size());
    }

    @Test
    void directionalOperationValues() {
        YnlOperations ops = spec.operations();
        assertEquals(YnlEnumModel.DIRECTIONAL, ops.enumModel());
        assertEquals(Optional.of("sample-cmd-"), ops.namePrefix());
        assertValues(ops, "get", 1, 1);
        assertEquals(OptionalInt.of(1), ops.operation("get").orElseThrow().value());
        assertValues(ops, "set", 2, null);
        assertValues(ops, "changed", null, 2);
        assertValues(ops, "reset", 20, 30);
        assertValues(ops, "next", 21, 31);
        assertValues(ops, "alarm", null, 40);
        assertValues(ops, "after-alarm", null, 41);
        assertEquals("reset", ops.byRequestValue(20).orElseThrow().name());
        assertEquals("changed", ops.byReplyValue(2).orElseThrow().name());
        assertEquals(OptionalInt.empty(), ops.operation("reset").orElseThrow().value());
    }

    @Test
    void operationProperties() {
        YnlOperation get = spec.operations().operation("get").orElseThrow();
        assertEquals(Optional.of("main"), get.attributeSet());
        assertEquals(Optional.of("hdr"), get.fixedHeader(), "the family's default fixed header");
        assertEquals(List.of("admin-perm"), get.flags());
        assertEquals(List.of("id", "name"), get.doHandler().orElseThrow().request().orElseThrow().attributes());
        assertEquals(List.of("id", "name", "late", "colour"),
                get.dumpHandler().orElseThrow().reply().orElseThrow().attributes());
        assertEquals(Optional.empty(), get.dumpHandler().orElseThrow().request());
        assertTrue(get.isCall());
        assertFalse(get.isAsync());

        YnlOperation changed = spec.operations().operation("changed").orElseThrow();
        assertEquals(Optional.of("get"), changed.notifies());
        assertEquals(Optional.of("main"), changed.attributeSet(), "a notification takes the notified op's set");
        assertEquals(Optional.of("watch"), changed.mcgrp());
        assertTrue(changed.isAsync());

        YnlOperation reset = spec.operations().operation("reset").orElseThrow();
        assertEquals(OptionalInt.of(20), reset.doHandler().orElseThrow().request().orElseThrow().value());
        assertEquals(List.of("strict"), spec.operations().operation("next").orElseThrow().dontValidate());
        assertEquals(List.of("key", "val"),
                spec.operations().operation("alarm").orElseThrow().event().orElseThrow().attributes());

        YnlMcastGroup watch = spec.mcastGroup("watch").orElseThrow();
        assertEquals(OptionalInt.empty(), watch.value());
        assertEquals(List.of("admin-perm"), watch.flags());
    }

    @Test
    void unifiedOperationValues() {
        YnlSpec unified = YnlSpec.parse("unified.yaml", """
                name: uni
                attribute-sets:
                  - name: a
                    attributes:
                      - { name: x, type: u8 }
                operations:
                  list:
                    - { name: first, attribute-set: a, do: { request: { attributes: [ x ] } } }
                    - { name: second, attribute-set: a, dump: { reply: { attributes: [ x ] } } }
                    - { name: third, value: 7, attribute-set: a, do: {} }
                    - { name: fourth, notify: third }
                    - { name: reserved }
                """);
        assertEquals(YnlProtocol.GENETLINK, unified.protocol());
        assertEquals(1, unified.version());
        assertEquals(YnlEnumModel.UNIFIED, unified.operations().enumModel());
        assertValues(unified.operations(), "first", 1, 1);
        assertValues(unified.operations(), "second", 2, 2);
        assertValues(unified.operations(), "third", 7, 7);
        assertValues(unified.operations(), "fourth", 8, 8);
        assertValues(unified.operations(), "reserved", 9, 9);
        assertTrue(unified.operations().operation("reserved").orElseThrow().isReserved());
        assertEquals(Optional.empty(), unified.operations().operation("reserved").orElseThrow().attributeSet());
        assertEquals(Optional.of("a"), unified.operations().operation("fourth").orElseThrow().attributeSet());
        assertEquals(Optional.empty(), unified.operations().operation("first").orElseThrow().fixedHeader());
    }

    @Test
    void loadReadsAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sample.yaml");
        Files.writeString(file, Samples.sample());
        YnlSpec loaded = YnlSpec.load(file);
        assertEquals(spec, loaded);
        assertEquals(file.toString(), loaded.source());
    }

    private static YnlAttribute attr(YnlAttributeSet set, String name) {
        return set.attribute(name).orElseThrow(() -> new AssertionError("no attribute " + name + " in " + set.name()));
    }

    private static void assertValues(YnlOperations ops, String name, Integer request, Integer reply) {
        YnlOperation op = ops.operation(name).orElseThrow();
        assertEquals(request == null ? OptionalInt.empty() : OptionalInt.of(request), op.requestValue(),
                name + " request");
        assertEquals(reply == null ? OptionalInt.empty() : OptionalInt.of(reply), op.replyValue(), name + " reply");
    }
}
