package dev.netlink.testkit;

import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Plays back a {@link NetlinkRecorder} recording as a {@link FakeKernel.Responder}: each request is matched with
 * the next recorded request of the same type, flags and payload (sequence number and port id aside), and answered
 * with the messages the kernel sent back for it, renumbered to the live request. A request the recording does not
 * hold is answered with {@code EINVAL} and listed in {@link #mismatches()}, so a test can show what differed.
 * Not thread-safe.
 */
public final class ReplayKernel implements FakeKernel.Responder {
    /** One recorded request and the replies that carried its sequence number. */
    private record Exchange(int type, int flags, byte[] payload, List<Reply> replies) {
    }

    private record Reply(int type, int flags, byte[] payload) {
    }

    private final List<Exchange> exchanges;
    private final boolean[] used;
    private final List<String> mismatches = new ArrayList<>();

    private ReplayKernel(List<Exchange> exchanges) {
        this.exchanges = exchanges;
        this.used = new boolean[exchanges.size()];
    }

    /** Reads a recording file. */
    public static ReplayKernel load(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** Reads a recording from its lines. */
    public static ReplayKernel parse(List<String> lines) {
        List<Exchange> exchanges = new ArrayList<>();
        List<Integer> sequences = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean sent = line.startsWith(">");
            String[] words = line.split("\\s+");
            ByteBuf datagram = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(words[words.length - 1]));
            List<Object> messages = new ArrayList<>();
            try {
                NetlinkMessageDecoder.decode(datagram, null, 0, messages);
                for (Object o : messages) {
                    NetlinkMessage m = (NetlinkMessage) o;
                    byte[] payload = ByteBufUtil.getBytes(m.content());
                    if (sent) {
                        exchanges.add(new Exchange(m.type(), m.flags(), payload, new ArrayList<>()));
                        sequences.add(m.sequence());
                    } else if (m.sequence() != 0 && !line.contains("group=") && !line.contains("from=")) {
                        int i = sequences.lastIndexOf(m.sequence());
                        if (i >= 0) {
                            exchanges.get(i).replies().add(new Reply(m.type(), m.flags(), payload));
                        }
                    }
                }
            } finally {
                messages.forEach(ReferenceCountUtil::release);
                datagram.release();
            }
        }
        return new ReplayKernel(exchanges);
    }

    /** The requests that matched nothing in the recording, described; empty when the replay went as recorded. */
    public List<String> mismatches() {
        return List.copyOf(mismatches);
    }

    /** How many recorded requests have not been asked yet. */
    public int unplayed() {
        int n = 0;
        for (boolean u : used) {
            n += u ? 0 : 1;
        }
        return n;
    }

    @Override
    public void respond(NetlinkMessage request, KernelReply reply) {
        byte[] payload = ByteBufUtil.getBytes(request.content());
        for (int i = 0; i < exchanges.size(); i++) {
            Exchange e = exchanges.get(i);
            if (!used[i] && e.type() == request.type() && e.flags() == request.flags()
                    && Arrays.equals(e.payload(), payload)) {
                used[i] = true;
                for (Reply r : e.replies()) {
                    reply.verbatim(r.type(), r.flags(), Unpooled.wrappedBuffer(r.payload()));
                }
                return;
            }
        }
        String what = request + " payload " + ByteBufUtil.hexDump(payload);
        mismatches.add(what);
        reply.error(Errno.EINVAL, "replay: the recording holds no such request: " + what);
    }
}
