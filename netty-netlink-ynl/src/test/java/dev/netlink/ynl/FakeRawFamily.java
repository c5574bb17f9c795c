package dev.netlink.ynl;

import dev.netlink.client.NetlinkSocket;
import dev.netlink.testkit.FakeKernel;
import io.netty.channel.embedded.EmbeddedChannel;

/** A bundled netlink-raw spec's family on the fake kernel, for one test: its kernel, and its channel to close. */
final class FakeRawFamily implements AutoCloseable {
    final FakeKernel kernel;
    final YnlFamily family;
    private final EmbeddedChannel ch;

    FakeRawFamily(String spec, FakeKernel.Responder responder) {
        kernel = new FakeKernel(responder);
        ch = FakeKernel.newChannel(kernel);
        family = Ynl.on(NetlinkSocket.on(ch, 0), YnlSpec.bundled(spec));
    }

    @Override
    public void close() {
        ch.finishAndReleaseAll();
    }
}
