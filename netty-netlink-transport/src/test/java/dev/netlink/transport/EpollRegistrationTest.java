package dev.netlink.transport;

import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoOps;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The socket's place in the epoll set, on a registration that records what epoll would be told. */
class EpollRegistrationTest {
    /** Records each interest submitted; cancelled once. */
    static final class Recording implements IoRegistration {
        final List<IoOps> submitted = new ArrayList<>();
        int cancels;
        boolean valid = true;
        boolean cancelFails;

        @Override
        public <T> T attachment() {
            return null;
        }

        @Override
        public long submit(IoOps ops) {
            submitted.add(ops);
            return 0;
        }

        @Override
        public boolean isValid() {
            return valid;
        }

        @Override
        public boolean cancel() {
            cancels++;
            valid = false;
            if (cancelFails) {
                throw new IllegalStateException("epoll_ctl(EPOLL_CTL_DEL) failed");
            }
            return true;
        }
    }

    private final EpollRegistration epoll = new EpollRegistration(null);

    @Test
    void registeredItJoinsWithTheInterestAskedForSoFarAndNeverWithNone() {
        epoll.reading(true); // before the loop registered it: kept
        Recording r = new Recording();
        epoll.registered(r);
        assertEquals(List.of(EpollIoOps.EPOLLERR.with(EpollIoOps.EPOLLIN)), r.submitted);
        epoll.reading(false);
        assertEquals(EpollIoOps.EPOLLERR, r.submitted.get(1), "EPOLLERR stays: no interest would drop the fd");
        epoll.reading(false);
        assertEquals(2, r.submitted.size(), "the same interest is not submitted again");
    }

    @Test
    void outOfTheSetTheInterestIsKeptForTheReturnAndNothingIsSubmitted() {
        Recording r = new Recording();
        epoll.registered(r);
        epoll.reading(true);
        assertTrue(epoll.leave());
        assertTrue(epoll.isOut());
        assertTrue(epoll.isRegistered(), "still the channel's loop");
        assertFalse(epoll.leave(), "out already");
        epoll.reading(false);
        epoll.reading(true);
        assertEquals(2, r.submitted.size(), "nothing told to a cancelled registration");
        assertTrue(epoll.reading());
        assertEquals(1, r.cancels);
    }

    @Test
    void aFailedCancelThatLeftNoRegistrationCountsAsOut() {
        Recording r = new Recording();
        r.cancelFails = true;
        epoll.registered(r);
        epoll.reading(true);
        assertTrue(epoll.leave(), "the registration is gone: the conversation's reads bring it back");
        assertTrue(epoll.isOut());
    }

    @Test
    void cancelEndsItAndTheInterestStartsAgain() {
        Recording r = new Recording();
        epoll.registered(r);
        epoll.reading(true);
        epoll.leave();
        epoll.cancel();
        assertFalse(epoll.isRegistered());
        assertFalse(epoll.isOut());
        assertFalse(epoll.reading());
        assertFalse(epoll.leave(), "nothing to leave");
        Recording next = new Recording();
        epoll.registered(next);
        assertEquals(List.of(EpollIoOps.EPOLLERR), next.submitted);
    }
}
