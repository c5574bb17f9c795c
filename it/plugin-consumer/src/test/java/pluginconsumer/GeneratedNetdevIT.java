package pluginconsumer;

import com.example.ynl.netdev.Dev;
import com.example.ynl.netdev.Netdev;
import com.example.ynl.netdev.XdpAct;
import dev.netlink.transport.NetworkNamespaces;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client netty-netlink-maven-plugin generated from this project's own spec file, against the kernel. */
class GeneratedNetdevIT {
    @Test
    void theGeneratedClientDumpsTheNamespacesDevices() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/netlink")), "needs Linux netlink");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "makes a network namespace: root");
        String name = "ynl-plugin-" + ProcessHandle.current().pid();
        Path netns = NetworkNamespaces.create(name);
        try (Netdev netdev = Netdev.connect(netns).get()) {
            List<Dev> devices = netdev.devGetDump().get();
            assertEquals(1, devices.size(), "a new namespace has lo alone: " + devices);
            assertEquals(1, devices.get(0).ifindex());
            assertNotNull(devices.get(0).xdpFeatures());
            assertTrue(devices.get(0).xdpFeatures().stream().allMatch(f -> f instanceof XdpAct));
            assertTrue(Netdev.spec().source().endsWith("com/example/ynl/netdev/netdev.yaml"),
                    "the client reads the spec copied beside it: " + Netdev.spec().source());
        } finally {
            NetworkNamespaces.delete(name);
        }
    }
}
