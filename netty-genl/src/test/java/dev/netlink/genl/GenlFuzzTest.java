package dev.netlink.genl;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.netlink.codec.MalformedNetlinkException;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayList;
import java.util.List;

/**
 * Hostile nlctrl answers through {@link GenericNetlinkMessage#of} and the family and policy parsers: only
 * {@link MalformedNetlinkException} may escape, and nothing may leak. The corpus (kernel answers to GETFAMILY and
 * GETPOLICY) replays in every build; {@code JAZZER_FUZZ=1} fuzzes.
 */
class GenlFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void nlctrlReplies(byte[] bytes) {
        ByteBuf datagram = Unpooled.wrappedBuffer(bytes);
        List<Object> out = new ArrayList<>();
        try {
            NetlinkMessageDecoder.decode(datagram, null, 0, out);
            CtrlParser.PolicyBuilder policy = new CtrlParser.PolicyBuilder();
            for (Object o : out) {
                NetlinkMessage m = (NetlinkMessage) o;
                try {
                    // takes over m's payload, which the finally below releases with m
                    GenericNetlinkMessage g = GenericNetlinkMessage.of(m, m.type() & 3);
                    if (g.cmd() == GenlCtrl.CTRL_CMD_GETPOLICY) {
                        policy.add(g.attributes());
                    } else {
                        CtrlParser.family(g.attributes());
                    }
                } catch (MalformedNetlinkException expected) {
                    // reported, not crashed on
                }
            }
            policy.build(null, null);
        } catch (MalformedNetlinkException expected) {
            // a malformed datagram
        } finally {
            out.forEach(ReferenceCountUtil::release);
            datagram.release();
        }
    }
}
