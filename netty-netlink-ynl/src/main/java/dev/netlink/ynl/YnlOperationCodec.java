package dev.netlink.ynl;

import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.attr.AttributeSchema;
import dev.netlink.codec.attr.AttributeStruct;
import dev.netlink.codec.attr.AttributeWriter;
import io.netty.buffer.ByteBuf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A YNL family's operations as message bodies, whatever carries them: a request's fixed header and attributes
 * built from a map keyed by the spec's names (checked against the operation's {@code request} list, before
 * anything is sent), and a reply's or notification's fixed header and attributes read back into such a map. Knows
 * no socket, so generic netlink ({@link GenericYnlFamily}) and netlink-raw ({@link RawYnlFamily}) families share
 * it. Immutable and thread-safe.
 */
final class YnlOperationCodec {
    /** A request ready to write: the fixed header's bytes (empty when there is none) and the attributes. */
    record Request(YnlOperation op, int cmd, byte[] header, Consumer<AttributeWriter> attributes) {
    }

    private final YnlSpec spec;
    private final YnlSchemas schemas;
    private final AttributeSchema unknown;
    private final YnlSubMessages subMessages;
    private final YnlValueTree tree;
    private final YnlRequestChecks checks;

    YnlOperationCodec(YnlSpec spec) {
        this.spec = spec;
        this.schemas = YnlSchemas.of(spec);
        this.unknown = AttributeSchema.builder(spec.name()).build();
        this.subMessages = new YnlSubMessages(spec, schemas);
        this.tree = new YnlValueTree(spec, subMessages);
        this.checks = new YnlRequestChecks(spec);
    }

    YnlSpec spec() {
        return spec;
    }

    /** The request flags a caller may give a do: how a {@code new*} request treats an existing object, and echo. */
    static final int DO_FLAGS = NetlinkFlags.NLM_F_REPLACE | NetlinkFlags.NLM_F_EXCL | NetlinkFlags.NLM_F_CREATE
            | NetlinkFlags.NLM_F_APPEND | NetlinkFlags.NLM_F_ECHO;

    /**
     * {@code flags}, given for the do of {@code op}, checked to be {@link #DO_FLAGS}.
     *
     * @throws IllegalArgumentException naming the operation and the other bits
     */
    int doFlags(YnlOperation op, int flags) {
        if ((flags & ~DO_FLAGS) != 0) {
            throw new IllegalArgumentException(spec.name() + ' ' + op.name() + ": a do takes the flags "
                    + NetlinkFlags.toString(DO_FLAGS, NetlinkFlags.Kind.NEW) + ", not "
                    + NetlinkFlags.toString(flags & ~DO_FLAGS));
        }
        return flags;
    }

    /** The operation called {@code name}; refused with the list of the spec's operations otherwise. */
    YnlOperation operation(String name) {
        return spec.operations().operation(name).orElseThrow(() -> new IllegalArgumentException(spec.name()
                + " has no operation \"" + name + "\"; it has " + String.join(", ", spec.operations().list().stream()
                .filter(YnlOperation::isCall).map(YnlOperation::name).toList())));
    }

    /** The schema of {@code op}'s attribute set: every attribute unknown when it has none. */
    AttributeSchema schema(YnlOperation op) {
        return op.attributeSet().map(schemas::schema).orElse(unknown);
    }

    /** The schema the request with command (message type) {@code cmd} is written with, or {@code null}. */
    AttributeSchema requestSchema(int cmd) {
        return spec.operations().byRequestValue(cmd).map(this::schema).orElse(null);
    }

    /**
     * The request of {@code op}'s {@code do} ({@code dump} false) or {@code dump} with {@code values}: the
     * attributes of its {@code request} list by name, a decimal key for an attribute the spec does not know (sent
     * as bytes), and the members of its fixed header by name ({@code hdrsize} bytes on the wire: zeros after the
     * known members, the kernel's header being longer).
     *
     * A netlink-raw get whose spec lists only its do (nftables' {@code gettable}, {@code getchain}) is dumped with
     * the do's request, as {@code tools/net/ynl} dumps any operation.
     *
     * @throws IllegalArgumentException naming the operation and the attribute, and listing what is allowed, if
     *                                  the operation has no such handler, a key names nothing the request takes, or
     *                                  the fixed header does not fit {@code hdrsize}, a value breaks the spec's
     *                                  {@code checks} or its type's range, or is of no form its type or display hint
     *                                  takes
     */
    Request request(YnlOperation op, boolean dump, Map<String, ?> values, int hdrsize) {
        String what = spec.name() + ' ' + op.name();
        String kind = dump ? "dump" : "do";
        Optional<YnlHandler> handler = dump ? op.dumpHandler() : op.doHandler();
        if (dump && handler.isEmpty() && !spec.protocol().isGenetlink()
                && op.doHandler().flatMap(YnlHandler::reply).isPresent()) {
            handler = op.doHandler(); // nftables' specs list only the do of gets the kernel also dumps
        }
        if (handler.isEmpty() || op.requestValue().isEmpty()) {
            throw new IllegalArgumentException(what + " has no " + kind + (op.isCall() ? "; it has a "
                    + (dump ? "do" : "dump") : "; it is not a request"));
        }
        List<String> allowed = handler.get().request().map(YnlMessage::attributes).orElse(List.of());
        Optional<AttributeStruct> fixed = schemas.fixedHeader(op);
        AttributeSchema schema = schema(op);
        Map<String, Object> headerValues = new LinkedHashMap<>();
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            String key = e.getKey();
            if (fixed.isPresent() && fixed.get().members().stream().anyMatch(m -> key.equals(m.name()))) {
                headerValues.put(key, e.getValue());
                continue;
            }
            boolean raw = !key.isEmpty() && key.chars().allMatch(Character::isDigit);
            if (!raw && schema.number(key).isEmpty()) {
                throw new IllegalArgumentException(what + ": no attribute \"" + key + "\" in attribute set "
                        + schema.name() + "; the " + kind + " request takes " + takes(allowed, fixed));
            }
            if (!raw && !allowed.contains(key) && spec.protocol().checksRequestsPerOperation()) {
                throw new IllegalArgumentException(what + ": attribute \"" + key + "\" is not part of the " + kind
                        + " request; it takes " + takes(allowed, fixed));
            }
            attributes.put(key, e.getValue());
        }
        Map<Object, Object> wire;
        Map<String, Object> header;
        try {
            YnlValueTree.Mapper given = (leaf, v) -> checks.check(leaf, YnlDisplayHints.encode(leaf, v));
            header = tree.map(Optional.empty(), op.fixedHeader(), headerValues, given);
            Map<String, Object> checked = tree.map(op.attributeSet(), Optional.empty(), attributes, given);
            wire = YnlMaps.wire(schema, op.attributeSet().isEmpty() ? checked
                    : subMessages.encode(op.attributeSet().get(), checked, ""), "");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
        byte[] headerBytes = header(what, fixed, header, hdrsize);
        Consumer<AttributeWriter> writer = w -> {
            try {
                schema.encode(wire, w);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
            }
        };
        return new Request(op, op.requestValue().getAsInt(), headerBytes, writer);
    }

    private static String takes(List<String> allowed, Optional<AttributeStruct> fixed) {
        StringBuilder sb = new StringBuilder(allowed.isEmpty() ? "no attributes" : String.join(", ", allowed));
        fixed.ifPresent(s -> sb.append(" (and the fixed header ").append(s.name()).append("'s ")
                .append(String.join(", ", s.members().stream().map(AttributeStruct.Member::name)
                        .filter(n -> n != null).toList())).append(')'));
        return sb.toString();
    }

    private static byte[] header(String what, Optional<AttributeStruct> fixed, Map<String, Object> values,
                                 int hdrsize) {
        if (fixed.isEmpty()) {
            if (hdrsize != 0) {
                throw new IllegalArgumentException(what + ": the kernel's family header has " + hdrsize
                        + " bytes, and the spec describes none");
            }
            return new byte[0];
        }
        byte[] known;
        try {
            known = fixed.get().toBytes(values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
        if (known.length > hdrsize) {
            throw new IllegalArgumentException(what + ": fixed header " + fixed.get().name() + " has " + known.length
                    + " bytes, but the kernel's family header only " + hdrsize);
        }
        byte[] out = new byte[hdrsize];
        System.arraycopy(known, 0, out, 0, known.length);
        return out;
    }

    /**
     * The fixed header (its members by name; unreleased, indices kept) and attributes (keyed by the spec's names)
     * of a message of {@code op}, or, when {@code op} is {@code null} (a command the spec does not know), every
     * attribute by its decimal number.
     */
    Map<String, Object> decode(YnlOperation op, ByteBuf header, ByteBuf attributes) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (op != null && header.isReadable()) {
            schemas.fixedHeader(op).ifPresent(s -> {
                if (header.readableBytes() >= s.size()) {
                    out.putAll(s.decode(header, header.readerIndex(), header.readableBytes()));
                }
            });
        }
        AttributeSchema schema = op == null ? unknown : schema(op);
        Map<String, Object> named = YnlMaps.named(schema, schema.decode(attributes));
        if (op == null) {
            out.putAll(named);
            return out;
        }
        out.putAll(op.attributeSet().isEmpty() ? named : subMessages.decode(op.attributeSet().get(), named));
        return tree.map(op.attributeSet(), op.fixedHeader(), out, YnlDisplayHints::decode);
    }

    /** The size in bytes of {@code op}'s fixed header struct (the operation's or the family's), 0 without one. */
    int headerSize(YnlOperation op) {
        return schemas.fixedHeader(op).map(AttributeStruct::size).orElse(0);
    }

    /** The operation whose messages from the kernel have id {@code cmd}, preferring a notification. */
    Optional<YnlOperation> fromKernel(int cmd) {
        return spec.operations().list().stream()
                .filter(o -> o.replyValue().isPresent() && o.replyValue().getAsInt() == cmd)
                .min((a, b) -> Boolean.compare(!a.isAsync(), !b.isAsync()));
    }
}
