package dev.netlink.transport;

import dev.netlink.testing.TestNetns;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Named namespaces made through FFM, seen and used by iproute2 as its own, and removed without a trace. */
class NetworkNamespacesIT {
    private static String unique() {
        return "nlt-lib-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String ip(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "ip";
        System.arraycopy(args, 0, cmd, 1, args.length);
        TestNetns.Result r = TestNetns.run(cmd);
        assertEquals(0, r.exit(), r.output());
        return r.output();
    }

    @Test
    void aNamespaceMadeHereIsIpNetnsOwnAndGoesAwayWhenDeleted() throws IOException {
        TestNetns.assumeRoot();
        String name = unique();
        Path file = NetworkNamespaces.create(name);
        try {
            assertEquals(Path.of("/run/netns", name), file);
            assertTrue(NetworkNamespaces.list().contains(name));
            assertTrue(NetworkNamespaces.exists(name));
            assertTrue(ip("netns", "list").contains(name), "ip netns list shows it");
            String links = ip("-n", name, "-o", "link", "show");
            assertTrue(links.contains(": lo:") && links.strip().lines().count() == 1, "a new namespace: only lo\n"
                    + links);
            ip("-n", name, "link", "add", "nlt-br0", "type", "bridge");
            NetlinkChannel inside = new NetlinkChannel(dev.netlink.codec.NetlinkProtocol.NETLINK_ROUTE,
                    file.toString());
            assertEquals(file.toString(), inside.netns());
            inside.unsafe().closeForcibly();
            assertFalse(ip("-o", "link", "show").contains("nlt-br0"), "the host's own links are untouched");
        } finally {
            NetworkNamespaces.delete(name);
        }
        assertFalse(Files.exists(file));
        assertFalse(NetworkNamespaces.list().contains(name));
        assertFalse(ip("netns", "list").contains(name), "gone for ip too");
    }

    @Test
    void twiceTheSameNameIsRefusedAndAnUnknownOneCannotBeDeleted() throws IOException {
        TestNetns.assumeRoot();
        String name = unique();
        NetworkNamespaces.create(name);
        try {
            FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                    () -> NetworkNamespaces.create(name));
            assertTrue(e.getMessage().contains("network namespace " + name + " exists"), e.getMessage());
        } finally {
            NetworkNamespaces.delete(name);
        }
        NoSuchFileException gone = assertThrows(NoSuchFileException.class, () -> NetworkNamespaces.delete(name));
        assertTrue(gone.getMessage().contains("no network namespace " + name), gone.getMessage());
    }

    @Test
    void aNamespaceOfIpsOwnCanBeDeletedHere() throws IOException {
        TestNetns.assumeRoot();
        String name = unique();
        ip("netns", "add", name);
        assertTrue(NetworkNamespaces.list().contains(name));
        NetworkNamespaces.delete(name);
        assertFalse(ip("netns", "list").contains(name));
    }

    @Test
    void namesThatAreNotFileNamesAreRefusedBeforeAnythingIsMade() {
        for (String bad : new String[] {"", ".", "..", "a/b", "x".repeat(256), "nul\0"}) {
            assertThrows(IllegalArgumentException.class, () -> NetworkNamespaces.path(bad), bad);
        }
        assertEquals(Path.of("/run/netns/ok-name"), NetworkNamespaces.path("ok-name"));
    }
}
