package dev.netlink.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.util.concurrent.Promise;

/**
 * The write promise {@link NetlinkRequest#send} passes along with its request: a failed write fails the request
 * without a listener on the promise — its replies, while no {@link NetlinkRequestHandler} has taken the request
 * (a pipeline without one, a closed channel), then the correlator's exchange, which owns the request from then on.
 * A round trip so notifies no listener for its write. Completed on the channel's event loop, as Netty completes
 * write promises.
 */
final class RequestWritePromise extends DefaultChannelPromise {
    private final Promise<?> replies;
    private Exchange exchange;

    RequestWritePromise(Channel channel, Promise<?> replies) {
        super(channel);
        this.replies = replies;
    }

    /** The exchange that owns the request now; it is told of a failed write instead of the replies. */
    void exchange(Exchange e) {
        this.exchange = e;
    }

    @Override
    public ChannelPromise setFailure(Throwable cause) {
        super.setFailure(cause);
        failed(cause);
        return this;
    }

    @Override
    public boolean tryFailure(Throwable cause) {
        if (!super.tryFailure(cause)) {
            return false;
        }
        failed(cause);
        return true;
    }

    private void failed(Throwable cause) {
        Exchange e = exchange;
        if (e != null) {
            e.owner.writeFailed(e, cause);
        } else {
            replies.tryFailure(cause);
        }
    }
}
