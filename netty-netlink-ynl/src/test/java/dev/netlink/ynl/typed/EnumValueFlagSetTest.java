package dev.netlink.ynl.typed;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnumValueFlagSetTest {
    /** A flags definition: the value is each entry's bit. */
    enum Iff implements KernelConstant {
        UP("up", 1), BROADCAST("broadcast", 2), RUNNING("running", 64);

        private final String name;
        private final long value;

        Iff(String name, long value) {
            this.name = name;
            this.value = value;
        }

        @Override
        public long value() {
            return value;
        }

        @Override
        public String specName() {
            return name;
        }
    }

    /** An enum definition used {@code enum-as-flags}: the value is the bit's number. */
    enum Oper implements KernelConstant {
        DOWN("down", 2), UP("up", 6);

        private final String name;
        private final long value;

        Oper(String name, long value) {
            this.name = name;
            this.value = value;
        }

        @Override
        public long value() {
            return value;
        }

        @Override
        public String specName() {
            return name;
        }
    }

    @Test
    void anEnumValueKeepsANumberTheSpecDoesNotName() {
        EnumValue.Lookup<Oper> lookup = EnumValue.Lookup.of(Oper.class);
        assertSame(lookup.value(6), lookup.value(Oper.UP), "known values are shared");
        assertTrue(lookup.value(6).is(Oper.UP));
        EnumValue<Oper> newer = lookup.value(9);
        assertFalse(newer.isKnown());
        assertEquals(9, newer.value());
        assertEquals("9", newer.toString());
        assertEquals("up", lookup.value(6).toString());
        assertEquals(lookup.value(9), newer);
    }

    @Test
    void aFlagSetIsASetOfItsNamedBitsAndKeepsTheOthers() {
        FlagSet<Iff> f = FlagSet.of(Iff.class, 1 | 64 | 0x100000);
        assertEquals(Set.of(Iff.UP, Iff.RUNNING), f);
        assertTrue(f.contains(Iff.UP));
        assertFalse(f.contains(Iff.BROADCAST));
        assertEquals(0x100000, f.unknownBits());
        assertEquals(1 | 64 | 0x100000, f.bits());
        assertEquals("[up, running, 0x100000]", f.toString());
        assertEquals(EnumSet.of(Iff.UP, Iff.RUNNING), f.toEnumSet());
        assertEquals(65, FlagSet.of(Iff.class, Set.of(Iff.UP, Iff.RUNNING)).bits());
        assertFalse(f.equals(FlagSet.of(Iff.class, Set.of(Iff.UP, Iff.RUNNING))), "unknown bits count");
    }

    @Test
    void anEnumUsedAsFlagsNumbersItsBitsByValue() {
        FlagSet<Oper> f = FlagSet.ofEnumBits(Oper.class, 1L << 6 | 1L << 3);
        assertEquals(Set.of(Oper.UP), f);
        assertEquals(1L << 3, f.unknownBits());
        assertEquals(1L << 2 | 1L << 6, FlagSet.ofEnumBits(Oper.class, Set.of(Oper.DOWN, Oper.UP)).bits());
    }
}
