package dev.netlink.ynl;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * YAML 1.2 (core schema, as the kernel's specs are written: {@code %YAML 1.2}, {@code 0x} numbers) in and out,
 * on snakeyaml-engine. Mappings keep their order. Package-private; each call makes its own reader, so it is
 * thread-safe.
 */
final class SpecYaml {
    /** Enough for the kernel's specs, still a bound against alias bombs in a user's file. */
    static final int MAX_ALIASES = 2000;

    private SpecYaml() {
    }

    /** The document as maps, lists and scalars. */
    static Object parse(String source, String text) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(source)
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false)
                // devlink.yaml shares its attribute lists through more aliases than the default guard of 50
                .setMaxAliasesForCollections(MAX_ALIASES)
                .build();
        try {
            return new Load(settings).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new YnlSpecException(source, "", "not a YAML document: " + e.getMessage(), e);
        }
    }

    /** The document in block style, two-space indents, lists indented under their key. */
    static String dump(Object document) {
        DumpSettings settings = DumpSettings.builder()
                .setSchema(new CoreSchema())
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setIndent(2)
                .setIndicatorIndent(2)
                .setIndentWithIndicator(true)
                .setWidth(120)
                .setExplicitStart(true)
                .build();
        return new Dump(settings).dumpToString(document);
    }
}
