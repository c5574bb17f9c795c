package dev.netlink.ynl;

import dev.netlink.client.NetlinkSocket;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.attr.AttributeWriter;
import dev.netlink.codec.attr.MacAddress;
import dev.netlink.testkit.FakeKernel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static dev.netlink.ynl.RawYnlFamilyTest.done;
import static dev.netlink.ynl.YnlSchemasTest.hex;
import static dev.netlink.ynl.YnlSchemasTest.linked;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Display hints as Java values both ways, the spec's checks before sending, and a do's request flags, on the fake
 * kernel with a made-up netlink-raw family ({@code hints.yaml}) that has every hint and every check.
 */
class YnlValuesTest {
    private static final int NEWTHING = 16;
    private static final YnlSpec HINTS = YnlSpec.parse("hints.yaml", Samples.text("hints.yaml"));
    /** The fixed header: family 2, pad, hw 02:00:00:00:00:01, gw 10.0.0.1 (big-endian). */
    private static final byte[] HDR = HexFormat.of().parseHex("0200" + "020000000001" + "0a000001");
    private static final byte[] UUID_BYTES = HexFormat.of().parseHex("123e4567e89b12d3a456426614174000");
    private static final byte[] FE80_1 = HexFormat.of().parseHex("fe800000000000000000000000000001");

    private FakeKernel kernel;
    private EmbeddedChannel ch;

    private YnlFamily open(FakeKernel.Responder responder) {
        kernel = new FakeKernel(responder);
        ch = FakeKernel.newChannel(kernel);
        return Ynl.on(NetlinkSocket.on(ch, 0), HINTS);
    }

    @AfterEach
    void releaseEverything() {
        if (ch != null) {
            ch.finishAndReleaseAll();
        }
    }

    private String refusal(Supplier<Future<?>> call) {
        int sent = kernel.requests().size();
        Future<?> f = call.get();
        assertTrue(f.isDone(), "complete");
        assertEquals(sent, kernel.requests().size(), "nothing was sent");
        return assertInstanceOf(IllegalArgumentException.class, f.cause()).getMessage();
    }

    /** A thing with every hinted attribute. */
    private static void thing(AttributeWriter w) {
        w.putBinary(1, new byte[] {2, 0, 0, 0, 0, 1});
        w.putBinary(2, new byte[] {10, 1, 0, 1});
        w.putBinary(3, FE80_1);
        w.putBigEndian32(4, 0x0a010002);
        w.putBinary(5, UUID_BYTES);
        w.putBinary(6, new byte[] {1, 2, 3, 4});
        int inner = w.startNested(10);
        w.putBinary(1, new byte[] {10, 1, 0, 3});
        w.endNested(inner);
        w.putBinary(11, new byte[] {2, 0, 0, 0, 0, 2});
        w.putBinary(11, new byte[] {2, 0, 0, 0, 0, 3});
        int targets = w.startNested(12);
        w.putBigEndian32(1, 0x0a010004); // indexed from 1, as the kernel numbers them
        w.putBigEndian32(2, 0x0a010005);
        w.endNested(targets);
        w.putBinary(13, HexFormat.of().parseHex("0a010006" + "1a000000"));
        w.putU32(14, 0x1a);
    }

    private static InetAddress ip(String text) {
        return InetAddress.ofLiteral(text);
    }

    @Test
    void hintedValuesAreDecodedAsMacAddressInetAddressAndUuidAndHexStaysBytes() {
        YnlFamily hints = open((req, reply) -> reply.message(NEWTHING, HDR, YnlValuesTest::thing));
        Map<String, Object> reply = done(hints.request("newthing", Map.of()));
        assertEquals(hex(linked("family", 2, "hw", MacAddress.parse("02:00:00:00:00:01"), "gw", ip("10.0.0.1"),
                "mac", MacAddress.parse("02:00:00:00:00:01"), "v4", ip("10.1.0.1"), "v6", ip("fe80::1"),
                "addr4", ip("10.1.0.2"), "id", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                "key", new byte[] {1, 2, 3, 4}, "inner", Map.of("where", ip("10.1.0.3")),
                "macs", List.of(MacAddress.parse("02:00:00:00:00:02"), MacAddress.parse("02:00:00:00:00:03")),
                "targets", List.of(ip("10.1.0.4"), ip("10.1.0.5")),
                "pair", linked("one", ip("10.1.0.6"), "mark", 0x1aL), "mask", 0x1aL)), hex(reply));
        assertInstanceOf(Inet6Address.class, reply.get("v6"));
    }

    @Test
    void anIpv4HintedBinaryOfSixteenBytesIsAnIpv6AddressAsInRtAddrsAddress() {
        YnlFamily hints = open((req, reply) -> reply.message(NEWTHING, HDR, w -> {
            w.putBinary(2, FE80_1);
            w.putBinary(1, new byte[0]);
            w.putBinary(5, new byte[] {1, 2, 3});
            w.putBinary(3, HexFormat.of().parseHex("00000000000000000000ffff0a010001"));
        }));
        Map<String, Object> reply = done(hints.request("newthing", Map.of()));
        assertEquals(ip("fe80::1"), reply.get("v4"));
        assertEquals(MacAddress.of(new byte[0]), reply.get("mac"), "any length is a link-layer address");
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) reply.get("id"), "not 16 bytes: not a UUID, kept");
        assertInstanceOf(Inet6Address.class, reply.get("v6"), "IPv4-mapped, still the IPv6 address it was sent as");
    }

    @Test
    void anIpv4OrV6HintIsAnAddressOfEitherFamilyBothWays() {
        List<byte[]> replies = List.of(new byte[] {10, 1, 0, 7}, FE80_1, new byte[0], new byte[0]);
        int[] asked = {0};
        YnlFamily hints = open((req, reply) -> reply.message(NEWTHING, HDR,
                w -> w.putBinary(19, replies.get(asked[0]++))));
        Map<String, Object> four = done(hints.request("newthing", Map.of()));
        assertEquals(ip("10.1.0.7"), four.get("either"), "rt-addr's address of an AF_INET address");
        Map<String, Object> sixteen = done(hints.request("newthing", Map.of()));
        assertInstanceOf(Inet6Address.class, sixteen.get("either"));
        assertEquals(ip("fe80::1"), sixteen.get("either"));
        assertEquals(linked("either", "fe80::1"), YnlCliText.of(HINTS, "newthing", Map.of("either", ip("fe80::1"))));

        done(hints.request("newthing", Map.of("either", "10.1.0.8")));
        assertEquals("0800" + "1300" + "0a010008", requestAttributes(), "the text of an IPv4 address");
        done(hints.request("newthing", Map.of("either", ip("fe80::1"))));
        assertEquals("1400" + "1300" + HexFormat.of().formatHex(FE80_1), requestAttributes(), "an Inet6Address");
        assertTrue(refusal(() -> hints.request("newthing", Map.of("either", 7L)))
                .startsWith("hints newthing: attribute \"either\" (display-hint ipv4-or-v6) needs an InetAddress, "
                        + "its text (\"10.1.0.1\") or a byte[]"));
    }

    /** The attributes of the last request, as hex: what follows its fixed header. */
    private String requestAttributes() {
        ByteBuf content = kernel.lastRequest().content();
        return ByteBufUtil.hexDump(content, content.readerIndex() + HDR.length, content.readableBytes() - HDR.length);
    }

    @Test
    void aDecodedReplyIsSentBackAsTheSameBytesAndTextFormsAreTakenToo() {
        YnlFamily hints = open((req, reply) -> reply.message(NEWTHING, HDR, YnlValuesTest::thing));
        Map<String, Object> decoded = done(hints.request("newthing", Map.of()));
        done(hints.request("newthing", decoded));
        String expected = ByteBufUtil.hexDump(kernel.lastRequest().content());
        ByteBuf reference = Unpooled.buffer();
        try {
            reference.writeBytes(HDR);
            thing(new AttributeWriter(reference));
            assertEquals(ByteBufUtil.hexDump(reference), expected, "Java values are written as they were read");
        } finally {
            reference.release();
        }
        Map<String, Object> text = new LinkedHashMap<>(decoded);
        text.putAll(linked("hw", "02:00:00:00:00:01", "gw", "10.0.0.1", "mac", "02:00:00:00:00:01",
                "v4", "10.1.0.1", "v6", "fe80::1", "addr4", "10.1.0.2", "id", "123e4567-e89b-12d3-a456-426614174000",
                "inner", Map.of("where", "10.1.0.3"), "macs", List.of("02:00:00:00:00:02", "02:00:00:00:00:03"),
                "targets", List.of("10.1.0.4", "10.1.0.5"), "pair", linked("one", "10.1.0.6", "mark", 0x1a)));
        done(hints.request("newthing", text));
        assertEquals(expected, ByteBufUtil.hexDump(kernel.lastRequest().content()), "text forms write the same");
        Map<String, Object> plain = linked("hw", new byte[] {2, 0, 0, 0, 0, 1}, "gw", 0x0a000001L,
                "v4", new byte[] {10, 1, 0, 1}, "addr4", 0x0a010002L, "id", UUID_BYTES);
        done(hints.request("newthing", plain));
        assertEquals("0000" + "020000000001" + "0a000001" + "0800" + "0200" + "0a010001" + "0800" + "0400"
                + "0a010002" + "1400" + "0500" + ByteBufUtil.hexDump(UUID_BYTES),
                ByteBufUtil.hexDump(kernel.lastRequest().content()), "bytes and integers are taken as they are");
    }

    @Test
    void aValueOfNoFormItsHintTakesIsRefusedBeforeSendingNamingTheOpAndTheAttribute() {
        YnlFamily hints = open((req, reply) -> { });
        assertEquals("hints newthing: attribute \"mac\" (display-hint mac) needs a MacAddress, its text "
                + "(\"02:00:00:00:00:01\") or a byte[], got java.lang.Integer 5",
                refusal(() -> hints.request("newthing", Map.of("mac", 5))));
        assertEquals("hints newthing: attribute \"v4\" (display-hint ipv4): Invalid IP address literal: 10.1.0.x",
                refusal(() -> hints.request("newthing", Map.of("v4", "10.1.0.x"))));
        assertTrue(refusal(() -> hints.request("newthing", Map.of("inner", Map.of("where", 7))))
                .startsWith("hints newthing: attribute \"inner.where\" (display-hint ipv4) needs an InetAddress"));
        assertEquals("hints newthing: attribute \"addr4\" (a u32, display-hint ipv4) needs an IPv4 address, got "
                + "fe80::1", refusal(() -> hints.request("newthing", Map.of("addr4", "fe80::1"))));
        assertTrue(refusal(() -> hints.request("newthing", Map.of("hw", "02-00-00-00-00-01")))
                .startsWith("hints newthing: attribute \"hw\" (display-hint mac): "), "a fixed header member by name");
        assertTrue(refusal(() -> hints.request("newthing", Map.of("macs", List.of("02:00:00:00:00:01", "x"))))
                .startsWith("hints newthing: attribute \"macs[1]\" (display-hint mac): not a link-layer address"));
        assertTrue(refusal(() -> hints.request("newthing", Map.of("id", "not-a-uuid")))
                .startsWith("hints newthing: attribute \"id\" (display-hint uuid): "));
        assertTrue(refusal(() -> hints.request("newthing", Map.of("pair", Map.of("one", 1))))
                .startsWith("hints newthing: attribute \"pair.one\" (display-hint ipv4) needs"), "a struct member");
    }

    @Test
    void theSpecsChecksAndTheTypesRangeAreEnforcedBeforeSending() {
        YnlFamily hints = open((req, reply) -> { });
        Map<Map<String, Object>, String> refused = new LinkedHashMap<>();
        refused.put(Map.of("count", 0), "attribute \"count\" must be at least 1, not 0");
        refused.put(Map.of("count", 101L), "attribute \"count\" must be at most 100, not 101");
        refused.put(Map.of("count", -1), "attribute \"count\" must be at most 100, not 4294967295");
        refused.put(Map.of("count", 1L << 32), "attribute \"count\" is a u32: 4294967296 is outside 0 to 4294967295");
        refused.put(Map.of("small", 300), "attribute \"small\" is a u8: 300 is outside 0 to 255");
        refused.put(Map.of("level", -4), "attribute \"level\" must be at least -3, not -4");
        refused.put(Map.of("level", 128), "attribute \"level\" is a s8: 128 is outside -128 to 127");
        refused.put(Map.of("name", "123456789"), "string attribute \"name\" is too long: at most 8 bytes, not 9");
        refused.put(Map.of("name", "ü1234567"), "string attribute \"name\" is too long: at most 8 bytes, not 9");
        refused.put(Map.of("name", "a\0b"), "attribute \"name\" contains a NUL character, where the kernel would end"
                + " the string");
        refused.put(Map.of("key", new byte[3]), "attribute \"key\" must be exactly 4 bytes long, not 3");
        refused.put(Map.of("cookie", new byte[1]), "binary attribute \"cookie\" is too short: at least 2 bytes, not 1");
        refused.put(Map.of("cookie", new byte[4]), "binary attribute \"cookie\" is too long: at most 3 bytes, not 4");
        refused.put(Map.of("set", 4), "attribute \"set\" may only have bits of bits (0x3), not 0x4");
        refused.put(Map.of("inner", Map.of("tiny", 11)), "attribute \"inner.tiny\" must be at most 10, not 11");
        refused.forEach((attrs, message) -> assertEquals("hints newthing: " + message,
                refusal(() -> hints.request("newthing", attrs)), attrs.toString()));
        done(hints.request("newthing", linked("count", 100, "small", 255, "level", -3, "name", "12345678",
                "key", new byte[4], "cookie", new byte[3], "set", 3, "label", "a\0b", "inner", Map.of("tiny", 10))));
        done(hints.request("newthing", Map.of("small", -1, "count", 1)));
        assertEquals(2, kernel.requests().size(), "the edges of every range pass");
    }

    @Test
    void aDoTakesCreationAndEchoFlagsAndCompletesWithTheEchoedObject() {
        YnlFamily hints = open((req, reply) -> {
            if ((req.flags() & NetlinkFlags.NLM_F_ECHO) != 0) {
                reply.message(NEWTHING, HDR, w -> w.putBinary(2, new byte[] {10, 1, 0, 1}));
            }
        });
        Map<String, Object> echoed = done(hints.request("newthing", Map.of("v4", "10.1.0.1"),
                NetlinkFlags.NLM_F_ECHO));
        assertEquals(ip("10.1.0.1"), echoed.get("v4"));
        assertEquals(NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK | NetlinkFlags.NLM_F_ECHO
                | NetlinkFlags.NLM_F_CREATE | NetlinkFlags.NLM_F_EXCL, kernel.lastRequest().flags(),
                "echo keeps the new op's CREATE | EXCL");
        assertEquals(Map.of(), done(hints.request("newthing", Map.of(), NetlinkFlags.NLM_F_CREATE
                | NetlinkFlags.NLM_F_REPLACE)));
        assertEquals(NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK | NetlinkFlags.NLM_F_CREATE
                | NetlinkFlags.NLM_F_REPLACE, kernel.lastRequest().flags(), "creation flags given replace the default");
        done(hints.request("newthing", Map.of(), NetlinkFlags.NLM_F_APPEND));
        assertEquals(NetlinkFlags.NLM_F_REQUEST | NetlinkFlags.NLM_F_ACK | NetlinkFlags.NLM_F_APPEND,
                kernel.lastRequest().flags());
        assertEquals("hints newthing: a do takes the flags ECHO|REPLACE|EXCL|CREATE|APPEND, not MULTI",
                refusal(() -> hints.request("newthing", Map.of(), NetlinkFlags.NLM_F_MULTI)));
    }

    @Test
    void cliTextIsWhatToolsNetYnlPrintsForEveryHint() {
        YnlFamily hints = open((req, reply) -> reply.message(NEWTHING, HDR, YnlValuesTest::thing));
        Map<String, Object> text = YnlCliText.of(HINTS, "newthing", done(hints.request("newthing", Map.of())));
        assertEquals(linked("family", 2, "hw", "02:00:00:00:00:01", "gw", "10.0.0.1", "mac", "02:00:00:00:00:01",
                "v4", "10.1.0.1", "v6", "fe80::1", "addr4", "10.1.0.2", "id", "123e4567-e89b-12d3-a456-426614174000",
                "key", "01 02 03 04", "inner", Map.of("where", "10.1.0.3"),
                "macs", List.of("02:00:00:00:00:02", "02:00:00:00:00:03"), "targets", List.of("10.1.0.4", "10.1.0.5"),
                "pair", linked("one", "10.1.0.6", "mark", "0x1a"), "mask", "0x1a"), text);
    }

    @Test
    void ipv6TextIsCompressedAsPythonsIpaddressWritesIt() {
        Map<String, Object> cases = linked("::", "::", "::1", "::1", "1::", "1::", "1:0:0:2::3", "1:0:0:2::3",
                "1:0:0:2:0:0:3:4", "1::2:0:0:3:4", "1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7",
                "fe80:0:0:0:0:0:0:1", "fe80::1", "2001:DB8::ABCD", "2001:db8::abcd");
        cases.forEach((in, out) -> assertEquals(out, YnlCliText.text(ip(in)), in));
        assertEquals("10.1.0.1", YnlCliText.text(ip("10.1.0.1")));
    }
}
