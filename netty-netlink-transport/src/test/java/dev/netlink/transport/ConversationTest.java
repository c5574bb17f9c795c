package dev.netlink.transport;

import org.junit.jupiter.api.Test;

import static dev.netlink.transport.Conversation.Next.READ;
import static dev.netlink.transport.Conversation.Next.UNWATCH_AND_READ;
import static dev.netlink.transport.Conversation.Next.WAIT;
import static dev.netlink.transport.Conversation.Next.WATCH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a channel reads a conversation without epoll, and when it goes back: the rules alone, no socket. */
class ConversationTest {
    private final Conversation c = new Conversation();

    /** A read that sent while it handled answers and ended on its budget, answers still queued. */
    private Conversation.Next readThatSent() {
        c.sent(true);
        return c.readEnded(false);
    }

    @Test
    void threeReadsInARowThatSentAndLeftAnswersQueuedTakeTheSocketOutOfEpoll() {
        assertEquals(WAIT, readThatSent());
        assertEquals(WAIT, readThatSent());
        assertFalse(c.quiet());
        assertEquals(UNWATCH_AND_READ, readThatSent());
        assertTrue(c.quiet());
    }

    @Test
    void aReadThatFindsTheQueueEmptyStartsTheCountAgain() {
        readThatSent();
        readThatSent();
        assertEquals(WAIT, c.readEnded(true), "drained, nothing sent");
        assertEquals(WAIT, readThatSent());
        assertEquals(WAIT, readThatSent());
        assertEquals(UNWATCH_AND_READ, readThatSent());
    }

    @Test
    void aReadThatSentButTookInAllItsAnswersIsNoConversation() {
        for (int i = 0; i < 10; i++) {
            c.sent(true);
            assertEquals(WAIT, c.readEnded(true), "a few requests whose answers one read took in");
        }
        assertFalse(c.quiet());
    }

    @Test
    void requestsSentBetweenReadsNeverStartOne() {
        for (int i = 0; i < 10; i++) {
            c.sent(false); // a caller thread's request, sent from a task
            assertEquals(WAIT, c.readEnded(false));
        }
        assertFalse(c.quiet(), "a caller that waits on each future is woken by epoll, as before");
    }

    @Test
    void readsThatDidNotSendButLeftAnswersQueuedDoNotBreakTheCount() {
        readThatSent();
        assertEquals(WAIT, c.readEnded(false), "the rest of a batch's answers, on the next read");
        readThatSent();
        assertEquals(UNWATCH_AND_READ, readThatSent());
    }

    @Test
    void outOfEpollItReadsOnWhileItSendsOrAnswersAreQueued() {
        enter();
        assertEquals(READ, readThatSent());
        assertEquals(READ, c.readEnded(false), "the budget ran out with answers queued");
        c.sent(false);
        assertEquals(READ, c.readEnded(true), "sent from a task since: its answers are queued now");
        assertTrue(c.quiet());
    }

    @Test
    void anEmptyQueueWithNothingSentSinceEndsItAndTheCountStartsAgain() {
        enter();
        assertEquals(WATCH, c.readEnded(true));
        assertFalse(c.quiet());
        assertEquals(WAIT, readThatSent());
        assertEquals(WAIT, readThatSent());
        assertEquals(UNWATCH_AND_READ, readThatSent());
    }

    @Test
    void resetForgetsEverything() {
        enter();
        c.sent(true);
        c.reset();
        assertFalse(c.quiet());
        assertEquals(WAIT, c.readEnded(false), "the send before the reset is not counted");
        assertEquals(WAIT, readThatSent());
        assertEquals(WAIT, readThatSent());
        assertEquals(UNWATCH_AND_READ, readThatSent());
    }

    private void enter() {
        for (int i = 1; i < Conversation.ENTER_AFTER; i++) {
            readThatSent();
        }
        assertEquals(UNWATCH_AND_READ, readThatSent());
    }
}
