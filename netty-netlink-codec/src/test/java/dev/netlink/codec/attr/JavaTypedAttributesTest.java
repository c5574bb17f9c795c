package dev.netlink.codec.attr;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JavaTypedAttributesTest {
    @Test
    void eachJavaTypeWritesItsWireType() {
        Map<Integer, Object> attrs = new LinkedHashMap<>();
        attrs.put(1, (byte) 0xfe);
        attrs.put(2, (short) 0x1234);
        attrs.put(3, 0x01020304);
        attrs.put(4, 0x0102030405060708L);
        attrs.put(5, "nlctrl");
        attrs.put(6, new byte[] {1, 2, 3});
        attrs.put(7, true);
        attrs.put(8, false);
        attrs.put(9, new Bitfield32(5, 7));
        attrs.put(10, Map.of(1, 7));
        attrs.put(11, List.of(1, 2));
        attrs.put(12, null);
        ByteBuf buf = Unpooled.buffer();
        JavaTypedAttributes.write(attrs, new AttributeWriter(buf));
        AttributeReader r = AttributeReader.of(buf);
        assertTrue(r.next());
        assertEquals(0xfe, r.u8());
        assertTrue(r.next());
        assertEquals(0x1234, r.u16());
        assertTrue(r.next());
        assertEquals(0x01020304, r.u32());
        assertTrue(r.next());
        assertEquals(0x0102030405060708L, r.u64());
        assertTrue(r.next());
        assertEquals("nlctrl", r.string());
        assertEquals(7, r.length(), "NUL-terminated");
        assertTrue(r.next());
        assertArrayEquals(new byte[] {1, 2, 3}, r.bytes());
        assertTrue(r.next());
        assertEquals(7, r.type());
        assertTrue(r.flag());
        assertTrue(r.next());
        assertEquals(9, r.type(), "false writes no flag");
        assertEquals(new Bitfield32(5, 7), r.bitfield32());
        assertTrue(r.next());
        assertTrue(r.isNested());
        AttributeReader nest = r.nested();
        assertTrue(nest.find(1));
        assertEquals(7, nest.u32());
        assertTrue(r.next());
        assertEquals(11, r.type());
        assertEquals(1, r.u32());
        assertTrue(r.next());
        assertEquals(11, r.type(), "a collection repeats its attribute");
        assertEquals(2, r.u32());
        assertFalse(r.next(), "null writes nothing");
        buf.release();
    }

    @Test
    void aValueWithoutAWireTypeIsRefusedNamingItsPathAndNothingIsWritten() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeInt(0xcafe);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JavaTypedAttributes.write(Map.of(6, Map.of(1, Map.of(2, 1.5))), new AttributeWriter(buf)));
        assertTrue(e.getMessage().startsWith("attribute 6.1.2: java.lang.Double has no wire type"), e.getMessage());
        assertEquals(4, buf.writerIndex(), "the buffer is left as it was");
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> JavaTypedAttributes.write(Map.of("name", 1), new AttributeWriter(buf)));
        assertTrue(key.getMessage().contains("not an attribute type"), key.getMessage());
        buf.release();
    }
}
