package dev.netlink.rtnetlink;

import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;

import java.util.function.Function;

/** Composition of the generated families' futures: a step after a step, each failure kept. Stateless. */
final class Futures {
    private Futures() {
    }

    /** What {@code next} gives once {@code first} succeeds; {@code first}'s failure, or {@code next}'s throw, else. */
    static <T, R> Future<R> then(Future<T> first, Function<? super T, ? extends Future<R>> next) {
        Promise<R> result = ImmediateEventExecutor.INSTANCE.newPromise();
        first.addListener((Future<T> f) -> {
            if (!f.isSuccess()) {
                result.tryFailure(f.cause());
                return;
            }
            Future<R> second;
            try {
                second = next.apply(f.getNow());
            } catch (RuntimeException e) {
                result.tryFailure(e);
                return;
            }
            second.addListener((Future<R> s) -> {
                if (s.isSuccess()) {
                    result.trySuccess(s.getNow());
                } else {
                    result.tryFailure(s.cause());
                }
            });
        });
        return result;
    }

    /** {@code first}'s value mapped by {@code f}. */
    static <T, R> Future<R> map(Future<T> first, Function<? super T, ? extends R> f) {
        return dev.netlink.ynl.typed.FamilySocket.map(first, f);
    }

    /** A future failed with {@code cause}. */
    static <T> Future<T> failed(Throwable cause) {
        return ImmediateEventExecutor.INSTANCE.newFailedFuture(cause);
    }
}
