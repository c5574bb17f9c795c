package dev.netlink.ynl.codegen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JavadocsTest {
    @Test
    void wrapsDocLinesAtSpacesOutsideInlineTagsAndLeavesCodeAlone() {
        String code = "    int aVeryLongName = someCall(argumentNumberOne, argumentNumberTwo, three);";
        String source = "/**\n * one two {@code three four} five\n */\n" + code;
        assertEquals("/**\n * one two\n * {@code three four}\n * five\n */\n" + code, Javadocs.wrap(source, 22));
        assertEquals(source, Javadocs.wrap(source, 200));
        assertEquals(" * unbreakable-word-longer-than-the-line", Javadocs.wrap(
                " * unbreakable-word-longer-than-the-line", 10));
    }
}
