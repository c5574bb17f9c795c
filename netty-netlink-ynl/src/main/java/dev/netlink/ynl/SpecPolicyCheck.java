package dev.netlink.ynl;

import dev.netlink.codec.attr.NlAttrType;
import dev.netlink.codec.attr.ReportedPolicy;
import dev.netlink.genl.CommandPolicy;
import dev.netlink.genl.GenericNetlinkController;
import dev.netlink.genl.Policy;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Compares a generic netlink family's spec with the policy the running kernel reports for it
 * ({@code CTRL_CMD_GETPOLICY}): for every operation's do and dump request, the attributes the spec says a request
 * carries that the kernel's policy does not accept, those it accepts with another type, and those whose bounds
 * differ from the spec's {@code checks}; nests are followed into the nested policy. A spec is written for one
 * kernel and the kernel moves on, so this is how one learns, before sending, what this kernel will refuse.
 * Stateless; thread-safe.
 */
public final class SpecPolicyCheck {
    /** What a finding says. A closed set of our own. */
    public enum Kind {
        /** The spec lists the attribute in the request, the kernel's policy has no entry for it. */
        NOT_ACCEPTED,
        /** Both know the attribute; the kernel validates another type. */
        TYPE_DIFFERS,
        /** Both bound the attribute; the bounds differ. */
        BOUNDS_DIFFER
    }

    /**
     * One difference between the spec and the kernel.
     *
     * @param operation the operation's name in the spec
     * @param handler   {@code do} or {@code dump}
     * @param attribute the attribute's path in the spec's names, e.g. {@code header.dev-name}
     * @param kind      what differs
     * @param detail    what each side says
     */
    public record Finding(String operation, String handler, String attribute, Kind kind, String detail) {
        public Finding {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(handler, "handler");
            Objects.requireNonNull(attribute, "attribute");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String toString() {
            return operation + " " + handler + " " + attribute + ": " + kind + " (" + detail + ')';
        }
    }

    private SpecPolicyCheck() {
    }

    /**
     * Asks the kernel for the policy of {@code spec}'s family through {@code controller} and compares.
     *
     * @return the findings, empty when the kernel agrees with the spec; fails when the family is not registered
     */
    public static Future<List<Finding>> check(GenericNetlinkController controller, YnlSpec spec) {
        Promise<List<Finding>> result = controller.socket().newPromise();
        controller.getPolicyByName(spec.name(), null).addListener((Future<Policy> f) -> {
            if (!f.isSuccess()) {
                result.tryFailure(f.cause());
                return;
            }
            try {
                result.trySuccess(compare(spec, f.getNow()));
            } catch (RuntimeException e) {
                result.tryFailure(e);
            }
        });
        return result;
    }

    /** The findings for {@code spec} against the kernel's {@code policy} of its family. */
    public static List<Finding> compare(YnlSpec spec, Policy policy) {
        List<Finding> out = new ArrayList<>();
        for (YnlOperation op : spec.operations().list()) {
            if (op.requestValue().isEmpty() || op.attributeSet().isEmpty()) {
                continue;
            }
            Optional<CommandPolicy> cp = policy.command(op.requestValue().getAsInt());
            if (cp.isEmpty()) {
                continue; // no policy for this command: the kernel validates nothing, or has no such op
            }
            YnlAttributeSet set = spec.attributeSet(op.attributeSet().get()).orElseThrow();
            if (cp.get().hasDo()) {
                op.doHandler().flatMap(YnlHandler::request).ifPresent(request -> compareRequest(spec, op, "do",
                        set, request.attributes(), policy, cp.get().doPolicy(), out));
            }
            if (cp.get().hasDump()) {
                op.dumpHandler().flatMap(YnlHandler::request).ifPresent(request -> compareRequest(spec, op,
                        "dump", set, request.attributes(), policy, cp.get().dumpPolicy(), out));
            }
        }
        return out;
    }

    private static void compareRequest(YnlSpec spec, YnlOperation op, String handler, YnlAttributeSet set,
                                       List<String> names, Policy policy, int index, List<Finding> out) {
        Map<Integer, ReportedPolicy> kernel = policy.policy(index);
        for (String name : names) {
            Optional<YnlAttribute> a = set.attribute(name);
            if (a.isEmpty()) {
                continue;
            }
            ReportedPolicy p = kernel.get(a.get().value());
            if (p == null) {
                out.add(new Finding(op.name(), handler, name, Kind.NOT_ACCEPTED, "the spec sends it as attribute "
                        + a.get().value() + ", the kernel's policy " + index + " has no entry for it"));
                continue;
            }
            compareAttribute(spec, op, handler, name, a.get(), p, policy, out, new HashSet<>());
        }
    }

    private static void compareAttribute(YnlSpec spec, YnlOperation op, String handler, String path, YnlAttribute a,
                                         ReportedPolicy p, Policy policy, List<Finding> out, Set<String> visiting) {
        Set<Integer> expected = kernelTypes(a.type());
        if (!expected.isEmpty() && !expected.contains(p.type())) {
            out.add(new Finding(op.name(), handler, path, Kind.TYPE_DIFFERS, "the spec says " + a.type()
                    + ", the kernel validates " + NlAttrType.toString(p.type())));
            return;
        }
        bounds(spec, a.checks().min(), a.type().isSigned() ? p.minValueS() : p.minValueU(), "min", op, handler,
                path, out);
        bounds(spec, a.checks().max(), a.type().isSigned() ? p.maxValueS() : p.maxValueU(), "max", op, handler,
                path, out);
        bounds(spec, a.checks().maxLen(), toLong(p.maxLength()), "max-len", op, handler, path, out);
        if (a.nestedAttributes().isPresent() && p.policyIdx().isPresent() && visiting.add(a.nestedAttributes().get())) {
            YnlAttributeSet nested = spec.attributeSet(a.nestedAttributes().get()).orElse(null);
            if (nested != null) {
                Map<Integer, ReportedPolicy> inner = policy.policy(p.policyIdx().getAsInt());
                for (YnlAttribute n : nested.attributes()) {
                    ReportedPolicy np = inner.get(n.value());
                    if (np != null) {
                        compareAttribute(spec, op, handler, path + '.' + n.name(), n, np, policy, out, visiting);
                    }
                }
            }
            visiting.remove(a.nestedAttributes().get());
        }
    }

    private static void bounds(YnlSpec spec, Optional<YnlValue> specBound, OptionalLong kernelBound, String what,
                               YnlOperation op, String handler, String path, List<Finding> out) {
        if (specBound.isEmpty() || kernelBound.isEmpty()) {
            return;
        }
        long specValue;
        try {
            specValue = spec.resolve(specBound.get());
        } catch (RuntimeException unresolved) {
            return; // a bound the spec writes as a name it does not define: nothing to compare
        }
        if (specValue != kernelBound.getAsLong()) {
            out.add(new Finding(op.name(), handler, path, Kind.BOUNDS_DIFFER, what + ": the spec says " + specValue
                    + ", the kernel " + kernelBound.getAsLong()));
        }
    }

    private static OptionalLong toLong(java.util.OptionalInt v) {
        return v.isPresent() ? OptionalLong.of(v.getAsInt()) : OptionalLong.empty();
    }

    /** The {@code NL_ATTR_TYPE_*} values a YNL type may be validated as; empty when any may be. */
    static Set<Integer> kernelTypes(YnlType t) {
        if (t.equals(YnlType.U8)) {
            return Set.of(NlAttrType.NL_ATTR_TYPE_U8);
        } else if (t.equals(YnlType.U16)) {
            return Set.of(NlAttrType.NL_ATTR_TYPE_U16);
        } else if (t.equals(YnlType.U32)) {
            return Set.of(NlAttrType.NL_ATTR_TYPE_U32);
        } else if (t.equals(YnlType.U64)) {
            return Set.of(NlAttrType.NL_ATTR_TYPE_U64);
        } else if (t.equals(YnlType.S8)) {
            return Set.of(NlAttrType.NL_ATTR_TYPE_S8);
        } else if (t.equals(YnlType.S16)) {
            return Set.of(NlAttrType.NL_ATTR_TYPE_S16);
        } else if (t.equals(YnlType.S32)) {
            return Set.of(NlAttrType.NL_ATTR_TYPE_S32);
        } else if (t.equals(YnlType.S64)) {
            return Set.of(NlAttrType.NL_ATTR_TYPE_S64);
        } else if (t.equals(YnlType.UINT)) {
            return Set.of(NlAttrType.NL_ATTR_TYPE_UINT);
        } else if (t.equals(YnlType.SINT)) {
            return Set.of(NlAttrType.NL_ATTR_TYPE_SINT);
        } else if (t.equals(YnlType.STRING)) {
            return Set.of(NlAttrType.NL_ATTR_TYPE_STRING, NlAttrType.NL_ATTR_TYPE_NUL_STRING);
        } else if (t.equals(YnlType.FLAG)) {
            return Set.of(NlAttrType.NL_ATTR_TYPE_FLAG);
        } else if (t.equals(YnlType.NEST)) {
            return Set.of(NlAttrType.NL_ATTR_TYPE_NESTED);
        } else if (t.equals(YnlType.INDEXED_ARRAY)) {
            return Set.of(NlAttrType.NL_ATTR_TYPE_NESTED_ARRAY, NlAttrType.NL_ATTR_TYPE_NESTED);
        } else if (t.equals(YnlType.BITFIELD32)) {
            return Set.of(NlAttrType.NL_ATTR_TYPE_BITFIELD32);
        }
        return Set.of(); // binary and the rest: the kernel may validate them as binary, a string, or not at all
    }
}
