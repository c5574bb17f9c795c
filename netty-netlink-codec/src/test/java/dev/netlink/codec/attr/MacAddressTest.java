package dev.netlink.codec.attr;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MacAddressTest {
    @Test
    void parsesAndPrintsAsIpLinkDoes() {
        MacAddress mac = MacAddress.parse("02:AB:00:00:00:01");
        assertEquals("02:ab:00:00:00:01", mac.toString());
        assertEquals(MacAddress.ETH_ALEN, mac.length());
        assertArrayEquals(new byte[] {2, (byte) 0xab, 0, 0, 0, 1}, mac.bytes());
        assertEquals(MacAddress.of(new byte[] {2, (byte) 0xab, 0, 0, 0, 1}), mac);
        assertFalse(mac.isMulticast());
        assertTrue(MacAddress.parse("ff:ff:ff:ff:ff:ff").isMulticast());
        assertEquals(0, MacAddress.parse("").length());
    }

    @Test
    void keepsItsBytesToItself() {
        byte[] b = {2, 0, 0, 0, 0, 1};
        MacAddress mac = MacAddress.of(b);
        b[0] = 9;
        mac.bytes()[1] = 9;
        assertEquals("02:00:00:00:00:01", mac.toString());
    }

    @Test
    void refusesWhatIsNotAnAddress() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("02:00:0"));
        assertTrue(e.getMessage().contains("\"02:00:0\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("02-00-00-00-00-01"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("zz:00"));
    }
}
