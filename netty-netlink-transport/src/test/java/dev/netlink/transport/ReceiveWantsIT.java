package dev.netlink.transport;

import dev.netlink.codec.NetlinkDatagram;
import dev.netlink.codec.NetlinkProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.netlink.transport.NetlinkTestSupport.TIMEOUT_SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a channel asks the kernel for with each datagram ({@link ReceiveWants}): the sender only until a socket
 * connected to the kernel, in no group, has found its queue empty (at bind, right after its connect, or at a read)
 * — then only the kernel's unicast can be queued — and again once it joins a group or takes user-space peers;
 * {@code NETLINK_PKTINFO}'s control message when on.
 * Datagrams read either way carry the kernel as their sender.
 */
class ReceiveWantsIT extends EpollLoopTest {
    private static int wants(NetlinkChannel ch) throws Exception {
        return ch.eventLoop().submit(ch::receiveWants).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** A {@code CTRL_CMD_GETFAMILY} dump of nlctrl, read to its end; every datagram from the kernel. */
    private static void dump(NetlinkChannel ch, NetlinkTestSupport.Inbox inbox, int seq) throws Exception {
        ch.writeAndFlush(NetlinkTestSupport.nlctrlDump(ch.alloc(), seq)).sync();
        while (true) {
            NetlinkDatagram d = inbox.next();
            try {
                assertTrue(d.sender().isKernel(), "sender " + d.sender());
                assertEquals(0, d.sender().groups());
                if (NetlinkTestSupport.messages(d.content()).stream()
                        .anyMatch(m -> m.type() == NetlinkTestSupport.NLMSG_DONE && m.seq() == seq)) {
                    return;
                }
            } finally {
                d.release();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16})
    void aConnectedSocketInNoGroupStopsAskingForTheSenderOnceItsQueueWasEmpty(int receiveBatch) throws Exception {
        NetlinkTestSupport.Inbox inbox = new NetlinkTestSupport.Inbox();
        NetlinkChannel ch = NetlinkTestSupport.bind(group, new NetlinkChannel(NetlinkProtocol.NETLINK_GENERIC),
                inbox, Map.of(NetlinkChannelOption.RECEIVE_BATCH, receiveBatch));
        try {
            assertEquals(0, wants(ch), "connected, no group, and the queue was empty right after the connect");
            dump(ch, inbox, 1); // read without the sender, still the kernel's
            assertEquals(0, wants(ch));
            ch.config().setOption(NetlinkChannelOption.NETLINK_PKTINFO, true);
            assertEquals(ReceiveWants.PKTINFO, wants(ch));
            ch.config().setOption(NetlinkChannelOption.NETLINK_PKTINFO, false);
            ch.joinGroup(NetlinkTestSupport.GENL_ID_CTRL).sync(); // nlctrl's "notify" group
            assertEquals(ReceiveWants.SENDER, wants(ch), "multicast may come, from the kernel or a process");
            dump(ch, inbox, 3);
            assertTrue(inbox.exceptions.isEmpty(), inbox.exceptions.toString());
        } finally {
            ch.close().sync();
        }
    }

    @Test
    void userSpacePeersAndConnectingAgainAskForTheSenderUntilTheQueueIsEmptyAgain() throws Exception {
        NetlinkTestSupport.Inbox inbox = new NetlinkTestSupport.Inbox();
        NetlinkChannel ch = NetlinkTestSupport.bind(group, new NetlinkChannel(NetlinkProtocol.NETLINK_ROUTE), inbox,
                Map.of());
        try {
            ch.writeAndFlush(NetlinkTestSupport.getLink(ch.alloc(), 1, 1)).sync();
            inbox.readUntil(m -> true, m -> m.type() == NetlinkTestSupport.NLMSG_ERROR);
            assertEquals(0, wants(ch));
            ch.config().setOption(NetlinkChannelOption.USER_SPACE_PEERS, true);
            assertEquals(ReceiveWants.SENDER, wants(ch), "any port may send now");
            ch.config().setOption(NetlinkChannelOption.USER_SPACE_PEERS, false);
            assertEquals(ReceiveWants.SENDER, wants(ch), "what a peer queued meanwhile is still there");
            ch.writeAndFlush(NetlinkTestSupport.getLink(ch.alloc(), 2, 1)).sync();
            inbox.readUntil(m -> true, m -> m.type() == NetlinkTestSupport.NLMSG_ERROR);
            assertEquals(0, wants(ch));
        } finally {
            ch.close().sync();
        }
    }
}
