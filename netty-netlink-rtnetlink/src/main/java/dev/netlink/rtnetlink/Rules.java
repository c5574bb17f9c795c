package dev.netlink.rtnetlink;

import dev.netlink.codec.HostOrder;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.family.rtrule.FibRuleMessage;
import dev.netlink.family.rtrule.RtRule;
import dev.netlink.ynl.typed.RawAttribute;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.Future;

import java.util.List;

/**
 * {@code ip rule}: the routing policy rules of one network namespace through the generated rt-rule family.
 * Thread-safe.
 */
public final class Rules {
    private final RtRule rt;

    Rules(RtRule rt) {
        this.rt = rt;
    }

    /** Every rule of {@code family} (2, 10), in priority order, as {@code ip rule show}. */
    public Future<List<Rule>> list(int family) {
        return Futures.map(rt.getruleDump(FibRuleMessage.builder().header(h -> h.family(family)).build()),
                l -> l.stream().filter(m -> m.header().family() == family).map(Rule::of).toList());
    }

    /** {@code ip rule add}; fails with {@code EEXIST} when the same rule is there. */
    public Future<Void> add(Rule rule) {
        return rt.newrule(message(rule), NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_EXCL);
    }

    /** {@code ip rule del}: the rule matching {@code rule}'s priority, selectors and table. */
    public Future<Void> delete(Rule rule) {
        return rt.delrule(message(rule));
    }

    static FibRuleMessage message(Rule r) {
        return FibRuleMessage.builder().header(h -> h.family(r.family()).table(r.table() < 256 ? r.table() : 252)
                .action(r.action()).srcLen(r.src() == null ? 0 : r.src().length())
                .dstLen(r.dst() == null ? 0 : r.dst().length())).attributes(a -> {
            a.priority(r.priority()).table(r.table());
            address(a, Rule.FRA_SRC, r.src());
            address(a, Rule.FRA_DST, r.dst());
            if (r.iifname() != null) {
                a.iifname(r.iifname());
            }
            if (r.oifname() != null) {
                a.oifname(r.oifname());
            }
            if (r.fwmark() != 0) {
                a.fwmark(r.fwmark());
            }
        }).build();
    }

    /** {@code FRA_SRC}/{@code FRA_DST}: the spec's u32 for IPv4, raw bytes for IPv6 (which a u32 cannot hold). */
    private static void address(dev.netlink.family.rtrule.FibRuleAttrs.Builder a, int type, IpPrefix p) {
        if (p == null) {
            return;
        }
        byte[] b = p.network().address().getAddress();
        if (b.length == 4) {
            int v = HostOrder.getI32(Unpooled.wrappedBuffer(b), 0);
            if (type == Rule.FRA_SRC) {
                a.src(v);
            } else {
                a.dst(v);
            }
        } else {
            a.raw(new RawAttribute(type, b));
        }
    }
}
