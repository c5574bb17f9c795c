package dev.netlink.genl.testkit;

import dev.netlink.testkit.FakeKernel;
import dev.netlink.testkit.NetlinkRecorder;
import dev.netlink.testkit.ReplayKernel;
import dev.netlink.genl.Family;
import dev.netlink.genl.GenericNetlink;
import dev.netlink.genl.GenericNetlinkController;
import dev.netlink.genl.Policy;
import dev.netlink.testing.TestNetns;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.netlink.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Records a real {@code getFamilies()} and {@code getPolicyByName("nlctrl")}, plays the recording back through a
 * {@link ReplayKernel}, and checks the replay decodes to the live values. With {@code -Dtestkit.rewriteFixture=true}
 * it also refreshes the fixture {@code ReplayTest} uses.
 */
class RecordReplayIT {

    @Test
    void aReplayedRecordingDecodesToTheLiveValues() throws Exception {
        TestNetns.assumeRoot();
        StringWriter recording = new StringWriter();
        String kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        GenericNetlinkController live = await(GenericNetlink.connect(b -> b.addFirst(new NetlinkRecorder(recording,
                "netlink recording: GenericNetlinkController.getFamilies() and getPolicyByName(\"nlctrl\", null) on "
                        + "Linux " + kernel))));
        List<Family> families;
        Policy policy;
        try {
            families = await(live.getFamilies());
            policy = await(live.getPolicyByName("nlctrl", null));
        } finally {
            live.socket().close();
        }
        List<String> lines = recording.toString().lines().toList();
        if (Boolean.getBoolean("testkit.rewriteFixture")) {
            Files.write(Path.of("src/test/resources/dev/netlink/genl/testkit/nlctrl.rec"), lines,
                    StandardCharsets.UTF_8);
        }

        ReplayKernel replay = ReplayKernel.parse(lines);
        EmbeddedChannel ch = FakeKernel.newChannel(replay);
        GenericNetlinkController replayed = GenericNetlink.on(ch, 0).getNow();
        assertEquals(families, replayed.getFamilies().getNow());
        assertEquals(policy, replayed.getPolicyByName("nlctrl", null).getNow());
        assertEquals(List.of(), replay.mismatches());
        assertEquals(0, replay.unplayed());
        ch.finishAndReleaseAll();
    }
}
