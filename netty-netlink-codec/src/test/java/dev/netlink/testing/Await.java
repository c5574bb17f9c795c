package dev.netlink.testing;

import io.netty.util.concurrent.Future;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waiting on a Netty future in a test: a bounded wait, and the failure as the test's exception. */
public final class Await {
    private Await() {
    }

    /** The future's value within 30 s; its failure is thrown wrapped in {@link ExecutionException}. */
    public static <T> T await(Future<T> f) throws ExecutionException, InterruptedException {
        assertTrue(f.await(30, TimeUnit.SECONDS), "timed out");
        if (!f.isSuccess()) {
            throw new ExecutionException(f.cause());
        }
        return f.getNow();
    }
}
