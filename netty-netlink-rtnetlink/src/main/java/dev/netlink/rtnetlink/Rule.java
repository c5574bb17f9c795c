package dev.netlink.rtnetlink;

import dev.netlink.codec.HostOrder;
import dev.netlink.family.rtrule.FibRuleAttrs;
import dev.netlink.family.rtrule.FibRuleMessage;
import dev.netlink.family.rtrule.FrAct;
import dev.netlink.ynl.typed.EnumValue;
import dev.netlink.ynl.typed.RawAttribute;
import io.netty.buffer.Unpooled;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A routing policy rule as {@code ip rule} shows it, and as it is given to {@link Rules#add}: priority, the
 * selectors ({@code from}, {@code to}, {@code iif}, {@code oif}, {@code fwmark}) and the action with its table.
 * The rt-rule spec types {@code FRA_SRC}/{@code FRA_DST} as {@code u32}, which holds an IPv4 address only; an IPv6
 * one arrives as a raw attribute and is read here. Immutable.
 *
 * @param family   {@code 2} (AF_INET) or {@code 10} (AF_INET6)
 * @param priority {@code FRA_PRIORITY}
 * @param table    {@code FRA_TABLE} (or the header's table)
 * @param action   {@code action} ({@code FR_ACT_TO_TBL} for {@code lookup})
 * @param src      {@code from}: {@code FRA_SRC} with {@code src_len}; {@code null} for {@code from all}
 * @param dst      {@code to}: {@code FRA_DST} with {@code dst_len}; {@code null} when absent
 * @param iifname  {@code FRA_IIFNAME}, {@code null} when absent
 * @param oifname  {@code FRA_OIFNAME}, {@code null} when absent
 * @param fwmark   {@code FRA_FWMARK}, 0 when absent
 * @param message  the whole message as the generated rt-rule family decoded it; {@code null} for one built here
 */
public record Rule(int family, int priority, int table, EnumValue<FrAct> action, IpPrefix src, IpPrefix dst,
                   String iifname, String oifname, int fwmark, FibRuleMessage message) {
    /** {@code FRA_DST}, {@code FRA_SRC}. */
    static final int FRA_DST = 1;
    static final int FRA_SRC = 2;

    public Rule {
        Objects.requireNonNull(action, "action");
    }

    /** The rule a {@code RTM_NEWRULE} message describes. */
    public static Rule of(FibRuleMessage m) {
        FibRuleAttrs a = m.attributes();
        return new Rule(m.header().family(), a.priority() == null ? 0 : a.priority(),
                a.table() != null ? a.table() : m.header().table(), m.header().action(),
                prefix(a.src(), a, FRA_SRC, m.header().srcLen()), prefix(a.dst(), a, FRA_DST, m.header().dstLen()),
                a.iifname(), a.oifname(), a.fwmark() == null ? 0 : a.fwmark(), m);
    }

    /** A rule {@code from src lookup table} at {@code priority}. */
    public static Rule lookup(int priority, IpPrefix src, int table) {
        return new Rule(src == null ? 2 : src.family(), priority, table, FrAct.TO_TBL.toValue(), src, null, null,
                null, 0, null);
    }

    private static IpPrefix prefix(Integer v4, FibRuleAttrs a, int type, int length) {
        byte[] bytes = null;
        if (v4 != null) {
            bytes = new byte[4];
            HostOrder.setI32(Unpooled.wrappedBuffer(bytes).writerIndex(0), 0, v4);
        } else {
            for (RawAttribute r : a.unknown()) {
                if (r.type() == type) {
                    bytes = r.data();
                }
            }
        }
        if (bytes == null || bytes.length != 4 && bytes.length != 16) {
            return null;
        }
        try {
            return new IpPrefix(InetAddress.getByAddress(bytes), length);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** As {@code ip rule} shows it: {@code 100: from 10.1.0.0/24 lookup 100}. */
    @Override
    public String toString() {
        return priority + ": from " + (src == null ? "all" : src) + (dst == null ? "" : " to " + dst)
                + (iifname == null ? "" : " iif " + iifname) + (oifname == null ? "" : " oif " + oifname)
                + (fwmark == 0 ? "" : " fwmark 0x" + Integer.toHexString(fwmark)) + ' ' + action + ' ' + table;
    }
}
