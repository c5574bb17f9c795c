package dev.netlink.ynl;

import dev.netlink.codec.Errno;
import dev.netlink.codec.NetlinkException;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.testkit.FakeKernel;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.netlink.ynl.RawYnlFamilyTest.done;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * nftables' changes framed by nfnetlink's batch begin and end, on the fake kernel answering as nfnetlink does
 * (the begin first; the end only when the batch committed); gets and dumps unframed.
 */
class NftablesBatchTest {
    private static final int BATCH_BEGIN = 16;
    private static final int BATCH_END = 17;
    private static final int NEWTABLE = 10 << 8;
    private static final int GETTABLE = 10 << 8 | 1;

    private FakeRawFamily fake;
    private FakeKernel kernel;

    private YnlFamily nft(FakeKernel.Responder responder) {
        fake = new FakeRawFamily("nftables", responder);
        kernel = fake.kernel;
        return fake.family;
    }

    @AfterEach
    void tearDown() {
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void aChangeGoesBetweenBatchBeginAndEndOfItsSubsystemEachAcknowledged() {
        YnlFamily nft = nft((req, reply) -> {
        });
        assertEquals(Map.of(), done(nft.request("newtable", Map.of("nfgen-family", 2, "name", "t0"))));
        List<NetlinkMessage> sent = kernel.requests();
        assertEquals(List.of(BATCH_BEGIN, NEWTABLE, BATCH_END), sent.stream().map(NetlinkMessage::type).toList());
        int acked = NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK;
        assertEquals(List.of(acked, acked | NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_EXCL, acked),
                sent.stream().map(NetlinkMessage::flags).toList());
        assertEquals("0000000a", ByteBufUtil.hexDump(sent.get(0).content()),
                "AF_UNSPEC, NFNETLINK_V0, res_id NFNL_SUBSYS_NFTABLES in network byte order");
        assertEquals("0000000a", ByteBufUtil.hexDump(sent.get(2).content()));
        assertEquals("02000000" + "0700010074300000", ByteBufUtil.hexDump(sent.get(1).content()));
        assertEquals(sent.get(0).sequence() + 1, sent.get(1).sequence());
        assertEquals(sent.get(1).sequence() + 1, sent.get(2).sequence());
    }

    @Test
    void getsAndDumpsAreNotBatched() {
        YnlFamily nft = nft((req, reply) -> {
        });
        done(nft.dump("gettable", Map.of()));
        done(nft.request("gettable", Map.of("name", "t0")));
        assertEquals(List.of(GETTABLE, GETTABLE), kernel.requests().stream().map(NetlinkMessage::type).toList());
        assertTrue((kernel.requests().get(0).flags() & NetlinkFlags.NLM_F_DUMP) == NetlinkFlags.NLM_F_DUMP);
    }

    @Test
    void theOperationsErrorFailsTheDoAndTheUnansweredEndIsNotWaitedFor() {
        boolean[] aborted = {false};
        YnlFamily nft = nft((req, reply) -> {
            if (req.type() == NEWTABLE) {
                aborted[0] = true;
                reply.error(Errno.EEXIST);
            } else if (req.type() == BATCH_END && aborted[0]) {
                aborted[0] = false;
                reply.noReply(); // an aborted batch: the kernel acknowledges no end
            }
        });
        Future<Map<String, Object>> f = nft.request("newtable", Map.of("nfgen-family", 2, "name", "t0"));
        assertTrue(f.isDone());
        assertEquals(Errno.EEXIST, assertInstanceOf(NetlinkException.class, f.cause()).errno());
        assertEquals(Map.of(), done(nft.request("deltable", Map.of("nfgen-family", 2, "name", "t1"))),
                "the socket goes on");
    }

    @Test
    void aBatchRefusedWholeFailsTheDoWithTheBeginsError() {
        YnlFamily nft = nft((req, reply) -> {
            if (req.type() == BATCH_BEGIN) {
                reply.error(85); // ERESTART: the generation moved on
            } else {
                reply.noReply();
            }
        });
        Future<Map<String, Object>> f = nft.request("newchain", Map.of("nfgen-family", 2, "table", "t0"));
        assertTrue(f.isDone());
        assertEquals(85, assertInstanceOf(NetlinkException.class, f.cause()).errno());
    }
}
