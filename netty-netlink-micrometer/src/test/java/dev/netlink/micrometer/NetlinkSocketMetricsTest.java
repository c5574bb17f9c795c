package dev.netlink.micrometer;

import dev.netlink.client.NetlinkSocket;
import dev.netlink.testkit.FakeKernel;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NetlinkSocketMetricsTest {
    @Test
    void theSocketsCountersAreMetersReadWhenScraped() {
        FakeKernel kernel = new FakeKernel((req, reply) -> {
            if (req.type() == 0x11) {
                reply.noReply();
            }
        });
        EmbeddedChannel ch = FakeKernel.newChannel(kernel);
        NetlinkSocket socket = NetlinkSocket.on(ch, 100);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new NetlinkSocketMetrics(socket, Tags.of("service", "router")).bindTo(registry);

        socket.noop();
        socket.execute(0x11, Unpooled.buffer(0), 0); // never answered: it times out
        ch.advanceTimeBy(100, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        for (int i = 0; i < NetlinkSocket.DEFAULT_RECEIVE_QUEUE_CAPACITY + 3; i++) {
            kernel.notify(1, 0x10, Unpooled.buffer(0));
        }
        kernel.overrun();

        assertEquals(2, count(registry, "netlink.requests"));
        assertEquals(1, count(registry, "netlink.request.timeouts"));
        assertEquals(3, count(registry, "netlink.notifications.dropped"));
        assertEquals(0, count(registry, "netlink.overruns"), "counted by a NetlinkChannel; this is an EmbeddedChannel");
        FunctionCounter requests = registry.get("netlink.requests").functionCounter();
        assertEquals("router", requests.getId().getTag("service"));
        assertEquals("unknown", requests.getId().getTag("protocol"), "not a netlink channel");
        assertEquals("self", requests.getId().getTag("netns"));
        ch.finishAndReleaseAll();
    }

    private static double count(SimpleMeterRegistry registry, String name) {
        return registry.get(name).functionCounter().count();
    }
}
