package dev.netlink.genl.testkit;

import dev.netlink.testkit.FakeKernel;
import dev.netlink.testkit.KernelReply;
import dev.netlink.testkit.KernelReply;
import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.attr.ReportedPolicy;
import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.genl.Command;
import dev.netlink.genl.CommandPolicy;
import dev.netlink.genl.Family;
import dev.netlink.genl.MulticastGroup;
import dev.netlink.genl.Policy;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import static dev.netlink.genl.GenlCtrl.*;

/**
 * A fake nlctrl for the {@link FakeKernel}: serves {@code CTRL_CMD_GETFAMILY} (by name, by id, and as a dump) and
 * {@code CTRL_CMD_GETPOLICY} (whole family or one command) for the families a test declares, so that
 * {@code GenericNetlinkController} works against it unchanged. nlctrl itself is always there. Requests for
 * other families go to the responder given to {@link #orElse}; without one they fail with {@code EOPNOTSUPP}.
 * Not thread-safe.
 */
public final class FakeGenlController implements FakeKernel.Responder {
    private final Map<String, Family> families = new LinkedHashMap<>();
    private final Map<Integer, Policy> policies = new LinkedHashMap<>();
    private FakeKernel.Responder fallback;

    /** nlctrl as this kernel registers it, plus {@code declared}. */
    public FakeGenlController(Family... declared) {
        family(new Family(GENL_ID_CTRL, CTRL_NAME, CTRL_VERSION, 0, 0,
                List.of(new Command(CTRL_CMD_GETFAMILY, GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP | GENL_CMD_CAP_HASPOL),
                        new Command(CTRL_CMD_GETPOLICY, GENL_CMD_CAP_DUMP | GENL_CMD_CAP_HASPOL)),
                List.of(new MulticastGroup(CTRL_GROUP_NOTIFY, GENL_ID_CTRL))));
        for (Family f : declared) {
            family(f);
        }
    }

    /** Declares a family (replacing one of the same name). */
    public FakeGenlController family(Family family) {
        families.put(family.name(), family);
        return this;
    }

    /** Declares the policies {@code CTRL_CMD_GETPOLICY} reports for the family whose id is in {@code policy}. */
    public FakeGenlController policy(Policy policy) {
        policies.put(policy.familyId(), policy);
        return this;
    }

    /** Where requests of other families go. */
    public FakeGenlController orElse(FakeKernel.Responder responder) {
        this.fallback = responder;
        return this;
    }

    @Override
    public void respond(NetlinkMessage request, KernelReply reply) throws Exception {
        if (request.type() != GENL_ID_CTRL) {
            if (fallback == null) {
                reply.error(Errno.EOPNOTSUPP, "no fake for family 0x" + Integer.toHexString(request.type()));
            } else {
                fallback.respond(request, reply);
            }
            return;
        }
        ByteBuf p = request.content();
        if (p.readableBytes() < GENL_HDRLEN) {
            reply.error(Errno.EINVAL, "missing genlmsghdr");
            return;
        }
        int cmd = p.getUnsignedByte(p.readerIndex());
        AttributeReader attrs = new AttributeReader(p, p.readerIndex() + GENL_HDRLEN,
                p.readableBytes() - GENL_HDRLEN);
        Family family = null;
        Integer op = null;
        boolean named = false;
        while (attrs.next()) {
            switch (attrs.type()) {
                case CTRL_ATTR_FAMILY_ID -> {
                    named = true;
                    int id = attrs.u16();
                    family = families.values().stream().filter(f -> f.id() == id).findFirst().orElse(null);
                }
                case CTRL_ATTR_FAMILY_NAME -> {
                    named = true;
                    family = families.get(attrs.string());
                }
                case CTRL_ATTR_OP -> op = attrs.u32();
                default -> {
                }
            }
        }
        if (cmd == CTRL_CMD_GETFAMILY) {
            if (reply.isDump()) {
                families.values().forEach(f -> newFamily(reply, f));
            } else if (family == null) {
                reply.error(Errno.ENOENT);
            } else {
                newFamily(reply, family);
            }
        } else if (cmd == CTRL_CMD_GETPOLICY) {
            if (!named || family == null) {
                reply.error(named ? Errno.ENOENT : Errno.EINVAL);
            } else if (!policies.containsKey(family.id())) {
                reply.error(Errno.ENODATA);
            } else {
                policy(reply, family.id(), policies.get(family.id()), op);
            }
        } else {
            reply.error(Errno.EOPNOTSUPP, "the fake nlctrl serves GETFAMILY and GETPOLICY");
        }
    }

    private static byte[] genlHeader(int cmd) {
        return new byte[] {(byte) cmd, (byte) CTRL_VERSION, 0, 0};
    }

    private static void newFamily(KernelReply reply, Family f) {
        reply.message(GENL_ID_CTRL, genlHeader(CTRL_CMD_NEWFAMILY), w -> {
            w.putString(CTRL_ATTR_FAMILY_NAME, f.name()).putU16(CTRL_ATTR_FAMILY_ID, f.id())
                    .putU32(CTRL_ATTR_VERSION, f.version()).putU32(CTRL_ATTR_HDRSIZE, f.hdrsize())
                    .putU32(CTRL_ATTR_MAXATTR, f.maxattr());
            if (!f.commands().isEmpty()) {
                int ops = w.startNested(CTRL_ATTR_OPS);
                int i = 1;
                for (Command c : f.commands()) {
                    int op = w.startNested(i++);
                    w.putU32(CTRL_ATTR_OP_ID, c.id()).putU32(CTRL_ATTR_OP_FLAGS, c.flags());
                    w.endNested(op);
                }
                w.endNested(ops);
            }
            if (!f.mcastGroups().isEmpty()) {
                int groups = w.startNested(CTRL_ATTR_MCAST_GROUPS);
                int i = 1;
                for (MulticastGroup g : f.mcastGroups()) {
                    int grp = w.startNested(i++);
                    w.putString(CTRL_ATTR_MCAST_GRP_NAME, g.name()).putU32(CTRL_ATTR_MCAST_GRP_ID, g.id());
                    w.endNested(grp);
                }
                w.endNested(groups);
            }
        });
    }

    /**
     * As the kernel dumps them: one message per attribute policy, then one per command's policies, each under the
     * number the kernel would nest it under ({@link CommandPolicy#reportedCmd()}).
     */
    private static void policy(KernelReply reply, int familyId, Policy policy, Integer op) {
        List<Integer> indices = new ArrayList<>(policy.policies().keySet());
        for (int idx : indices) {
            SortedMap<Integer, ReportedPolicy> attrs = policy.policies().get(idx);
            attrs.forEach((type, ap) -> reply.message(GENL_ID_CTRL, genlHeader(CTRL_CMD_GETPOLICY), w -> {
                w.putU16(CTRL_ATTR_FAMILY_ID, familyId);
                int outer = w.startNested(CTRL_ATTR_POLICY);
                int index = w.startNested(idx);
                int attr = w.startNested(type);
                ap.encode(w);
                w.endNested(attr);
                w.endNested(index);
                w.endNested(outer);
            }));
        }
        for (CommandPolicy cp : policy.commands()) {
            if (op != null && cp.cmd() != op) {
                continue;
            }
            reply.message(GENL_ID_CTRL, genlHeader(CTRL_CMD_GETPOLICY), w -> {
                w.putU16(CTRL_ATTR_FAMILY_ID, familyId);
                int outer = w.startNested(CTRL_ATTR_OP_POLICY);
                int cmd = w.startNested(cp.reportedCmd()); // as the kernel does: 0 for a dump-only command
                if (cp.hasDo()) {
                    w.putU32(CTRL_ATTR_POLICY_DO, cp.doPolicy());
                }
                if (cp.hasDump()) {
                    w.putU32(CTRL_ATTR_POLICY_DUMP, cp.dumpPolicy());
                }
                w.endNested(cmd);
                w.endNested(outer);
            });
        }
    }
}
