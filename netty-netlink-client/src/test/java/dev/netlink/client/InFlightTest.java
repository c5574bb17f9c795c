package dev.netlink.client;

import dev.netlink.codec.DefaultNetlinkMessage;
import dev.netlink.codec.HostOrder;
import dev.netlink.codec.NetlinkAddress;
import dev.netlink.codec.NetlinkFlags;
import dev.netlink.codec.NetlinkMessage;
import dev.netlink.codec.NetlinkMessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What answers a request in flight, on messages as objects and on headers where they lie in a datagram. */
class InFlightTest {
    static final int PORT = 4242;
    static final int TYPE = 0x10;
    static final NetlinkAddress PEER = NetlinkAddress.ofPort(777);

    private final InFlight inFlight = new InFlight();
    private final List<ByteBuf> datagrams = new ArrayList<>();

    InFlightTest() {
        inFlight.portId(PORT);
    }

    /** A request sent under {@code sequence} with {@code flags}, in flight. */
    private Exchange sent(int sequence, int flags) {
        NetlinkRequest request = new NetlinkRequest(new DefaultNetlinkMessage(TYPE, flags),
                ImmediateEventExecutor.INSTANCE);
        Exchange e = new Exchange(null, request, ImmediateEventExecutor.INSTANCE.newPromise(), 0, 0);
        e.sequence = sequence;
        inFlight.add(e);
        return e;
    }

    private static NetlinkMessage received(int sequence, int portId, NetlinkAddress sender, int group) {
        return new DefaultNetlinkMessage(TYPE, 0, sequence, portId, Unpooled.EMPTY_BUFFER, sender, group);
    }

    @AfterEach
    void releaseDatagrams() {
        datagrams.forEach(ByteBuf::release);
    }

    /** A datagram holding one bare {@code nlmsghdr} of {@code sequence} and {@code portId}. */
    private ByteBuf datagram(int sequence, int portId) {
        ByteBuf d = Unpooled.directBuffer(16).writeZero(16);
        datagrams.add(d);
        HostOrder.setI32(d, 0, 16);
        HostOrder.setI16(d, 4, TYPE);
        HostOrder.setI32(d, 8, sequence);
        HostOrder.setI32(d, 12, portId);
        return d;
    }

    @Test
    void aKernelUnicastWithASequenceInFlightAndOurPortAnswersItsRequest() {
        Exchange e = sent(7, 0);
        NetlinkMessage m = received(7, PORT, NetlinkAddress.KERNEL, 0);
        assertTrue(inFlight.mayAnswer(m));
        assertSame(e, inFlight.answered(m));
        assertSame(e, inFlight.answered(m), "answering does not take it out of flight");
        assertEquals(1, inFlight.size());
        ByteBuf d = datagram(7, PORT);
        assertSame(e, inFlight.answered(d, 0, NetlinkAddress.KERNEL, 0));
        assertSame(e, inFlight.answered(d, 0, null, 0), "a datagram of unknown sender is taken as the kernel's");
    }

    @Test
    void notificationsPeersAndSequenceZeroAnswerNothing() {
        sent(7, 0);
        assertFalse(inFlight.mayAnswer(received(7, PORT, NetlinkAddress.KERNEL, 1)), "a notification on group 1");
        assertFalse(inFlight.mayAnswer(received(7, PORT, PEER, 0)), "a user-space peer's message");
        assertFalse(inFlight.mayAnswer(received(0, PORT, NetlinkAddress.KERNEL, 0)), "sequence 0");
        ByteBuf d = datagram(7, PORT);
        assertNull(inFlight.answered(d, 0, NetlinkAddress.KERNEL, 1));
        assertNull(inFlight.answered(d, 0, PEER, 0));
        assertNull(inFlight.answered(datagram(0, PORT), 0, NetlinkAddress.KERNEL, 0));
    }

    @Test
    void theEchoARequestAskedForAnswersItThoughItCarriesTheGroup() {
        sent(7, NetlinkFlags.NLM_F_ECHO);
        sent(8, 0);
        assertTrue(inFlight.mayAnswer(received(7, PORT, NetlinkAddress.KERNEL, 1)));
        assertFalse(inFlight.mayAnswer(received(8, PORT, NetlinkAddress.KERNEL, 1)), "no NLM_F_ECHO asked for");
        assertFalse(inFlight.mayAnswer(received(7, PORT + 1, NetlinkAddress.KERNEL, 1)), "another port's copy");
    }

    @Test
    void anotherPortIdOrAnEndedRequestIsNoAnswerAndContainsTellsWhichOfTheTwo() {
        Exchange e = sent(7, 0);
        assertNull(inFlight.answered(received(7, PORT + 1, NetlinkAddress.KERNEL, 0)));
        assertNull(inFlight.answered(datagram(7, PORT + 1), 0, NetlinkAddress.KERNEL, 0));
        assertTrue(inFlight.contains(7), "its sequence is in flight: not a late answer");
        inFlight.remove(e);
        assertNull(inFlight.answered(received(7, PORT, NetlinkAddress.KERNEL, 0)));
        assertFalse(inFlight.contains(7), "late: its request has ended");
        assertEquals(0, inFlight.size());
    }

    @Test
    void portIdZeroAcceptsAnyNlmsgPid() {
        inFlight.portId(0);
        Exchange e = sent(7, 0);
        assertSame(e, inFlight.answered(received(7, 99, NetlinkAddress.KERNEL, 0)));
        assertSame(e, inFlight.answered(datagram(7, 99), 0, NetlinkAddress.KERNEL, 0));
        assertFalse(inFlight.mayAnswer(received(7, 99, NetlinkAddress.KERNEL, 1)),
                "without a port id no echo can be told from a notification");
    }

    @Test
    void toStringNamesEachRequestBySequenceAndType() {
        sent(7, 0);
        assertEquals("[7:" + NetlinkMessageType.toString(TYPE) + "]", inFlight.toString());
    }
}
