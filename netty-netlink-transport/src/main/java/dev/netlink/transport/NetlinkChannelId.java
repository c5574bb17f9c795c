package dev.netlink.transport;

import io.netty.channel.ChannelId;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link ChannelId} of a {@link NetlinkChannel}: a counter, unique within the process; the long text adds the
 * process id. Short text {@code nl-5}, long text {@code nl-5@4321}.
 */
final class NetlinkChannelId implements ChannelId {
    private static final long serialVersionUID = 1L;
    private static final AtomicLong NEXT = new AtomicLong();
    private static final String PROCESS = Long.toString(ProcessHandle.current().pid());

    private final long value = NEXT.incrementAndGet();

    @Override
    public String asShortText() {
        return "nl-" + value;
    }

    @Override
    public String asLongText() {
        return asShortText() + '@' + PROCESS;
    }

    @Override
    public int compareTo(ChannelId other) {
        if (other instanceof NetlinkChannelId o) {
            return Long.compare(value, o.value);
        }
        return asLongText().compareTo(other.asLongText());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetlinkChannelId other && other.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return asShortText();
    }
}
