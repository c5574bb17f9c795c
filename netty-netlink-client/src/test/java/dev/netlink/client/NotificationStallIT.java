package dev.netlink.client;

import dev.netlink.codec.NetlinkProtocol;
import dev.netlink.codec.Rtnetlink;
import dev.netlink.testing.TestNetns;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stall the restructure fixed, measured against the real kernel: a socket that joined the link group and
 * never reads its notifications went on answering requests.
 */
class NotificationStallIT {
    @Test
    void aSocketThatNeverReadsItsNotificationsStillAnswersRequests() throws Exception {
        try (TestNetns ns = TestNetns.create();
             NetlinkSocket s = NetlinkSocket.builder(NetlinkProtocol.NETLINK_ROUTE).netns(ns.path())
                     .receiveQueueCapacity(64).connect().sync().getNow()) {
            s.addMembership(Rtnetlink.RTNLGRP_LINK).sync();
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add("link add nls" + i + " type veth peer name nlsp" + i);
            }
            for (int i = 0; i < 100; i++) {
                batch.add("link del nls" + i);
            }
            ns.ipBatch(batch); // some 400 link events, none of them read
            assertTrue(s.noop().await(10, TimeUnit.SECONDS), "the request is answered");
            assertNull(s.noop().getNow());
            // The kernel queued every link event before the ACKs of ip's batch, so the loop read (and counted)
            // all of them before the noop's answer that came after.
            NetlinkSocketStats stats = s.stats();
            assertTrue(stats.droppedNotifications() > 0, stats.toString());
            assertInstanceOf(NetlinkOverrunException.class, s.receive().await().cause(),
                    "the first receive() says that notifications were lost");
            s.receive().sync().getNow().release();
        }
    }
}
