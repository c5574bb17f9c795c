package dev.netlink.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Java block of the README is a sample compiled and run by {@link ReadmeSamplesIT}: the block after
 * {@code <!-- sample: NAME -->} must equal that test's region of the same name, so the README cannot rot.
 */
class ReadmeTest {
    private static final Pattern README_SAMPLE = Pattern.compile("<!-- sample: (\\S+) -->\\s*```java\\n(.*?)```",
            Pattern.DOTALL);

    static Map<String, String> regions(String source) {
        Map<String, String> out = new LinkedHashMap<>();
        String name = null;
        List<String> lines = new ArrayList<>();
        for (String line : source.split("\n")) {
            String t = line.strip();
            if (t.startsWith("// sample: ")) {
                name = t.substring("// sample: ".length());
                lines.clear();
            } else if (t.equals("// end sample") && name != null) {
                out.put(name, dedent(lines));
                name = null;
            } else if (name != null) {
                lines.add(line);
            }
        }
        return out;
    }

    static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return sb.toString();
    }

    @Test
    void everyReadmeJavaBlockIsATestedSample() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Map<String, String> samples = regions(Files.readString(
                Path.of("src", "test", "java", "dev", "netlink", "examples", "ReadmeSamplesIT.java")));
        Matcher m = README_SAMPLE.matcher(readme);
        int found = 0;
        while (m.find()) {
            found++;
            String name = m.group(1);
            assertTrue(samples.containsKey(name), "README sample " + name + " has no region in ReadmeSamplesIT");
            assertEquals(samples.get(name), m.group(2), "README sample " + name + " differs from its test");
        }
        assertEquals(samples.size(), found, "every sample region appears in the README");
        long javaBlocks = readme.lines().filter(l -> l.strip().equals("```java")).count();
        assertEquals(found, javaBlocks, "every ```java block of the README is a tested sample");
        assertFalse(samples.isEmpty());
    }
}
