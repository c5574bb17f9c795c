package dev.netlink.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The datagrams in {@code kernel-captures.txt}, captured from this machine's kernel. */
final class KernelCaptures {
    private static final Map<String, byte[]> CAPTURES = load();

    private KernelCaptures() {
    }

    /** A fresh buffer holding the datagram named {@code name}, e.g. {@code "getfamily-unknown.0"}. */
    static ByteBuf datagram(String name) {
        byte[] bytes = CAPTURES.get(name);
        if (bytes == null) {
            throw new IllegalArgumentException("no capture " + name + " in " + CAPTURES.keySet());
        }
        return Unpooled.wrappedBuffer(bytes.clone());
    }

    private static Map<String, byte[]> load() {
        Map<String, byte[]> map = new LinkedHashMap<>();
        try (InputStream in = KernelCaptures.class.getResourceAsStream("kernel-captures.txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(" ");
                map.put(parts[0], ByteBufUtil.decodeHexDump(parts[1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return map;
    }
}
