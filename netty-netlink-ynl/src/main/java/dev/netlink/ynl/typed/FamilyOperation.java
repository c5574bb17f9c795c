package dev.netlink.ynl.typed;

import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.codec.attr.AttributeSchema;
import dev.netlink.codec.attr.AttributeStruct;
import dev.netlink.ynl.YnlAttribute;
import dev.netlink.ynl.YnlAttributeSet;
import dev.netlink.ynl.YnlHandler;
import dev.netlink.ynl.YnlMessage;
import dev.netlink.ynl.YnlOperation;
import dev.netlink.ynl.YnlSchemas;
import dev.netlink.ynl.YnlSpec;

import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * One operation of a family's spec as a {@link FamilySocket} sends it: its message ids, the size of its fixed
 * header, the schema that names its attributes in errors, and the attributes its {@code do} and {@code dump}
 * requests take. Made once per socket and operation; immutable.
 */
public final class FamilyOperation {
    private final YnlSpec spec;
    private final YnlOperation op;
    private final AttributeSchema schema;
    private final int requestHeaderSize;
    private final Optional<YnlAttributeSet> set;
    private final Allowed doRequest;
    private final Allowed dumpRequest;

    FamilyOperation(YnlSpec spec, String name, int kernelHeaderSize) {
        this.spec = spec;
        this.op = spec.operations().operation(name).orElseThrow(() -> new IllegalArgumentException(spec.name()
                + " has no operation \"" + name + "\""));
        YnlSchemas schemas = YnlSchemas.of(spec);
        this.set = op.attributeSet().flatMap(spec::attributeSet);
        this.schema = op.attributeSet().map(schemas::schema).orElse(null);
        int structSize = schemas.fixedHeader(op).map(AttributeStruct::size).orElse(0);
        this.requestHeaderSize = spec.protocol().isGenetlink() ? kernelHeaderSize : structSize;
        this.doRequest = allowed(op.doHandler());
        this.dumpRequest = allowed(op.dumpHandler());
    }

    /** The operation's name in the spec ({@code dev-get}). */
    public String name() {
        return op.name();
    }

    /** The operation as the spec describes it. */
    public YnlOperation spec() {
        return op;
    }

    int requestValue(boolean dump) {
        if ((dump ? op.dumpHandler() : op.doHandler()).isEmpty() || op.requestValue().isEmpty()) {
            throw new IllegalArgumentException(spec.name() + ' ' + op.name() + " has no " + (dump ? "dump" : "do"));
        }
        return op.requestValue().getAsInt();
    }

    /** The id of the operation's messages from the kernel (a notification's, or a reply's). */
    int notificationValue() {
        if (op.replyValue().isPresent()) {
            return op.replyValue().getAsInt();
        }
        return op.value().orElseThrow(() -> new IllegalArgumentException(this + " has no message id"));
    }

    int requestHeaderSize() {
        return requestHeaderSize;
    }

    int replyHeaderSize() {
        return requestHeaderSize;
    }

    AttributeSchema schema() {
        return schema;
    }

    /**
     * Refuses, before anything is sent, a request whose top-level attributes (under {@code attributes}) include
     * one of the set that the {@code do} (or {@code dump}) request does not take; attributes the spec does not
     * know (a caller's raw ones) pass. Only where the kernel checks per operation
     * ({@link dev.netlink.ynl.YnlProtocol#checksRequestsPerOperation()}).
     */
    void checkRequest(boolean dump, AttributeReader attributes) {
        if (!spec.protocol().checksRequestsPerOperation()) {
            return;
        }
        Allowed allowed = dump ? dumpRequest : doRequest;
        while (attributes.next()) {
            int type = attributes.type();
            if (set.isEmpty() || allowed.types.get(type)) {
                continue;
            }
            Optional<YnlAttribute> a = set.get().attributeByValue(type);
            if (a.isPresent()) {
                throw new IllegalArgumentException(spec.name() + ' ' + op.name() + ": attribute \"" + a.get().name()
                        + "\" is not part of the " + (dump ? "dump" : "do") + " request; it takes "
                        + (allowed.names.isEmpty() ? "no attributes" : String.join(", ", allowed.names)));
            }
        }
    }

    private Allowed allowed(Optional<YnlHandler> handler) {
        List<String> names = handler.flatMap(YnlHandler::request).map(YnlMessage::attributes).orElse(List.of())
                .stream().filter(n -> set.isPresent() && set.get().attribute(n).isPresent()).toList();
        BitSet types = new BitSet();
        names.forEach(n -> types.set(set.get().attribute(n).get().value()));
        return new Allowed(types, names);
    }

    private record Allowed(BitSet types, List<String> names) {
    }

    @Override
    public String toString() {
        return spec.name() + ' ' + op.name();
    }
}
