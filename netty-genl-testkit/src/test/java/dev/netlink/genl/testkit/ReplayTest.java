package dev.netlink.genl.testkit;

import dev.netlink.testkit.FakeKernel;
import dev.netlink.testkit.ReplayKernel;
import dev.netlink.genl.Family;
import dev.netlink.genl.GenericNetlink;
import dev.netlink.genl.GenericNetlinkController;
import dev.netlink.genl.Policy;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plays back {@code nlctrl.rec}, recorded from this machine's kernel by {@link RecordReplayIT}: no root needed. */
class ReplayTest {
    private static final Path FIXTURE = Path.of("src/test/resources/dev/netlink/genl/testkit/nlctrl.rec");

    @Test
    void theRecordedFamiliesAndPolicyDecode() throws Exception {
        ReplayKernel replay = ReplayKernel.load(FIXTURE);
        EmbeddedChannel ch = FakeKernel.newChannel(replay);
        GenericNetlinkController ctrl = GenericNetlink.on(ch, 0).getNow();

        List<Family> families = ctrl.getFamilies().getNow();
        assertTrue(families.size() > 5, families.toString());
        Family nlctrl = families.get(0);
        assertEquals("nlctrl", nlctrl.name());
        assertEquals(0x10, nlctrl.id());
        assertEquals("notify", nlctrl.mcastGroups().get(0).name());
        assertTrue(families.stream().anyMatch(f -> f.name().equals("ethtool")));

        Policy policy = ctrl.getPolicyByName("nlctrl", null).getNow();
        assertEquals(0x10, policy.familyId());
        assertEquals("type=NUL_STRING max len:15", policy.policy(0).get(2).toGenlString());
        assertEquals(List.of(), replay.mismatches());
        assertEquals(0, replay.unplayed());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void aRequestTheRecordingDoesNotHoldIsReportedAndRefused() throws Exception {
        ReplayKernel replay = ReplayKernel.load(FIXTURE);
        EmbeddedChannel ch = FakeKernel.newChannel(replay);
        GenericNetlinkController ctrl = GenericNetlink.on(ch, 0).getNow();
        Throwable cause = ctrl.getFamilyByName("ethtool").cause();
        assertTrue(cause.getMessage().contains("replay: the recording holds no such request"), cause.getMessage());
        assertEquals(1, replay.mismatches().size());
        ch.finishAndReleaseAll();
    }
}
