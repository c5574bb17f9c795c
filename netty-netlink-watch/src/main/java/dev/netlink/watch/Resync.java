package dev.netlink.watch;

import java.util.Objects;

/**
 * One resynchronisation of a watch, told to its listener once the dump that ended it is merged: why it began,
 * and the difference it delivered between what the listener had been told and what the kernel held.
 *
 * @param cause   the first loss that started it
 * @param number  its number on this watch, from 1
 * @param added   objects the listener had not been told of
 * @param changed objects that differed
 * @param removed objects the listener had been told of that the kernel no longer holds
 * @param dumps   the dumps it took (a drain dump after an overrun, then the one merged)
 * @param nanos   from the loss to the merge
 */
public record Resync(ResyncCause cause, long number, int added, int changed, int removed, int dumps, long nanos) {
    public Resync {
        Objects.requireNonNull(cause, "cause");
    }
}
