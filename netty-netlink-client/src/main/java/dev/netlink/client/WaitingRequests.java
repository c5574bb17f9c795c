package dev.netlink.client;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The requests that wait for their turn, in two lines: dumps (one at a time per socket, so they wait for the dump
 * slot) and the rest (they wait for room in the window), each in the order it came. A batch waits as one group:
 * its first request carries the group's size, and a member that ends while it waits stays in the line, skipped
 * when the group goes, so the group stays whole. Part of the {@link Correlator}; confined to the event loop.
 */
final class WaitingRequests {
    private final ArrayDeque<Exchange> dumps = new ArrayDeque<>();
    private final ArrayDeque<Exchange> requests = new ArrayDeque<>();

    void addDump(Exchange e) {
        dumps.add(e);
    }

    void add(Exchange e) {
        requests.add(e);
    }

    /** Lines up {@code batch} as one group behind what waits already. */
    void addBatch(List<Exchange> batch) {
        batch.get(0).batchSize = batch.size();
        requests.addAll(batch);
    }

    boolean hasDumps() {
        return !dumps.isEmpty();
    }

    Exchange pollDump() {
        return dumps.poll();
    }

    /** Whether any request other than a dump waits: a newcomer must then wait behind it. */
    boolean hasRequests() {
        return !requests.isEmpty();
    }

    /** How many requests must go together next: a batch's size, 1 for a single request, 0 when none waits. */
    int nextGroupSize() {
        Exchange next = requests.peek();
        return next == null ? 0 : Math.max(1, next.batchSize);
    }

    /** The next request of the line; it may have ended while it waited (a batch member): check its state. */
    Exchange pollRequest() {
        return requests.poll();
    }

    boolean containsDump(Exchange e) {
        return dumps.contains(e);
    }

    /** Takes {@code e} out of its line, unless it belongs to a waiting batch, which stays whole. */
    void remove(Exchange e) {
        if (!e.inBatch && !dumps.remove(e)) {
            requests.remove(e);
        }
    }

    /** The requests waiting that have not ended. */
    int size() {
        int n = dumps.size();
        for (Exchange e : requests) {
            n += e.state == Exchange.State.ENDED ? 0 : 1;
        }
        return n;
    }

    /** Adds every waiting request (ended batch members too) to {@code out}, dumps first. */
    void addTo(List<Exchange> out) {
        out.addAll(dumps);
        out.addAll(requests);
    }

    /** The number of entries in both lines, for sizing a list. */
    int entries() {
        return dumps.size() + requests.size();
    }
}
