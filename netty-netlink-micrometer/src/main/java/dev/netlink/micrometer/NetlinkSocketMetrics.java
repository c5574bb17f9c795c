package dev.netlink.micrometer;

import dev.netlink.client.NetlinkSocket;
import dev.netlink.client.NetlinkSocketStats;
import dev.netlink.codec.NetlinkProtocol;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Publishes a {@link NetlinkSocket}'s {@link NetlinkSocket#stats() stats} as Micrometer counters, read when the
 * registry is scraped (no work on the socket's event loop):
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>meter</th><th>counts</th></tr>
 * <tr><td>{@code netlink.requests}</td><td>requests sent through the socket</td></tr>
 * <tr><td>{@code netlink.request.timeouts}</td><td>requests whose answer did not come in time</td></tr>
 * <tr><td>{@code netlink.replies.late}</td><td>answers that came after their request had ended</td></tr>
 * <tr><td>{@code netlink.overruns}</td><td>{@code ENOBUFS} reports: the kernel dropped messages</td></tr>
 * <tr><td>{@code netlink.datagrams.foreign}</td><td>datagrams from sockets other than the kernel, dropped</td></tr>
 * <tr><td>{@code netlink.notifications.dropped}</td><td>notifications dropped because a queue was full</td></tr>
 * </table>
 *
 * Each carries the tags {@code protocol} ({@code NETLINK_ROUTE}, {@code NETLINK_GENERIC}, ...) and {@code netns}
 * (the namespace file, or {@code "self"}), plus the caller's. The binder holds the socket: remove the meters from
 * the registry when the socket is closed. Immutable; thread-safe.
 */
public final class NetlinkSocketMetrics implements MeterBinder {
    private final NetlinkSocket socket;
    private final Tags tags;

    /** Meters for {@code socket} with its {@code protocol} and {@code netns} tags and {@code extraTags}. */
    public NetlinkSocketMetrics(NetlinkSocket socket, Iterable<Tag> extraTags) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.tags = Tags.of("protocol", socket.protocol() < 0 ? "unknown" : NetlinkProtocol.toString(socket.protocol()),
                "netns", socket.netns() == null ? "self" : socket.netns()).and(extraTags);
    }

    /** Meters for {@code socket} with its {@code protocol} and {@code netns} tags. */
    public NetlinkSocketMetrics(NetlinkSocket socket) {
        this(socket, Tags.empty());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "netlink.requests", "requests sent through the netlink socket", NetlinkSocketStats::requests);
        counter(registry, "netlink.request.timeouts", "netlink requests whose answer did not come in time",
                NetlinkSocketStats::timeouts);
        counter(registry, "netlink.replies.late", "netlink answers that came after their request had ended",
                NetlinkSocketStats::lateReplies);
        counter(registry, "netlink.overruns", "ENOBUFS: the kernel dropped messages for the socket",
                NetlinkSocketStats::overruns);
        counter(registry, "netlink.datagrams.foreign", "datagrams from sockets other than the kernel, dropped",
                NetlinkSocketStats::foreignDatagrams);
        counter(registry, "netlink.notifications.dropped", "notifications dropped because a queue was full",
                NetlinkSocketStats::droppedNotifications);
    }

    private void counter(MeterRegistry registry, String name, String description,
                         ToLongFunction<NetlinkSocketStats> value) {
        FunctionCounter.builder(name, socket, s -> value.applyAsLong(s.stats()))
                .description(description)
                .tags(tags)
                .register(registry);
    }
}
