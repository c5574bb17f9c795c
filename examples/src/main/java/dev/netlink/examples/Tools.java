package dev.netlink.examples;

import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkException;
import io.netty.util.concurrent.Future;

import java.util.concurrent.ExecutionException;

/** What the examples share: waiting on futures and turning failures into one readable line. */
final class Tools {
    private Tools() {
    }

    /** A wrong command line; the message says what, and the usage follows it. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Waits for {@code f}; its failure is thrown as the cause itself (wrapped only if it is checked). */
    static <T> T await(Future<T> f) throws Exception {
        f.await();
        if (f.isSuccess()) {
            return f.getNow();
        }
        Throwable cause = f.cause();
        if (cause instanceof Exception e) {
            throw e;
        }
        throw new ExecutionException(cause);
    }

    /** One line for a failure: the errno's name and the kernel's words, a hint for a missing permission. */
    static String describe(Throwable t) {
        Throwable c = t instanceof ExecutionException && t.getCause() != null ? t.getCause() : t;
        if (c instanceof NetlinkException ne) {
            String hint = ne.errno() == Errno.EPERM || ne.errno() == Errno.EACCES
                    ? " (this needs CAP_NET_ADMIN: run as root)" : "";
            return ne.getMessage() + hint;
        }
        String m = c.getMessage();
        return m == null ? c.toString() : m;
    }
}
