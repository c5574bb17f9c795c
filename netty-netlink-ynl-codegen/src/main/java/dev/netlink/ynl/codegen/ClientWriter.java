package dev.netlink.ynl.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import dev.netlink.ynl.YnlConst;
import dev.netlink.ynl.YnlDefinition;
import dev.netlink.ynl.YnlHandler;
import dev.netlink.ynl.YnlMcastGroup;
import dev.netlink.ynl.YnlMessage;
import dev.netlink.ynl.YnlOperation;
import dev.netlink.ynl.YnlStruct;

import javax.lang.model.element.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Writes a family's client: {@code connect()}, {@code connect(netns)}, {@code on(...)} an existing socket, and one
 * method per operation ({@code devGet} for a do, {@code devGetDump} for a dump, {@code onDevAddNtf} for a
 * notification; for a netlink-raw family, {@code onRtnlgrpLink} per multicast group), each a future.
 */
final class ClientWriter {
    private static final Set<String> RESERVED = Set.of("connect", "on", "close", "socket", "spec", "toString",
            "hashCode", "equals", "getClass", "notify", "notifyAll", "wait");

    private final FamilyContext ctx;
    private final Set<String> methods = new HashSet<>();

    ClientWriter(FamilyContext ctx) {
        this.ctx = ctx;
    }

    /** The Java type of a message of {@code op}: its message record, its set's record, or none. */
    Optional<ClassName> messageType(YnlOperation op) {
        if (op.attributeSet().isEmpty() || !ctx.sets().containsKey(op.attributeSet().get())) {
            return Optional.empty();
        }
        Optional<YnlStruct> header = ctx.fixedHeader(op);
        return Optional.of(header.isPresent() ? ctx.message(header.get(), op.attributeSet().get())
                : ctx.set(op.attributeSet().get()));
    }

    boolean isMessage(ClassName type) {
        return !ctx.sets().containsValue(type);
    }

    TypeSpec write() {
        ClassName self = ctx.client;
        boolean genl = ctx.spec.protocol().isGenetlink();
        TypeSpec.Builder t = TypeSpec.classBuilder(self).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(AutoCloseable.class)
                .addJavadoc("The {@code $L} family ($L$L), spoken by its YNL spec: one method per operation, "
                                + "each a future that\ncompletes on the socket's event loop. Requests are checked "
                                + "against the operation's {@code request}\nlist before they are sent; the kernel's "
                                + "errors name attributes by the spec's names. Thread-safe.\n"
                                + "Generated from the spec by {@code netty-netlink-ynl-codegen}; do not edit.\n",
                        ctx.spec.name(), ctx.spec.protocol().yamlName(), ctx.spec.protonum().isPresent()
                                ? ", protocol " + ctx.spec.protonum().getAsInt() : "");
        FieldSpec.Builder spec = FieldSpec.builder(Runtime.YNL_SPEC, "SPEC", Modifier.PRIVATE, Modifier.STATIC,
                Modifier.FINAL);
        if (ctx.source.bundledName() != null) {
            spec.initializer("$T.bundled($S)", Runtime.YNL_SPEC, ctx.source.bundledName());
        } else {
            spec.initializer("$T.resourceSpec($T.class, $S)", Runtime.FAMILY_SOCKET, self, ctx.source.resource());
        }
        t.addField(spec.build());
        constants(t);
        t.addField(Runtime.FAMILY_SOCKET, "socket", Modifier.PRIVATE, Modifier.FINAL);
        MethodSpec.Builder ctor = MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE)
                .addParameter(Runtime.FAMILY_SOCKET, "socket").addStatement("this.socket = socket");
        Set<String> resolved = new LinkedHashSet<>();
        for (YnlOperation op : ctx.spec.operations().list()) {
            if (op.isReserved() || op.requestValue().isEmpty() && op.replyValue().isEmpty()) {
                continue;
            }
            if (op.isCall() || op.isAsync() && op.mcgrp().isPresent() && genl) {
                String field = Names.member(op.name()) + "Op";
                if (resolved.add(field)) {
                    t.addField(Runtime.FAMILY_OPERATION, field, Modifier.PRIVATE, Modifier.FINAL);
                    ctor.addStatement("this.$L = socket.operation($S)", field, op.name());
                }
            }
        }
        t.addMethod(ctor.build());
        connectors(t, self, genl);
        for (YnlOperation op : ctx.spec.operations().list()) {
            if (op.isReserved()) {
                continue;
            }
            messageType(op).ifPresent(type -> {
                op.doHandler().ifPresent(h -> doMethod(t, op, h, type));
                op.dumpHandler().ifPresent(h -> dumpMethods(t, op, h, type));
                if (genl && op.isAsync() && op.mcgrp().isPresent()) {
                    notification(t, op, type);
                }
            });
            if (messageType(op).isEmpty() && op.doHandler().isPresent()) {
                doMethod(t, op, op.doHandler().get(), null);
            }
        }
        if (!genl) {
            groups(t);
        }
        t.addMethod(MethodSpec.methodBuilder("socket").addModifiers(Modifier.PUBLIC).returns(Runtime.FAMILY_SOCKET)
                .addJavadoc("The family socket underneath, for what the generated methods do not cover.\n")
                .addStatement("return socket").build());
        t.addMethod(MethodSpec.methodBuilder("close").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addJavadoc("Closes the family: its socket when {@code connect} opened it, only its routing on a "
                        + "shared one.\n").addStatement("socket.close()").build());
        return t.build();
    }

    private void constants(TypeSpec.Builder t) {
        for (YnlDefinition d : ctx.spec.definitions()) {
            if (d instanceof YnlConst c) {
                long v;
                try {
                    v = ctx.spec.resolve(c.value());
                } catch (RuntimeException e) {
                    continue;
                }
                t.addField(FieldSpec.builder(TypeName.LONG, Names.constant(c.name()), Modifier.PUBLIC,
                                Modifier.STATIC, Modifier.FINAL).initializer("$LL", v)
                        .addJavadoc("The spec's constant {@code $L}.\n", c.name()).build());
            }
        }
    }

    private void connectors(TypeSpec.Builder t, ClassName self, boolean genl) {
        TypeName future = ParameterizedTypeName.get(Runtime.FUTURE, self);
        t.addMethod(MethodSpec.methodBuilder("spec").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(Runtime.YNL_SPEC).addJavadoc("The spec this client speaks.\n").addStatement("return SPEC")
                .build());
        t.addMethod(MethodSpec.methodBuilder("connect").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(future)
                .addJavadoc(genl ? "The family on a socket of its own, looked up through nlctrl; fails with "
                        + "{@code ENOENT} when the kernel\nhas no such family.\n"
                        : "The family on a socket of its own.\n")
                .addStatement("return connect(b -> { })").build());
        t.addMethod(MethodSpec.methodBuilder("connect").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(future)
                .addJavadoc("The family on a socket of its own in network namespace {@code netns} "
                        + "({@code /run/netns/NAME}).\n")
                .addParameter(Path.class, "netns")
                .addStatement("return connect(b -> b.netns(netns.toString()))").build());
        t.addMethod(MethodSpec.methodBuilder("connect").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(future)
                .addJavadoc("The family on a socket of its own, configured by {@code configure}.\n")
                .addParameter(ParameterizedTypeName.get(ClassName.get(Consumer.class), Runtime.SOCKET_BUILDER),
                        "configure")
                .addStatement("return $T.map($T.connect(SPEC, configure), $T::new)", Runtime.FAMILY_SOCKET,
                        Runtime.FAMILY_SOCKET, self).build());
        if (genl) {
            t.addMethod(MethodSpec.methodBuilder("on").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(future)
                    .addJavadoc("The family on the socket of {@code ctrl}, shared; closing the client leaves it "
                            + "open.\n")
                    .addParameter(Runtime.CONTROLLER, "ctrl")
                    .addStatement("return $T.map($T.on(ctrl, SPEC), $T::new)", Runtime.FAMILY_SOCKET,
                            Runtime.FAMILY_SOCKET, self).build());
        } else {
            t.addMethod(MethodSpec.methodBuilder("on").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(self)
                    .addJavadoc("The family on {@code socket}, a socket of its protocol; the client takes its "
                            + "notifications, and closing it\nleaves the socket open.\n")
                    .addParameter(Runtime.NETLINK_SOCKET, "socket")
                    .addStatement("return new $T($T.on(socket, SPEC))", self, Runtime.FAMILY_SOCKET).build());
        }
    }

    private String method(String name) {
        String n = name;
        while (RESERVED.contains(n) || !methods.add(n)) {
            n = n + '_';
        }
        return n;
    }

    private String opDoc(YnlOperation op, String kind) {
        String prefix = ctx.spec.operations().namePrefix().orElse(ctx.spec.name() + "-cmd-");
        return "The {@code " + kind + "} of {@code " + op.name() + "} ({@code " + Names.c(prefix, op.name())
                + "}" + op.requestValue().stream().mapToObj(v -> ", " + (ctx.spec.protocol().isGenetlink()
                ? "command " : "message type ") + v).findFirst().orElse("") + ")";
    }

    private static boolean takesAttributes(Optional<YnlMessage> m) {
        return m.isPresent() && !m.get().attributes().isEmpty();
    }

    private void doMethod(TypeSpec.Builder t, YnlOperation op, YnlHandler h, ClassName type) {
        if (op.requestValue().isEmpty()) {
            return;
        }
        String name = method(Names.member(op.name()));
        boolean hasRequest = type != null && (takesAttributes(h.request()) || isMessage(type));
        boolean hasReply = type != null && h.reply().isPresent();
        TypeName reply = hasReply ? type : ClassName.get(Void.class);
        TypeName future = ParameterizedTypeName.get(Runtime.FUTURE, reply);
        String field = Names.member(op.name()) + "Op";
        CodeBlock decoder = hasReply ? decoder(type) : CodeBlock.of("(buf, header, r) -> null");
        String requestDoc = h.request().map(m -> m.attributes().isEmpty() ? "no attributes"
                : String.join(", ", m.attributes())).orElse("no attributes");
        MethodSpec.Builder m = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(future)
                .addJavadoc("$L: takes $L; completes with $L.\n", opDoc(op, "do"), requestDoc,
                        hasReply ? "the reply" : "{@code null} once the kernel acknowledges");
        MethodSpec.Builder flagged = MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(future)
                .addJavadoc("$L, with {@code nlmsgFlags} ({@code NetlinkFlags.NLM_F_REPLACE}, {@code NLM_F_ECHO}, "
                        + "...) added to\n{@code NLM_F_REQUEST | NLM_F_ACK}.\n", opDoc(op, "do"));
        if (hasRequest) {
            m.addParameter(type, "request");
            flagged.addParameter(type, "request");
            m.addStatement("return $L(request, 0)", name);
        } else {
            m.addStatement("return $L(0)", name);
        }
        flagged.addParameter(TypeName.INT, "nlmsgFlags");
        flagged.addStatement("return socket.request($L,$WnlmsgFlags,$W$L,$W$L)", field,
                hasRequest ? encoder(type) : CodeBlock.of("out -> { }"), decoder);
        t.addMethod(m.build());
        t.addMethod(flagged.build());
    }

    private void dumpMethods(TypeSpec.Builder t, YnlOperation op, YnlHandler h, ClassName type) {
        if (op.requestValue().isEmpty() || h.reply().isEmpty()) {
            return;
        }
        String name = method(Names.member(op.name()) + "Dump");
        String field = Names.member(op.name()) + "Op";
        boolean hasRequest = takesAttributes(h.request()) || isMessage(type);
        TypeName list = ParameterizedTypeName.get(Runtime.FUTURE, ParameterizedTypeName.get(
                ClassName.get(List.class), type));
        TypeName done = ParameterizedTypeName.get(Runtime.FUTURE, ClassName.get(Void.class));
        TypeName consumer = ParameterizedTypeName.get(ClassName.get(Consumer.class),
                WildcardTypeName.supertypeOf(type));
        CodeBlock empty = isMessage(type) ? CodeBlock.of("$T.builder().build()::encode", type)
                : CodeBlock.of("out -> { }");
        t.addMethod(MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(list)
                .addJavadoc("$L, without filters: every part, in order, once the dump ends.\n", opDoc(op, "dump"))
                .addStatement("return socket.dump($L,$W$L,$W$L)", field, empty, decoder(type)).build());
        t.addMethod(MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(done)
                .addJavadoc("$L, without filters, each part handed to {@code consumer} on the event loop as it "
                        + "arrives:\nmemory does not grow with the dump.\n", opDoc(op, "dump"))
                .addParameter(consumer, "consumer")
                .addStatement("return socket.dump($L,$W$L,$W$L,$Wconsumer)", field, empty, decoder(type))
                .build());
        if (hasRequest) {
            String requestDoc = h.request().map(m -> String.join(", ", m.attributes())).orElse("");
            t.addMethod(MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(list)
                    .addJavadoc("$L with {@code request} (it takes $L): every part, in order.\n", opDoc(op, "dump"),
                            requestDoc.isEmpty() ? "the fixed header" : requestDoc)
                    .addParameter(type, "request")
                    .addStatement("return socket.dump($L,$W$L,$W$L)", field, encoder(type),
                            decoder(type)).build());
            t.addMethod(MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC).returns(done)
                    .addJavadoc("$L with {@code request}, each part handed to {@code consumer} as it arrives.\n",
                            opDoc(op, "dump"))
                    .addParameter(type, "request").addParameter(consumer, "consumer")
                    .addStatement("return socket.dump($L,$W$L,$W$L,$Wconsumer)", field, encoder(type),
                            decoder(type)).build());
        }
    }

    private void notification(TypeSpec.Builder t, YnlOperation op, ClassName type) {
        String name = method("on" + Names.type(op.name()));
        TypeName consumer = ParameterizedTypeName.get(ClassName.get(Consumer.class),
                WildcardTypeName.supertypeOf(type));
        t.addMethod(MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(Runtime.FUTURE, ClassName.get(Void.class)))
                .addJavadoc("Joins multicast group {@code $L} and hands each {@code $L} notification to "
                        + "{@code listener} on the event loop,\nreplacing an earlier listener of it; completes once "
                        + "joined.\n", op.mcgrp().get(), op.name())
                .addParameter(consumer, "listener")
                .addStatement("return socket.subscribe($S,$W$L,$W$L,$Wlistener)", op.mcgrp().get(),
                        Names.member(op.name()) + "Op", decoder(type)).build());
    }

    /**
     * For a netlink-raw family, a listener per multicast group, typed with the message record of the operations
     * the group carries: the family's only record, or the one whose attribute set's first word is in the group's
     * name ({@code rtnlgrp-stats}: {@code stats-attrs}), else the first operation's. It takes the message types of
     * the operations with that record.
     */
    private void groups(TypeSpec.Builder t) {
        Map<ClassName, List<YnlOperation>> byType = new LinkedHashMap<>();
        for (YnlOperation op : ctx.spec.operations().list()) {
            if (op.isCall()) {
                messageType(op).ifPresent(type -> byType.computeIfAbsent(type, k -> new ArrayList<>()).add(op));
            }
        }
        if (byType.isEmpty()) {
            return;
        }
        for (YnlMcastGroup g : ctx.spec.mcastGroups()) {
            if (g.value().isEmpty()) {
                continue;
            }
            ClassName type = byType.keySet().iterator().next();
            for (Map.Entry<ClassName, List<YnlOperation>> e : byType.entrySet()) {
                String set = e.getValue().get(0).attributeSet().orElse("");
                String word = Names.words(set).isEmpty() ? "" : Names.words(set).get(0);
                if (byType.size() > 1 && !word.isEmpty() && Names.words(g.name()).contains(word)) {
                    type = e.getKey();
                }
            }
            List<YnlOperation> ops = byType.get(type);
            List<String> types = ops.stream().flatMap(o -> java.util.stream.Stream.of(o.requestValue(),
                    o.replyValue())).filter(java.util.OptionalInt::isPresent).map(v -> String.valueOf(v.getAsInt()))
                    .distinct().toList();
            TypeName consumer = ParameterizedTypeName.get(ClassName.get(Consumer.class),
                    WildcardTypeName.supertypeOf(ParameterizedTypeName.get(Runtime.NOTIFICATION, type)));
            t.addMethod(MethodSpec.methodBuilder(method("on" + Names.type(g.name())))
                    .addModifiers(Modifier.PUBLIC)
                    .returns(ParameterizedTypeName.get(Runtime.FUTURE, ClassName.get(Void.class)))
                    .addJavadoc("Joins multicast group {@code $L} ($L) and hands each of its messages of type $L, "
                                    + "decoded, to {@code listener} on\nthe event loop with the operation its type "
                                    + "belongs to; completes once joined.\n", g.name(), g.value().getAsInt(),
                            String.join(", ", types))
                    .addParameter(consumer, "listener")
                    .addStatement("return socket.subscribeGroup($S,$W$L,$Wnew int[] {$L},$W$L,$Wlistener)", g.name(),
                            Names.member(ops.get(0).name()) + "Op", String.join(", ", types), decoder(type))
                    .build());
        }
    }

    private CodeBlock decoder(ClassName type) {
        return isMessage(type) ? CodeBlock.of("$T::decode", type) : CodeBlock.of("(buf, header, r) ->$W$T.decode(r)",
                type);
    }

    private CodeBlock encoder(ClassName type) {
        return encoder(CodeBlock.of("request"), isMessage(type));
    }

    private CodeBlock encoder(CodeBlock value, boolean message) {
        return message ? CodeBlock.of("$L::encode", value) : CodeBlock.of("out ->$W$L.encode(new $T(out))", value,
                Runtime.WRITER);
    }
}
