package dev.netlink.transport;

import dev.netlink.testing.TestNetns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** An {@link EpollLoopTest} whose every test runs in a private network namespace of its own, removed after it. */
abstract class NamespaceTest extends EpollLoopTest {
    TestNetns ns;

    @BeforeEach
    void namespace() {
        ns = TestNetns.create();
    }

    @AfterEach
    void removeNamespace() {
        if (ns != null) {
            ns.close();
        }
    }
}
