package dev.netlink.ynl;

import dev.netlink.client.NetlinkSocket;
import dev.netlink.genl.GenericNetlink;
import dev.netlink.genl.GenericNetlinkController;
import dev.netlink.ynl.typed.FamilySocket;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Opens {@link YnlFamily} clients, the Java twin of the kernel's {@code tools/net/ynl} ({@code YnlFamily} of
 * {@code pyynl}): a family's YNL spec, bundled ({@link YnlSpec#bundled}) or loaded, and a socket to the kernel.
 * For a generic netlink family the family id is looked up through nlctrl by the spec's {@code name}, and the
 * kernel's version, header size and multicast groups are taken from that answer. A netlink-raw family (rtnetlink's
 * {@code rt-link}, {@code rt-addr}, {@code rt-route}, ...) is spoken on a socket of the spec's {@code protonum}.
 * Stateless.
 */
public final class Ynl {
    private Ynl() {
    }

    /**
     * The bundled spec {@code family} ({@code "netdev"}, {@code "ethtool"}, {@code "rt-link"}: a dash and an
     * underscore are one, as the kernel's file names mix them) on a socket of its own. An unknown name fails the
     * future with {@link IllegalArgumentException} listing the bundled specs.
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
     * timeouts); closing the family closes the socket. A netlink-raw spec's socket is of its {@code protonum}
     * (0, {@code NETLINK_ROUTE}, when the spec gives none). Fails with {@link dev.netlink.codec.NetlinkException}
     * {@code ENOENT} when the kernel has no such generic netlink family.
     */
    public static Future<YnlFamily> connect(YnlSpec spec, Consumer<NetlinkSocket.Builder> configure) {
        if (!spec.protocol().isGenetlink()) {
            YnlOperationCodec codec;
            NetlinkSocket.Builder builder;
            try {
                codec = new YnlOperationCodec(spec);
                builder = NetlinkSocket.builder(spec.protonum().orElse(0));
                configure.accept(builder);
            } catch (RuntimeException e) {
                return ImmediateEventExecutor.INSTANCE.newFailedFuture(e);
            }
            return FamilySocket.map(builder.connect(), s -> new RawYnlFamily(codec, s, true));
        }
        return GenericNetlink.connect(configure, ctrl -> GenericYnlFamily.open(ctrl, spec, true));
    }

    /**
     * {@code spec}'s family on the socket of {@code ctrl}, shared with the controller's other family sockets
     * (an {@code EmbeddedChannel} with a fake kernel, in tests); closing the family leaves the socket open. Fails
     * with {@link UnsupportedOperationException} for a netlink-raw spec (see {@link #on(NetlinkSocket, YnlSpec)}).
     */
    public static Future<YnlFamily> on(GenericNetlinkController ctrl, YnlSpec spec) {
        if (!spec.protocol().isGenetlink()) {
            return ctrl.socket().<YnlFamily>newPromise().setFailure(unsupported(spec));
        }
        return GenericYnlFamily.open(ctrl, spec, false);
    }

    /**
     * Netlink-raw {@code spec}'s family on {@code socket}, a socket of the spec's protocol (an
     * {@code EmbeddedChannel} with a fake kernel, in tests); closing the family leaves the socket open. The family
     * takes the socket's notifications ({@link NetlinkSocket#onNotification}). Throws
     * {@link IllegalArgumentException} for a generic netlink spec, which needs {@link #on(GenericNetlinkController,
     * YnlSpec)}.
     */
    public static YnlFamily on(NetlinkSocket socket, YnlSpec spec) {
        Objects.requireNonNull(socket, "socket");
        if (spec.protocol().isGenetlink()) {
            throw new IllegalArgumentException("spec " + spec.name() + " is " + spec.protocol().yamlName()
                    + "; speak it through a GenericNetlinkController");
        }
        return new RawYnlFamily(new YnlOperationCodec(spec), socket, false);
    }

    private static UnsupportedOperationException unsupported(YnlSpec spec) {
        return new UnsupportedOperationException("spec " + spec.name() + " is " + spec.protocol().yamlName()
                + " (protonum " + spec.protonum().orElse(-1) + "), not generic netlink; speak it through "
                + "Ynl.connect or Ynl.on(NetlinkSocket, YnlSpec)");
    }
}
