package dev.netlink.ynl;

import dev.netlink.client.NetlinkReplies;
import dev.netlink.codec.NetlinkMessage;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How every {@link YnlFamily} turns the kernel's answers into its futures, whatever socket carried them: a
 * {@code do}'s replies into its one decoded reply, a streamed {@code dump} into the list of its parts. Stateless.
 */
final class YnlReplies {
    private YnlReplies() {
    }

    /**
     * Completes {@code result} from the {@code do} of {@code op} in {@code family} once {@code replies} completes:
     * the one reply decoded by {@code decode}, an empty map for a bare acknowledgement, a failure for more than
     * one reply or when decoding throws. The replies are released here.
     */
    static <M extends NetlinkMessage> void completeDo(Future<NetlinkReplies<M>> replies,
            Promise<Map<String, Object>> result, String family, String op,
            Function<? super M, Map<String, Object>> decode) {
        replies.addListener((Future<NetlinkReplies<M>> f) -> {
            if (!f.isSuccess()) {
                result.tryFailure(f.cause());
                return;
            }
            try (NetlinkReplies<M> r = f.getNow()) {
                if (r.size() > 1) {
                    result.tryFailure(new IllegalStateException(
                            family + ' ' + op + ": the kernel answered the do with " + r.size() + " messages"));
                } else {
                    result.trySuccess(r.isEmpty() ? Map.of() : decode.apply(r.get(0)));
                }
            } catch (RuntimeException e) {
                result.tryFailure(e);
            }
        });
    }

    /**
     * Completes {@code result} with every part that {@code dump} hands its consumer, in order, once the future it
     * returns succeeds; with its failure otherwise.
     */
    static Future<List<Map<String, Object>>> collect(Promise<List<Map<String, Object>>> result,
            Function<Consumer<Map<String, Object>>, Future<Void>> dump) {
        List<Map<String, Object>> parts = new ArrayList<>();
        dump.apply(parts::add).addListener(f -> {
            if (f.isSuccess()) {
                result.trySuccess(Collections.unmodifiableList(parts));
            } else {
                result.tryFailure(f.cause());
            }
        });
        return result;
    }
}
