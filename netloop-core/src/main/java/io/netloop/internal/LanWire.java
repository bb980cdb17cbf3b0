package io.netloop.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The LAN discovery datagrams (docs/PROTOCOL.md, "LAN discovery"). Integers are big-endian.
 *
 * <pre>
 * QUERY   "NLD?" | version | nonce (8) | n | game name (n) | zero padding to 512 bytes
 * ANSWER  "NLD!" | version | nonce (8) | n | game name (n) | count | count x (transport | port (u16))
 *                | m (u16) | info (m)          transport: 1 = tcp, 2 = udp
 * </pre>
 *
 * An answer is at most 4 + 1 + 8 + 1 + 64 + 1 + 8 x 3 + 2 + 256 = 361 bytes, so it is never
 * larger than the query it answers.
 */
final class LanWire {
    static final int QUERY_MAGIC = 0x4E4C443F; // "NLD?"
    static final int ANSWER_MAGIC = 0x4E4C4421; // "NLD!"
    static final int VERSION = 1;
    static final int QUERY_SIZE = 512;
    static final int MAX_INFO = 256;
    static final int MAX_HOSTS = 8;
    static final int TCP = 1;
    static final int UDP = 2;

    private LanWire() {}

    static ByteBuffer query(String name, long nonce) {
        ByteBuffer b = ByteBuffer.allocate(QUERY_SIZE);
        header(b, QUERY_MAGIC, nonce, name);
        return b.clear(); // the whole 512 bytes, zeros after the name
    }

    /** An answer for {@code count} hosts, whose transports and ports are in {@code hosts} (pairs). */
    static ByteBuffer answer(String name, long nonce, int[] hosts, int count, byte[] info) {
        ByteBuffer b = ByteBuffer.allocate(QUERY_SIZE);
        header(b, ANSWER_MAGIC, nonce, name);
        b.put((byte) count);
        for (int i = 0; i < count; i++) {
            b.put((byte) hosts[2 * i]).putShort((short) hosts[2 * i + 1]);
        }
        b.putShort((short) info.length).put(info);
        return b.flip();
    }

    private static void header(ByteBuffer b, int magic, long nonce, String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        b.putInt(magic).put((byte) VERSION).putLong(nonce).put((byte) n.length).put(n);
    }

    /**
     * Whether {@code b} (from position 0) starts with {@code magic}, this version and the game
     * {@code name}; if so its position is left just after the name.
     */
    static boolean matches(ByteBuffer b, int magic, String name) {
        int n = name.length();
        if (b.limit() < 14 + n || b.getInt(0) != magic || b.get(4) != VERSION || b.get(13) != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b.get(14 + i) != (byte) name.charAt(i)) {
                return false;
            }
        }
        b.position(14 + n);
        return true;
    }

    static long nonce(ByteBuffer b) {
        return b.getLong(5);
    }
}
