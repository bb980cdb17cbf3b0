package io.netloop;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;

/** netloop's TCP wire format built by hand from docs/PROTOCOL.md, for tests that play a stranger. */
final class WireBytes {
    static final int MAGIC = 0x4E4C5021; // "NLP!"
    static final int VERSION = 2;

    static final int HELLO = 1;
    static final int WELCOME = 2;
    static final int REFUSE = 3;
    static final int REFUSE_VERSION = 2;

    static final int KIND_PING = 0x01;
    static final int KIND_CLOSE = 0x03;
    static final int KIND_DATA = 0x10;
    static final int CLOSE_PROTOCOL = 3;

    private WireBytes() {}

    /**
     * A HELLO or WELCOME without a session (flags 0), or another handshake message with nothing
     * after the application id: magic, version, type, application id.
     */
    static byte[] greeting(int version, int type, String app) {
        byte[] id = app.getBytes(UTF_8);
        boolean flags = type == HELLO || type == WELCOME;
        ByteBuffer b = ByteBuffer.allocate(7 + id.length + (flags ? 1 : 0))
                .putInt(MAGIC)
                .put((byte) version)
                .put((byte) type)
                .put((byte) id.length)
                .put(id);
        if (flags) {
            b.put((byte) 0);
        }
        return b.array();
    }

    /** A frame: the given length field, then the given bytes (kind and body), which need not match it. */
    static byte[] frame(int length, int... bytes) {
        ByteBuffer b = ByteBuffer.allocate(4 + bytes.length).putInt(length);
        for (int x : bytes) {
            b.put((byte) x);
        }
        return b.array();
    }

    static byte[] ascii(String s) {
        return s.getBytes(US_ASCII);
    }
}
