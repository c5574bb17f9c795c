package dev.netlink.examples;

import dev.netlink.genl.GenericNetlink;
import dev.netlink.genl.GenericNetlinkController;
import dev.netlink.ynl.SpecPolicyCheck;
import dev.netlink.ynl.Ynl;
import dev.netlink.ynl.YnlCliText;
import dev.netlink.ynl.YnlFamily;
import dev.netlink.ynl.YnlOperation;
import dev.netlink.ynl.YnlSpec;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ynl}: the kernel's YNL families from the command line, printing JSON.
 * <ul>
 * <li>{@code --list-families}: every bundled spec, its protocol level and where it came from;</li>
 * <li>{@code --list-ops FAMILY}: a family's operations, with their do, dump and notification sides;</li>
 * <li>{@code --family NAME (--do OP | --dump OP) [--json '{...}']}: an operation with the request's attributes
 *     by name, the answer as {@code tools/net/ynl/cli.py --output-json} prints it (bytes as hex, sets as lists,
 *     display-hinted values as {@link YnlCliText} writes them), through {@link Ynl};</li>
 * <li>{@code --family NAME --subscribe GROUP [--count N]}: the next N notifications of a multicast group;</li>
 * <li>{@code --family NAME --check} (with {@code --spec FILE} for a spec of one's own): the spec against the
 *     running kernel's policy, as {@link SpecPolicyCheck} compares them;</li>
 * </ul>
 * with {@code --netns NAME} for a namespace's kernel view.
 */
final class YnlTool {
    static final String USAGE = "usage: ynl --list-families | --list-ops FAMILY | --family NAME [--spec FILE]"
            + " (--do OP | --dump OP) [--json '{...}'] | --family NAME --subscribe GROUP [--count N]"
            + " | --family NAME --check; all with [--netns NAME]";
    /** JSON as the kernel's {@code cli.py --output-json} writes it: bytes as hex, sets as lists. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new SimpleModule("cli.py").addSerializer(byte[].class, new ValueSerializer<byte[]>() {
                @Override
                public void serialize(byte[] value, JsonGenerator gen, SerializationContext ctxt) {
                    gen.writeString(HexFormat.of().formatHex(value));
                }
            }))
            .build();

    private YnlTool() {
    }

    static int run(List<String> argv, PrintStream out) throws Exception {
        Map<String, String> options = options(argv);
        if (options.containsKey("list-families")) {
            List<Map<String, Object>> families = new ArrayList<>();
            for (String name : YnlSpec.bundledNames()) {
                YnlSpec spec = YnlSpec.bundled(name);
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("name", spec.name());
                f.put("protocol", spec.protocol().yamlName());
                spec.protonum().ifPresent(n -> f.put("protonum", n));
                f.put("operations", spec.operations().list().size());
                spec.provenance().ifPresent(p -> f.put("provenance", p));
                families.add(f);
            }
            out.println(JSON.writeValueAsString(families));
            return 0;
        }
        if (options.containsKey("list-ops")) {
            YnlSpec spec = spec(options.get("list-ops"), options.get("spec"));
            List<Map<String, Object>> ops = new ArrayList<>();
            for (YnlOperation op : spec.operations().list()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("name", op.name());
                op.requestValue().ifPresent(v -> o.put("value", v));
                op.attributeSet().ifPresent(s -> o.put("attribute-set", s));
                List<String> kinds = new ArrayList<>();
                op.doHandler().ifPresent(h -> kinds.add("do"));
                op.dumpHandler().ifPresent(h -> kinds.add("dump"));
                op.notifies().ifPresent(n -> kinds.add("notify"));
                op.event().ifPresent(e -> kinds.add("event"));
                o.put("kinds", kinds);
                op.mcgrp().ifPresent(g -> o.put("mcgrp", g));
                ops.add(o);
            }
            out.println(JSON.writeValueAsString(ops));
            return 0;
        }
        String family = options.get("family");
        if (family == null) {
            throw new Tools.UsageException("say which family (--family NAME), or --list-families");
        }
        YnlSpec spec = spec(family, options.get("spec"));
        String netns = options.get("netns");
        String path = netns == null ? null : Path.of("/run/netns", netns).toString();
        if (options.containsKey("do") || options.containsKey("dump") || options.containsKey("subscribe")) {
            return speak(spec, path, options, out);
        }
        if (!options.containsKey("check")) {
            throw new Tools.UsageException("say what to do: --do OP, --dump OP, --subscribe GROUP or --check");
        }
        try (GenericNetlinkController ctrl = Tools.await(GenericNetlink.connect(b -> b.netns(path)))) {
            List<Map<String, Object>> findings = new ArrayList<>();
            for (SpecPolicyCheck.Finding f : Tools.await(SpecPolicyCheck.check(ctrl, spec))) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("operation", f.operation());
                m.put("handler", f.handler());
                m.put("attribute", f.attribute());
                m.put("kind", f.kind().toString());
                m.put("detail", f.detail());
                findings.add(m);
            }
            out.println(JSON.writeValueAsString(findings));
        }
        return 0;
    }

    /** {@code --do}, {@code --dump} or {@code --subscribe} on the family, as {@code cli.py} does them. */
    @SuppressWarnings("unchecked")
    private static int speak(YnlSpec spec, String netns, Map<String, String> options, PrintStream out)
            throws Exception {
        Map<String, Object> attrs = options.containsKey("json")
                ? JSON.readValue(options.get("json"), Map.class) : Map.of();
        try (YnlFamily f = Tools.await(Ynl.connect(spec, b -> b.netns(netns)))) {
            if (options.containsKey("do")) {
                String op = options.get("do");
                Map<String, Object> reply = Tools.await(f.request(op, attrs));
                out.println(reply.isEmpty() ? "null" : JSON.writeValueAsString(YnlCliText.of(spec, op, reply)));
            } else if (options.containsKey("dump")) {
                String op = options.get("dump");
                out.println(JSON.writeValueAsString(Tools.await(f.dump(op, attrs)).stream()
                        .map(part -> YnlCliText.of(spec, op, part)).toList()));
            } else {
                int count = Integer.parseInt(options.getOrDefault("count", "1"));
                CountDownLatch left = new CountDownLatch(count);
                Tools.await(f.subscribe(options.get("subscribe"), n -> {
                    if (left.getCount() > 0) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("name", n.operation().orElse(Integer.toString(n.cmd())));
                        m.put("msg", n.operation().map(op -> YnlCliText.of(spec, op, n.attributes()))
                                .orElse(n.attributes()));
                        out.println(JSON.writeValueAsString(m));
                        out.flush();
                        left.countDown();
                    }
                }));
                left.await();
            }
        }
        return 0;
    }

    private static YnlSpec spec(String family, String file) {
        if (file != null) {
            return YnlSpec.load(Path.of(file));
        }
        for (String name : YnlSpec.bundledNames()) {
            YnlSpec spec = YnlSpec.bundled(name);
            if (spec.name().equals(family) || name.equals(family)) {
                return spec;
            }
        }
        throw new Tools.UsageException("no bundled spec of family \"" + family + "\"; --list-families lists them, or"
                + " give --spec FILE");
    }

    /** {@code --name value} and {@code --flag} options; a value never starts with {@code --}. */
    private static Map<String, String> options(List<String> argv) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (!a.startsWith("--")) {
                throw new Tools.UsageException("unexpected \"" + a + "\"");
            }
            String name = a.substring(2);
            boolean hasValue = i + 1 < argv.size() && !argv.get(i + 1).startsWith("--");
            options.put(name, hasValue ? argv.get(++i) : "");
        }
        return options;
    }
}
