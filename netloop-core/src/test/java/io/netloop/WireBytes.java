package io.netloop;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;

/** netloop's TCP wire format built by hand from docs/PROTOCOL.md, for tests that play a stranger. */
final class WireBytes {
    static final int MAGIC = 0x4E4C5021; // "NLP!"
    static final int VERSION = 3;

    static final int HELLO = 1;
    static final int WELCOME = 2;
    static final int REFUSE = 3;
    static final int RESUME = 4;
    static final int RESUMED = 5;
    static final int REFUSE_VERSION = 2;
    static final int REFUSE_FULL = 3;
    static final int REFUSE_SESSION = 4;
    static final int REFUSE_AGREEMENT = 5;

    /** HELLO flag: the client wants a session; WELCOME flag: a session id and token follow. */
    static final int FLAG_SESSION = 1;

    static final int SESSION_ID = 8;
    static final int TOKEN = 16;

    static final int KIND_PING = 0x01;
    static final int KIND_PONG = 0x02;
    static final int KIND_CLOSE = 0x03;
    static final int KIND_ACK = 0x04;
    static final int KIND_DATA = 0x10;
    static final int CLOSE_PROTOCOL = 3;

    private WireBytes() {}

    /**
     * A HELLO without a session or agreement (flags 0, agreement length 0), a WELCOME without a
     * session (flags 0), or another handshake message with nothing after the application id:
     * magic, version, type, application id.
     */
    static byte[] greeting(int version, int type, String app) {
        byte[] id = app.getBytes(UTF_8);
        int rest = type == HELLO ? 2 : type == WELCOME ? 1 : 0;
        return ByteBuffer.allocate(7 + id.length + rest)
                .putInt(MAGIC)
                .put((byte) version)
                .put((byte) type)
                .put((byte) id.length)
                .put(id)
                .array(); // the flags and the agreement's length are zeros
    }

    /** A HELLO with the given flags byte (bit 0: the client wants a session) and no agreement. */
    static byte[] hello(String app, int flags) {
        return hello(app, flags, new byte[0]);
    }

    /** A HELLO with the given flags byte and agreement value. */
    static byte[] hello(String app, int flags, byte[] agreement) {
        return ByteBuffer.allocate(handshakeLength(app) + 2 + agreement.length)
                .put(header(HELLO, app))
                .put((byte) flags)
                .put((byte) agreement.length)
                .put(agreement)
                .array();
    }

    /** A WELCOME that grants the session {@code sessionId} with {@code token}. */
    static byte[] welcome(String app, long sessionId, byte[] token) {
        return ByteBuffer.allocate(handshakeLength(app) + 1 + SESSION_ID + TOKEN)
                .put(header(WELCOME, app))
                .put((byte) FLAG_SESSION)
                .putLong(sessionId)
                .put(token)
                .array();
    }

    /** A RESUME: the session's id and token, and the data offset the client says it has read up to. */
    static byte[] resume(String app, long sessionId, byte[] token, long received) {
        return ByteBuffer.allocate(handshakeLength(app) + SESSION_ID + TOKEN + 8 + 1)
                .put(header(RESUME, app))
                .putLong(sessionId)
                .put(token)
                .putLong(received)
                .array(); // and an empty agreement
    }

    /** A RESUMED: the data offset the host says it has read up to. */
    static byte[] resumed(String app, long received) {
        return ByteBuffer.allocate(handshakeLength(app) + 8)
                .put(header(RESUMED, app))
                .putLong(received)
                .array();
    }

    /** An ACK frame: the data offset this side has read up to. */
    static byte[] ack(long offset) {
        return ByteBuffer.allocate(13)
                .putInt(9)
                .put((byte) KIND_ACK)
                .putLong(offset)
                .array();
    }

    /** A RELIABLE DATA frame on {@code channel}. */
    static byte[] data(int channel, byte[] payload) {
        return ByteBuffer.allocate(6 + payload.length)
                .putInt(2 + payload.length)
                .put((byte) KIND_DATA)
                .put((byte) channel)
                .put(payload)
                .array();
    }

    /** Magic, version, type and application id: the part every handshake message but REFUSE starts with. */
    private static byte[] header(int type, String app) {
        byte[] id = app.getBytes(UTF_8);
        return ByteBuffer.allocate(7 + id.length)
                .putInt(MAGIC)
                .put((byte) VERSION)
                .put((byte) type)
                .put((byte) id.length)
                .put(id)
                .array();
    }

    private static int handshakeLength(String app) {
        return 7 + app.getBytes(UTF_8).length;
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
