package dev.netlink.genl;

import dev.netlink.codec.Errno;
import dev.netlink.testkit.FakeKernel;
import dev.netlink.codec.attr.AttributeWriter;
import dev.netlink.client.NetlinkSocket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.netlink.genl.GenlCtrl.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nlctrl's family notifications on an EmbeddedChannel, as the kernel multicasts them on group 0x10. */
class GenericNetlinkControllerTest {
    private FakeKernel kernel;
    private EmbeddedChannel ch;
    private GenericNetlinkController ctrl;

    @BeforeEach
    void setUp() {
        kernel = new FakeKernel((request, reply) -> reply.error(Errno.EOPNOTSUPP));
        ch = FakeKernel.newChannel(kernel);
        ctrl = new GenericNetlinkController(NetlinkSocket.on(ch, 0, new GenlNotificationRouter(16)),
                GenericNetlinkController.BOOTSTRAP);
    }

    @AfterEach
    void tearDown() {
        assertFalse(ch.finishAndReleaseAll());
    }

    /** A CTRL_CMD_* notification for family {@code name} with id {@code id} and one multicast group. */
    void notification(int cmd, String name, int id) {
        ByteBuf b = Unpooled.buffer();
        GenericNetlinkMessage.writeHeader(b, cmd, CTRL_VERSION);
        AttributeWriter w = new AttributeWriter(b);
        w.putU16(CTRL_ATTR_FAMILY_ID, id).putString(CTRL_ATTR_FAMILY_NAME, name).putU32(CTRL_ATTR_VERSION, 1)
                .putU32(CTRL_ATTR_HDRSIZE, 0).putU32(CTRL_ATTR_MAXATTR, 3);
        int ops = w.startNested(CTRL_ATTR_OPS);
        int op = w.startNested(1);
        w.putU32(CTRL_ATTR_OP_ID, 1).putU32(CTRL_ATTR_OP_FLAGS, GENL_CMD_CAP_DO);
        w.endNested(op);
        w.endNested(ops);
        int groups = w.startNested(CTRL_ATTR_MCAST_GROUPS);
        int g = w.startNested(1);
        w.putString(CTRL_ATTR_MCAST_GRP_NAME, "events").putU32(CTRL_ATTR_MCAST_GRP_ID, 0x30);
        w.endNested(g);
        w.endNested(groups);
        kernel.notify(GENL_ID_CTRL, GENL_ID_CTRL, b); // nlctrl's notify group has the fixed id 0x10
    }

    @Test
    void familyEventsReachTheWatcherAndKeepTheKnownFamiliesCurrent() {
        List<FamilyEvent> events = new ArrayList<>();
        ctrl.follow(events::add);
        notification(CTRL_CMD_NEWFAMILY, "demo", 0x22);
        assertEquals(1, events.size());
        FamilyEvent added = events.get(0);
        assertTrue(added.isNewFamily());
        assertEquals(new Family(0x22, "demo", 1, 0, 3, List.of(new Command(1, GENL_CMD_CAP_DO)),
                List.of(new MulticastGroup("events", 0x30))), added.family());
        assertEquals(0x22, ctrl.knownFamilies().get("demo").id());

        notification(CTRL_CMD_DELFAMILY, "demo", 0x22);
        assertTrue(events.get(1).isDeletedFamily());
        assertFalse(ctrl.knownFamilies().containsKey("demo"));

        notification(CTRL_CMD_NEWFAMILY, "demo", 0x23);
        assertEquals(0x23, ctrl.knownFamilies().get("demo").id(), "a family back under a new id is known by it");
        assertEquals("CTRL_CMD_NEWFAMILY demo (0x23)", events.get(2).toString());
    }
}
