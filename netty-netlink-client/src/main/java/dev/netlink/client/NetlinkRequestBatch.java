package dev.netlink.client;

import io.netty.util.AbstractReferenceCounted;

import java.util.List;

/**
 * Several {@link NetlinkRequest}s written as one message, so that {@link NetlinkRequestHandler} sends them in one
 * datagram: what {@link NetlinkBatch#send()} writes. The handler takes the requests over; if the write fails
 * before it does (a closed channel), Netty releases this holder, and with it every request's message.
 * Confined to the event loop once written.
 */
final class NetlinkRequestBatch extends AbstractReferenceCounted {
    private final List<NetlinkRequest> requests;

    NetlinkRequestBatch(List<NetlinkRequest> requests) {
        this.requests = List.copyOf(requests);
    }

    /** The requests, in order. */
    List<NetlinkRequest> requests() {
        return requests;
    }

    @Override
    protected void deallocate() {
        for (NetlinkRequest r : requests) {
            if (r.refCnt() > 0) {
                r.release();
            }
        }
    }

    @Override
    public NetlinkRequestBatch touch(Object hint) {
        for (NetlinkRequest r : requests) {
            r.touch(hint);
        }
        return this;
    }

    @Override
    public String toString() {
        return "NetlinkRequestBatch(" + requests.size() + " requests)";
    }
}
