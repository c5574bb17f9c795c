package dev.netlink.ynl.typed;

import java.util.AbstractSet;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Set;

/**
 * The bits of an attribute or struct member that a YNL {@code flags} definition (or an {@code enum} with
 * {@code enum-as-flags}) names, as a set of the generated Java enum's constants: the bits the spec names are its
 * elements, the others are kept in {@link #unknownBits()} (a kernel newer than the spec), so {@link #bits()} is
 * always what the kernel sent. Immutable; a {@link Set} for reading ({@code flags.contains(IffFlags.UP)}).
 *
 * @param <E> the generated enum, whose {@link KernelConstant#value()} is each entry's bit
 */
public final class FlagSet<E extends Enum<E> & KernelConstant> extends AbstractSet<E> {
    /** Each enum's constants, read once: {@code getEnumConstants()} copies its array on every call. */
    private static final ClassValue<Object[]> CONSTANTS = new ClassValue<>() {
        @Override
        protected Object[] computeValue(Class<?> type) {
            return type.getEnumConstants();
        }
    };

    private final EnumSet<E> known;
    private final long bits;
    private final long unknownBits;

    private FlagSet(EnumSet<E> known, long bits, long unknownBits) {
        this.known = known;
        this.bits = bits;
        this.unknownBits = unknownBits;
    }

    /**
     * The set of {@code bits} of a {@code flags} definition, whose constants' {@link KernelConstant#value()} are
     * their bits; the bits no constant names are kept as unknown bits.
     */
    public static <E extends Enum<E> & KernelConstant> FlagSet<E> of(Class<E> type, long bits) {
        return decode(type, bits, false);
    }

    /**
     * The set of {@code bits} of an {@code enum} used {@code enum-as-flags}: constant {@code c} is bit
     * {@code 1 << c.value()}.
     */
    public static <E extends Enum<E> & KernelConstant> FlagSet<E> ofEnumBits(Class<E> type, long bits) {
        return decode(type, bits, true);
    }

    /** The set of {@code flags} of a {@code flags} definition. */
    public static <E extends Enum<E> & KernelConstant> FlagSet<E> of(Class<E> type, Set<E> flags) {
        return encode(type, flags, false);
    }

    /** The set of {@code flags} of an {@code enum} used {@code enum-as-flags}. */
    public static <E extends Enum<E> & KernelConstant> FlagSet<E> ofEnumBits(Class<E> type, Set<E> flags) {
        return encode(type, flags, true);
    }

    private static <E extends Enum<E> & KernelConstant> FlagSet<E> decode(Class<E> type, long bits, boolean shift) {
        EnumSet<E> known = EnumSet.noneOf(type);
        long rest = bits;
        for (Object o : CONSTANTS.get(type)) {
            E c = type.cast(o);
            long bit = bit(c, shift);
            if (bit != 0 && (bits & bit) == bit) {
                known.add(c);
                rest &= ~bit;
            }
        }
        return new FlagSet<>(known, bits, rest);
    }

    private static <E extends Enum<E> & KernelConstant> FlagSet<E> encode(Class<E> type, Set<E> flags,
                                                                          boolean shift) {
        long bits = 0;
        for (E c : flags) {
            bits |= bit(c, shift);
        }
        return new FlagSet<>(flags.isEmpty() ? EnumSet.noneOf(type) : EnumSet.copyOf(flags), bits, 0);
    }

    private static long bit(KernelConstant c, boolean shift) {
        return shift ? (c.value() < 64 ? 1L << c.value() : 0) : c.value();
    }

    /** Every bit, as on the wire. */
    public long bits() {
        return bits;
    }

    /** The bits the spec does not name. */
    public long unknownBits() {
        return unknownBits;
    }

    /** The named bits as an {@link EnumSet} of their own. */
    public EnumSet<E> toEnumSet() {
        return known.clone();
    }

    @Override
    public boolean contains(Object o) {
        return known.contains(o);
    }

    @Override
    public Iterator<E> iterator() {
        return java.util.Collections.unmodifiableSet(known).iterator();
    }

    @Override
    public int size() {
        return known.size();
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof FlagSet<?> f) {
            return f.bits == bits && f.known.equals(known);
        }
        return unknownBits == 0 && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode() ^ Long.hashCode(unknownBits);
    }

    /** The spec's names of the bits, then any unknown bits in hex: {@code [up, running, 0x100000]}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("[");
        for (E c : known) {
            s.append(s.length() > 1 ? ", " : "").append(c.specName());
        }
        if (unknownBits != 0) {
            s.append(s.length() > 1 ? ", " : "").append("0x").append(Long.toHexString(unknownBits));
        }
        return s.append(']').toString();
    }
}
