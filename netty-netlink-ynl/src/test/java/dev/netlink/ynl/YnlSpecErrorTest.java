package dev.netlink.ynl;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Malformed specs fail with the file, the key path and what was expected. */
class YnlSpecErrorTest {
    private static final String OPS = """
            operations:
              list:
                - { name: get, attribute-set: main, do: { request: { attributes: [ id ] } } }
            """;

    @Test
    void attributeValueOfTheWrongKind() {
        YnlSpecException e = fails("""
                name: bad
                attribute-sets:
                  - name: main
                    attributes:
                      - { name: id, type: u32, value: abc }
                """ + OPS);
        assertEquals("bad.yaml", e.source());
        assertEquals("attribute-sets[main].attributes[id].value", e.path());
        assertEquals("bad.yaml: attribute-sets[main].attributes[id].value: expected a non-negative integer, got 'abc'",
                e.getMessage());
    }

    @Test
    void missingType() {
        YnlSpecException e = fails("""
                name: bad
                attribute-sets:
                  - name: main
                    attributes:
                      - { name: id }
                """ + OPS);
        assertEquals("bad.yaml: attribute-sets[main].attributes[id].type: a string is required", e.getMessage());
    }

    @Test
    void unnamedItemsAreNamedByIndex() {
        YnlSpecException e = fails("""
                name: bad
                attribute-sets:
                  - name: main
                    attributes:
                      - { name: id, type: u32 }
                      - { type: u32 }
                """ + OPS);
        assertEquals("attribute-sets[main].attributes[1].name", e.path());
    }

    @Test
    void missingFamilyName() {
        assertEquals("bad.yaml: name: a string is required", fails("attribute-sets: []\n" + OPS).getMessage());
    }

    @Test
    void listWhereAMappingIsExpected() {
        YnlSpecException e = fails("""
                name: bad
                attribute-sets:
                  - name: main
                    attributes: { id: u32 }
                """ + OPS);
        assertEquals("bad.yaml: attribute-sets[main].attributes: expected a list, got a mapping", e.getMessage());
    }

    @Test
    void badByteOrder() {
        YnlSpecException e = fails("""
                name: bad
                attribute-sets:
                  - name: main
                    attributes:
                      - { name: id, type: u32, byte-order: middle-endian }
                """ + OPS);
        assertEquals("bad.yaml: attribute-sets[main].attributes[id].byte-order: expected little-endian or big-endian,"
                + " got 'middle-endian'", e.getMessage());
    }

    @Test
    void danglingNestedAttributes() {
        YnlSpecException e = fails("""
                name: bad
                attribute-sets:
                  - name: main
                    attributes:
                      - { name: id, type: nest, nested-attributes: nowhere }
                """ + OPS);
        assertEquals("bad.yaml: attribute-sets[main].attributes[id].nested-attributes: no attribute set named "
                + "'nowhere' in this spec", e.getMessage());
    }

    @Test
    void subsetOfAnUnknownSetOrAttribute() {
        YnlSpecException unknownSet = fails("""
                name: bad
                attribute-sets:
                  - { name: main, attributes: [ { name: id, type: u32 } ] }
                  - { name: part, subset-of: mian, attributes: [ { name: id } ] }
                """ + OPS);
        assertEquals("attribute-sets[part].subset-of", unknownSet.path());
        YnlSpecException unknownAttribute = fails("""
                name: bad
                attribute-sets:
                  - { name: main, attributes: [ { name: id, type: u32 } ] }
                  - { name: part, subset-of: main, attributes: [ { name: idx } ] }
                """ + OPS);
        assertEquals("bad.yaml: attribute-sets[part].attributes[idx].name: no attribute 'idx' in attribute set 'main'",
                unknownAttribute.getMessage());
    }

    @Test
    void unknownProtocolAndEnumModel() {
        assertEquals("bad.yaml: protocol: expected genetlink, genetlink-c, genetlink-legacy or netlink-raw, got "
                + "'netlink-fancy'", fails("name: bad\nprotocol: netlink-fancy\n" + OPS).getMessage());
        assertEquals("operations.enum-model", fails("""
                name: bad
                attribute-sets: [ { name: main, attributes: [ { name: id, type: u32 } ] } ]
                operations: { enum-model: sideways, list: [] }
                """).path());
    }

    @Test
    void directionalOperationWithoutAnyMessage() {
        YnlSpecException e = fails("""
                name: bad
                attribute-sets: [ { name: main, attributes: [ { name: id, type: u32 } ] } ]
                operations:
                  enum-model: directional
                  list: [ { name: nothing, attribute-set: main } ]
                """);
        assertEquals("operations.list[nothing]", e.path());
    }

    @Test
    void enumEntryValueOfTheWrongKind() {
        YnlSpecException e = fails("""
                name: bad
                definitions:
                  - { name: colour, type: enum, entries: [ red, { name: green, value: lots } ] }
                attribute-sets: [ { name: main, attributes: [ { name: id, type: u32 } ] } ]
                """ + OPS);
        assertEquals("definitions[colour].entries[green].value", e.path());
    }

    @Test
    void unknownDefinitionType() {
        YnlSpecException e = fails("""
                name: bad
                definitions: [ { name: u, type: union } ]
                attribute-sets: [ { name: main, attributes: [ { name: id, type: u32 } ] } ]
                """ + OPS);
        assertEquals("bad.yaml: definitions[u].type: expected const, enum, flags or struct, got 'union'",
                e.getMessage());
    }

    @Test
    void notYaml() {
        YnlSpecException e = fails("name: [ unclosed\n");
        assertEquals("", e.path());
        assertEquals(true, e.getMessage().startsWith("bad.yaml: not a YAML document: "), e.getMessage());
    }

    @Test
    void notAMapping() {
        assertEquals("bad.yaml: expected a mapping at the top level, got a list", fails("- a\n- b\n").getMessage());
    }

    private static YnlSpecException fails(String text) {
        return assertThrows(YnlSpecException.class, () -> YnlSpec.parse("bad.yaml", text));
    }
}
