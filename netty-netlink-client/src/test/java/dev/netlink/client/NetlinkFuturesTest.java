package dev.netlink.client;

import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkException;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.testkit.FakeKernel;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Promise;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waiting for netlink futures outside Netty: the failure as itself, CompletionStages, virtual threads. */
class NetlinkFuturesTest {
    private final EventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aRefusalIsThrownAsTheNetlinkExceptionItself() {
        EmbeddedChannel ch = FakeKernel.newChannel((req, reply) -> reply.error(Errno.EEXIST, "already there"));
        NetlinkSocket socket = NetlinkSocket.on(ch, 1000);
        NetlinkException e = assertThrows(NetlinkException.class,
                () -> NetlinkFutures.get(socket.execute(0x10, Unpooled.buffer(0), 0)));
        assertEquals("already there", e.extendedAck().message());
        ch.finishAndReleaseAll();
    }

    @Test
    void theValueComesBackAndATimeoutSaysSo() throws IOException {
        Promise<String> p = loop.newPromise();
        loop.schedule(() -> p.setSuccess("answer"), 10, TimeUnit.MILLISECONDS);
        assertEquals("answer", NetlinkFutures.get(p));
        Promise<String> never = loop.newPromise();
        IOException e = assertThrows(IOException.class, () -> NetlinkFutures.get(never, 20, TimeUnit.MILLISECONDS));
        assertInstanceOf(TimeoutException.class, e.getCause());
    }

    @Test
    void otherFailuresKeepTheirKind() {
        Promise<String> cancelled = loop.newPromise();
        cancelled.cancel(false);
        assertThrows(CancellationException.class, () -> NetlinkFutures.get(cancelled));
        Promise<String> bug = loop.newPromise();
        bug.setFailure(new IllegalStateException("bug"));
        assertEquals("bug", assertThrows(IllegalStateException.class, () -> NetlinkFutures.get(bug)).getMessage());
        Promise<String> checked = loop.newPromise();
        checked.setFailure(new Exception("checked"));
        assertEquals("checked", assertThrows(IOException.class, () -> NetlinkFutures.get(checked)).getCause()
                .getMessage());
    }

    @Test
    void anInterruptedWaitIsAnInterruptedIOExceptionAndTheFlagStaysSet() {
        Promise<String> never = loop.newPromise();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedIOException.class, () -> NetlinkFutures.get(never));
        assertTrue(Thread.interrupted(), "the interrupt flag is set again");
    }

    @Test
    void aVirtualThreadWaitsWithoutSpinningOnASocketsPromise() throws Exception {
        Promise<String> p = SpinAwaitPromise.of(loop, TimeUnit.MILLISECONDS.toNanos(50), new AdaptiveSpin());
        AtomicReference<Object> got = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                got.set(NetlinkFutures.get(p));
            } catch (IOException e) {
                got.set(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING,
                "the virtual thread parks once its spin ends: " + t.getState());
        p.setSuccess("from the loop");
        t.join(5000);
        assertEquals("from the loop", got.get());
        Promise<String> failing = loop.newPromise();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread v = Thread.ofVirtual().start(() -> {
            try {
                NetlinkFutures.get(failing);
            } catch (IOException e) {
                thrown.set(e);
            }
        });
        failing.setFailure(new IOException("ENOENT"));
        v.join(5000);
        assertEquals("ENOENT", thrown.get().getMessage());
    }

    @Test
    void aNettyFutureAsACompletableFuture() throws Exception {
        Promise<NetlinkMessage> ok = loop.newPromise();
        CompletableFuture<NetlinkMessage> stage = NetlinkFutures.toCompletableFuture(ok);
        ok.setSuccess(null);
        assertEquals(null, stage.get(1, TimeUnit.SECONDS));

        Promise<String> failed = loop.newPromise();
        IOException cause = new IOException("EPERM");
        failed.setFailure(cause);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> NetlinkFutures.toCompletableFuture(failed).get(1, TimeUnit.SECONDS));
        assertSame(cause, e.getCause());

        Promise<String> pending = loop.newPromise();
        CompletableFuture<String> c = NetlinkFutures.toCompletableFuture(pending);
        c.cancel(false);
        assertTrue(pending.isCancelled(), "cancelling the stage cancels the netlink future");
    }
}
