package consumer;

import dev.netlink.client.NetlinkFutures;
import dev.netlink.client.NetlinkReplies;
import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkProtocol;
import dev.netlink.codec.Rtnetlink;
import dev.netlink.codec.attr.AttributeReader;
import dev.netlink.genl.Family;
import dev.netlink.genl.GenericNetlink;
import dev.netlink.genl.GenericNetlinkController;
import dev.netlink.genl.GenericNetlinkSocket;
import dev.netlink.genl.Policy;
import dev.netlink.testkit.FakeKernel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's quick starts in a project that depends on the installed artifacts through the BOM. */
class QuickStartsIT {
    @Test
    void netlinkSocketListsTheLinks() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/netlink")), "needs Linux netlink");
        List<String> names = new ArrayList<>();
        try (NetlinkSocket socket = NetlinkSocket.connect(NetlinkProtocol.NETLINK_ROUTE).get()) {
            socket.noop().get();
            ByteBuf ifinfomsg = Unpooled.wrappedBuffer(new byte[Rtnetlink.IFINFOMSG_SIZE]);
            try (NetlinkReplies<NetlinkMessage> links = NetlinkFutures.get(
                    socket.request(Rtnetlink.RTM_GETLINK, ifinfomsg, NetlinkFlags.NLM_F_DUMP))) {
                for (NetlinkMessage link : links) {
                    AttributeReader attrs = link.attributes(Rtnetlink.IFINFOMSG_SIZE);
                    if (attrs.find(Rtnetlink.IFLA_IFNAME)) {
                        names.add(attrs.string());
                    }
                }
            }
        }
        assertTrue(names.contains("lo"), names.toString());
    }

    @Test
    void theGeneratedRtLinkFamilyListsTheLinks() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/netlink")), "needs Linux netlink");
        try (dev.netlink.family.rtlink.RtLink link = dev.netlink.family.rtlink.RtLink.connect().get()) {
            List<String> names = link.getlinkDump().get().stream().map(m -> m.attributes().ifname()).toList();
            assertTrue(names.contains("lo"), names.toString());
        }
    }

    @Test
    void genericNetlinkListsTheFamiliesAndTheirPolicies() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/netlink")), "needs Linux netlink");
        List<String> out = new ArrayList<>();
        try (GenericNetlinkController ctrl = GenericNetlink.connect().get()) {
            for (Family family : ctrl.getFamilies().get()) {
                out.add(family.name());
            }
            Policy policy = ctrl.getPolicyByName("nlctrl", null).get();
            GenericNetlinkSocket ethtool = ctrl.get("ethtool", GenericNetlinkSocket::new).get();
            assertTrue(ethtool.family().commands().size() > 10);
            assertTrue(policy.policies().size() > 0);
        }
        assertTrue(out.contains("nlctrl"), out.toString());
    }

    @Test
    void theTestkitRunsWithoutAKernel() {
        ByteBuf link = Unpooled.buffer().writeZero(Rtnetlink.IFINFOMSG_SIZE);
        FakeKernel kernel = new FakeKernel((request, reply) -> reply.message(Rtnetlink.RTM_NEWLINK, link.retain()));
        EmbeddedChannel ch = FakeKernel.newChannel(kernel);
        NetlinkSocket socket = NetlinkSocket.on(ch, 1000);
        try (NetlinkReplies<NetlinkMessage> links = socket.request(Rtnetlink.RTM_GETLINK,
                Unpooled.wrappedBuffer(new byte[Rtnetlink.IFINFOMSG_SIZE]), NetlinkFlags.NLM_F_DUMP).getNow()) {
            assertEquals(1, links.size());
        }
        ch.finishAndReleaseAll();
        link.release();
    }

    @Test
    void everyArtifactNamesItsModule() throws Exception {
        for (Class<?> c : List.of(NetlinkMessage.class, NetlinkSocket.class, GenericNetlink.class,
                dev.netlink.transport.NetlinkChannel.class, FakeKernel.class)) {
            Path jar = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (JarFile f = new JarFile(jar.toFile())) {
                String name = f.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
                assertEquals(c.getPackageName(), name, jar.toString());
            }
        }
    }
}
