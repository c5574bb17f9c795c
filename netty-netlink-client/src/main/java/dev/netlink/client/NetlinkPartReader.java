package dev.netlink.client;

import io.netty.buffer.ByteBuf;

/**
 * Reads one part of a multi-part answer (a dump's {@code RTM_NEWROUTE}, a genl family) where it lies in the
 * received datagram, so that no {@code NetlinkMessage} and no slice is made for it: the way a typed dump decodes
 * a hundred thousand routes into records and allocates nothing else. Set with
 * {@link NetlinkRequest#partReader}; the error and {@code NLMSG_DONE} that end the answer are handled as always.
 *
 * <p>Runs on the event loop, once per part, in the order the kernel sent them.
 */
@FunctionalInterface
public interface NetlinkPartReader {
    /**
     * Reads the part whose payload (what follows its {@code nlmsghdr}) is the {@code length} bytes at
     * {@code index} of {@code buf}.
     *
     * @param buf    the buffer that holds the part, usually the whole datagram: lent for this call only, so
     *               neither release it nor keep it (copy what must outlive the call, or take a
     *               {@code retainedSlice})
     * @param type   the part's {@code nlmsg_type}
     * @param index  where the payload starts in {@code buf}
     * @param length the payload's length: {@code nlmsg_len} less the 16-byte header
     */
    void read(ByteBuf buf, int type, int index, int length);
}
