package dev.netlink.testkit;

import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkDatagram;
import dev.netlink.codec.NetlinkMessageDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the datagrams a channel sends and receives into a readable text file that {@link ReplayKernel} can
 * play back. Put it at the socket end of the pipeline, before the decoder (e.g.
 * {@code NetlinkSocket.builder(p).addFirst(recorder)}). It copies nothing it does not write and passes every
 * message on untouched.
 *
 * <p>One line per datagram: {@code >} for a datagram sent, {@code <} for one received (with {@code group=N} for
 * a multicast), then the bytes in hex; below it, one {@code #} line per message with its decoded header. Lines
 * starting with {@code #} are comments to the reader. Confined to the channel's event loop; the writer is flushed
 * after each datagram and closed by its owner.
 */
public final class NetlinkRecorder extends ChannelDuplexHandler {
    private final Writer out;

    /** Records to {@code out}, after a comment line with {@code title}. */
    public NetlinkRecorder(Writer out, String title) {
        this.out = out;
        line("# " + title);
        line("# > sent, < received; hex of one datagram per line; '#' lines decode its messages");
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ByteBuf datagram = msg instanceof NetlinkDatagram d ? d.content() : msg instanceof ByteBuf b ? b : null;
        if (datagram != null) {
            record(">", datagram, 0);
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof NetlinkDatagram d) {
            NetlinkAddress sender = d.sender();
            record(sender != null && !sender.isKernel() ? "< from=" + Integer.toUnsignedString(sender.portId())
                    : "<", d.content(), d.group());
        } else if (msg instanceof ByteBuf b) {
            record("<", b, 0);
        }
        ctx.fireChannelRead(msg);
    }

    private void record(String direction, ByteBuf datagram, int group) {
        StringBuilder sb = new StringBuilder(direction);
        if (group != 0) {
            sb.append(" group=").append(group);
        }
        sb.append(' ').append(ByteBufUtil.hexDump(datagram));
        List<Object> messages = new ArrayList<>();
        try {
            NetlinkMessageDecoder.decode(datagram, null, group, messages);
            for (Object m : messages) {
                sb.append("\n#   ").append(m);
            }
        } catch (RuntimeException e) {
            sb.append("\n#   undecodable: ").append(e.getMessage());
        } finally {
            messages.forEach(ReferenceCountUtil::release);
        }
        line(sb.toString());
    }

    private void line(String s) {
        try {
            out.write(s);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the netlink recording", e);
        }
    }
}
