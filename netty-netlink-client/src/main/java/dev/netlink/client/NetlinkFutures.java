package dev.netlink.client;

import io.netty.util.concurrent.Future;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting for a netlink future from a thread that may block, with the failure as itself: a refused request
 * throws its {@code NetlinkException} (an {@link IOException} with the errno, the kernel's message and the
 * attribute's path), not an {@code ExecutionException} around it. Stateless.
 *
 * <pre>{@code
 * try (NetlinkReplies<NetlinkMessage> links = NetlinkFutures.get(socket.request(RTM_GETLINK, ifinfomsg, NLM_F_DUMP))) {
 *     ...
 * } catch (NetlinkException e) {
 *     log.warn("{}: {}", e.errnoName(), e.extendedAck().message());
 * }
 * }</pre>
 *
 * Never call it on an event loop: the future completes there. On a virtual thread it parks without holding its
 * carrier thread (and a socket's busy-poll spin is skipped). {@link #toCompletableFuture} gives any netlink future
 * as a {@code CompletionStage}.
 */
public final class NetlinkFutures {
    private NetlinkFutures() {
    }

    /**
     * Waits for {@code future} and returns its value.
     *
     * @throws IOException           its failure when that is an {@code IOException} ({@code NetlinkException},
     *                               {@code ClosedChannelException}, ...); any other checked failure wrapped in one
     * @throws InterruptedIOException when the thread is interrupted while waiting (its flag set again)
     * @throws CancellationException  when the future was cancelled
     */
    public static <V> V get(Future<V> future) throws IOException {
        try {
            if (Thread.currentThread().isVirtual() && !future.isDone()) {
                // CompletableFuture parks through LockSupport: the carrier thread is free meanwhile on every JDK,
                // where a monitor wait pins it before JDK 24.
                toCompletableFuture(future).handle((v, t) -> null).get();
            } else {
                future.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("handle() completes normally", e);
        }
        return outcome(future);
    }

    /**
     * {@code future} as a {@link CompletableFuture}, for code that composes {@code CompletionStage}s: completed
     * with the same value or failure (a cancellation as a cancellation), on the thread that completes
     * {@code future} (for a netlink request, the channel's event loop: do not block in what is chained to it
     * without an executor). Cancelling the result cancels {@code future}.
     */
    public static <V> CompletableFuture<V> toCompletableFuture(Future<V> future) {
        CompletableFuture<V> stage = new CompletableFuture<>();
        future.addListener(f -> {
            if (f.isSuccess()) {
                stage.complete(future.getNow());
            } else if (f.isCancelled()) {
                stage.cancel(false);
            } else {
                stage.completeExceptionally(f.cause());
            }
        });
        stage.whenComplete((v, t) -> {
            if (stage.isCancelled()) {
                future.cancel(false);
            }
        });
        return stage;
    }

    /**
     * Waits at most {@code timeout} for {@code future} and returns its value.
     *
     * @throws IOException as {@link #get(Future)} does, and an {@code IOException} caused by a
     *                     {@link TimeoutException} when the time runs out
     */
    public static <V> V get(Future<V> future, long timeout, TimeUnit unit) throws IOException {
        boolean done;
        try {
            done = future.await(timeout, unit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        }
        if (!done) {
            throw new IOException("no answer within " + unit.toMillis(timeout) + " ms",
                    new TimeoutException(future.toString()));
        }
        return outcome(future);
    }

    private static <V> V outcome(Future<V> future) throws IOException {
        if (future.isSuccess()) {
            return future.getNow();
        }
        Throwable cause = future.cause();
        if (future.isCancelled()) {
            throw cause instanceof CancellationException c ? c : new CancellationException(String.valueOf(cause));
        }
        switch (cause) {
            case IOException io -> throw io;
            case UncheckedIOException io -> throw io.getCause();
            case RuntimeException r -> throw r;
            case Error e -> throw e;
            default -> throw new IOException(cause.toString(), cause);
        }
    }

    private static InterruptedIOException interrupted(InterruptedException e) {
        InterruptedIOException io = new InterruptedIOException("interrupted while waiting for netlink");
        io.initCause(e);
        return io;
    }
}
