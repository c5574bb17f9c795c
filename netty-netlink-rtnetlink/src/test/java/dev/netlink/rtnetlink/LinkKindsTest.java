package dev.netlink.rtnetlink;

import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.family.rtlink.LinkMessage;
import dev.netlink.family.rtlink.LinkinfoDataMsg;
import dev.netlink.testkit.FakeKernel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The link kinds this kernel lacks (dummy, vlan, bond: no such drivers here), through the fake kernel: the
 * {@code RTM_NEWLINK} each sends, checked byte by byte against what {@code linux/if_link.h} and the rt-link spec
 * define, and decoded back by the generated family.
 */
class LinkKindsTest {
    private static final int RTM_NEWLINK = 16;
    private static final int RTM_GETLINK = 18;
    private final List<NetlinkMessage> newlinks = new ArrayList<>();
    private EmbeddedChannel ch;

    private IpRoute ip() {
        FakeKernel kernel = new FakeKernel((req, reply) -> {
            if (req.type() == RTM_GETLINK) { // the dump that resolves parent names: one link, v0, index 5
                ByteBuf m = Unpooled.buffer();
                LinkMessage.builder().header(h -> h.ifiIndex(5)).attributes(a -> a.ifname("v0")).build().encode(m);
                reply.message(RTM_NEWLINK, NetlinkFlags.NLM_F_MULTI, m);
            } else if (req.type() == RTM_NEWLINK) {
                newlinks.add(req.retainedDuplicate());
            }
        });
        ch = FakeKernel.newChannel(kernel);
        return IpRoute.on(NetlinkSocket.on(ch, 0));
    }

    @AfterEach
    void tearDown() {
        newlinks.forEach(NetlinkMessage::release);
        if (ch != null) {
            ch.finishAndReleaseAll();
        }
    }

    private LinkMessage sent(Future<Void> f) {
        ch.runPendingTasks();
        assertTrue(f.isSuccess(), String.valueOf(f.cause()));
        assertEquals(1, newlinks.size());
        NetlinkMessage m = newlinks.get(0);
        assertEquals(NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_EXCL,
                m.flags() & (NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_EXCL));
        ByteBuf c = m.content();
        return LinkMessage.decode(c, c.readerIndex(), new AttributeReader(c, c.readerIndex() + 16,
                c.readableBytes() - 16));
    }

    private String attributesHex() {
        ByteBuf c = newlinks.get(0).content();
        return ByteBufUtil.hexDump(c, c.readerIndex() + 16, c.readableBytes() - 16);
    }

    @Test
    void vlanSendsItsIdAndParent() {
        LinkMessage m = sent(ip().links().add(LinkSpec.vlan("v0.10", "v0", 10)));
        assertEquals(5, m.attributes().link(), "IFLA_LINK: the parent's index");
        assertEquals("vlan", m.attributes().linkinfo().kind());
        LinkinfoDataMsg.Vlan vlan = assertInstanceOf(LinkinfoDataMsg.Vlan.class, m.attributes().linkinfo().data());
        assertEquals(10, vlan.attributes().id());
        // IFLA_IFNAME "v0.10", IFLA_LINK 5, IFLA_LINKINFO { IFLA_INFO_KIND "vlan", IFLA_INFO_DATA { IFLA_VLAN_ID 10 } }
        assertEquals("0a000300" + "76302e313000" + "0000" + "08000500" + "05000000"
                + "1c001280" + "09000100" + "766c616e00" + "000000" + "0c000280" + "06000100" + "0a00" + "0000",
                attributesHex());
    }

    @Test
    void bondSendsItsMode() {
        LinkMessage m = sent(ip().links().add(LinkSpec.bond("bond0", 4).up()));
        assertEquals("bond", m.attributes().linkinfo().kind());
        assertEquals(4, assertInstanceOf(LinkinfoDataMsg.Bond.class, m.attributes().linkinfo().data())
                .attributes().mode(), "IFLA_BOND_MODE 802.3ad");
        assertTrue(m.header().ifiFlags().contains(dev.netlink.family.rtlink.IfinfoFlags.UP), "up as it is made");
        assertEquals(1, m.header().ifiChange(), "ifi_change names IFF_UP");
    }

    @Test
    void dummyIsAKindWithoutData() {
        LinkMessage m = sent(ip().links().add(LinkSpec.dummy("d0").mtu(9000)));
        assertEquals("dummy", m.attributes().linkinfo().kind());
        assertEquals(null, m.attributes().linkinfo().data());
        assertEquals(9000, m.attributes().mtu());
        // IFLA_IFNAME "d0", IFLA_MTU 9000, IFLA_LINKINFO { IFLA_INFO_KIND "dummy" }
        assertEquals("07000300" + "643000" + "00" + "08000400" + "28230000" + "10001280" + "0a000100"
                + "64756d6d7900" + "0000", attributesHex());
    }
}
