package dev.netlink.ynl;

import dev.netlink.client.NetlinkSocket;
import dev.netlink.genl.GenericNetlink;
import dev.netlink.genl.GenericNetlinkController;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Opens {@link YnlFamily} clients, the Java twin of the kernel's {@code tools/net/ynl} ({@code YnlFamily} of
 * {@code pyynl}): a family's YNL spec, bundled ({@link YnlSpec#bundled}) or loaded, and a socket to the kernel.
 * For a generic netlink family the family id is looked up through nlctrl by the spec's {@code name}, and the
 * kernel's version, header size and multicast groups are taken from that answer. Stateless.
 */
public final class Ynl {
    private Ynl() {
    }

    /**
     * The bundled spec {@code family} ({@code "netdev"}, {@code "ethtool"}) on a socket of its own. An unknown name
     * fails the future with {@link IllegalArgumentException} listing the bundled specs.
     */
    public static Future<YnlFamily> connect(String family) {
        return connect(family, b -> {
        });
    }

    /** The bundled spec {@code family} on a socket in network namespace {@code netns} ({@code /var/run/netns/x}). */
    public static Future<YnlFamily> connect(String family, Path netns) {
        Objects.requireNonNull(netns, "netns");
        return connect(family, b -> b.netns(netns.toString()));
    }

    /** The bundled spec {@code family} on a socket configured by {@code configure}. */
    public static Future<YnlFamily> connect(String family, Consumer<NetlinkSocket.Builder> configure) {
        YnlSpec spec;
        try {
            spec = YnlSpec.bundled(family);
        } catch (IllegalArgumentException e) {
            return ImmediateEventExecutor.INSTANCE.newFailedFuture(e);
        }
        return connect(spec, configure);
    }

    /**
     * {@code spec}'s family on a socket of its own, configured by {@code configure} (namespace, event loop group,
     * timeouts); closing the family closes the socket. Fails with {@link UnsupportedOperationException} for a
     * netlink-raw spec (not spoken yet), and with {@link dev.netlink.codec.NetlinkException} {@code ENOENT} when
     * the kernel has no such family.
     */
    public static Future<YnlFamily> connect(YnlSpec spec, Consumer<NetlinkSocket.Builder> configure) {
        Promise<YnlFamily> result = ImmediateEventExecutor.INSTANCE.newPromise();
        if (!spec.protocol().isGenetlink()) {
            return result.setFailure(unsupported(spec));
        }
        GenericNetlink.connect(configure).addListener((Future<GenericNetlinkController> f) -> {
            if (!f.isSuccess()) {
                result.tryFailure(f.cause());
                return;
            }
            GenericNetlinkController ctrl = f.getNow();
            GenericYnlFamily.open(ctrl, spec, true).addListener((Future<YnlFamily> opened) -> {
                if (opened.isSuccess()) {
                    result.trySuccess(opened.getNow());
                } else {
                    ctrl.close();
                    result.tryFailure(opened.cause());
                }
            });
        });
        return result;
    }

    /**
     * {@code spec}'s family on the socket of {@code ctrl}, shared with the controller's other family sockets
     * (an {@code EmbeddedChannel} with a fake kernel, in tests); closing the family leaves the socket open.
     */
    public static Future<YnlFamily> on(GenericNetlinkController ctrl, YnlSpec spec) {
        if (!spec.protocol().isGenetlink()) {
            return ctrl.socket().<YnlFamily>newPromise().setFailure(unsupported(spec));
        }
        return GenericYnlFamily.open(ctrl, spec, false);
    }

    private static UnsupportedOperationException unsupported(YnlSpec spec) {
        return new UnsupportedOperationException("spec " + spec.name() + " is " + spec.protocol().yamlName()
                + " (protonum " + spec.protonum().orElse(-1) + "); only generic netlink families are spoken yet");
    }
}
