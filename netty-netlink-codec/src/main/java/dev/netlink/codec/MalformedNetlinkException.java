package dev.netlink.codec;

import io.netty.handler.codec.CorruptedFrameException;

/**
 * Bytes that break the netlink wire format: an {@code nlmsg_len} below the header size or past the end of the
 * datagram, a misaligned tail, an {@code nla_len} that overruns its parent, an attribute too short for its
 * type. The message names the byte offset (within the datagram or attribute block being read) and the fault.
 *
 * <p>A {@link CorruptedFrameException}, so Netty treats it as a {@code DecoderException}: the pipeline sees it
 * in {@code exceptionCaught} and the channel stays open for the next datagram.
 */
public class MalformedNetlinkException extends CorruptedFrameException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    /**
     * @param offset the byte offset of the fault, relative to the start of the datagram or attribute block
     * @param what   what was wrong, without the offset (it is added)
     */
    public MalformedNetlinkException(int offset, String what) {
        super(what + " (at offset " + offset + ')');
        this.offset = offset;
    }

    /** The byte offset of the fault, relative to the start of the datagram or attribute block being read. */
    public int offset() {
        return offset;
    }
}
