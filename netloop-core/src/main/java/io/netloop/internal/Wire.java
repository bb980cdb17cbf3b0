package io.netloop.internal;

import io.netloop.Delivery;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The TCP wire format, byte by byte (docs/PROTOCOL.md is the long form). All integers are
 * big-endian.
 *
 * <pre>
 * HANDSHAKE (first bytes each way): "NLP!" | version | type | n | app id (n bytes) | rest by type
 *   HELLO   (client)  1  rest = flags: bit 0 = the client wants a session | m | agreement (m bytes)
 *   WELCOME (host)    2  rest = flags: bit 0 = a session follows | [session id (8) | token (16)]
 *   REFUSE  (host)    3  (no app id) code | n | reason (n bytes), then the host closes
 *   RESUME  (client)  4  rest = session id (8) | token (16) | data offset received (u64)
 *                              | m | agreement (m bytes)
 *   RESUMED (host)    5  rest = data offset received (u64)
 *
 * FRAME (after the handshake, both ways)
 * +--------------+------+----------------------------------------+
 * | length (u32) | kind | body (length - 1 bytes)                |
 * +--------------+------+----------------------------------------+
 *   kind 0x10+d  DATA   body = channel (u8), payload; d = delivery ordinal
 *   kind 0x01    PING   body = sender's clock (u64 ns)
 *   kind 0x02    PONG   body = the PING's clock, echoed
 *   kind 0x03    CLOSE  body = code (u8), reason text (UTF-8, at most 255 bytes)
 *   kind 0x04    ACK    body = data offset received (u64); sessions only
 * </pre>
 *
 * <p>A session's <em>data offset</em> counts the bytes of its DATA and CLOSE frames, length
 * fields included, from the start of the session across all its connections; handshake, PING,
 * PONG and ACK belong to one connection and are not counted.
 */
final class Wire {
    static final int MAGIC = 0x4E4C5021; // "NLP!"
    static final int VERSION = 3;

    static final int HELLO = 1;
    static final int WELCOME = 2;
    static final int REFUSE = 3;
    static final int RESUME = 4;
    static final int RESUMED = 5;

    /** HELLO flag: the client wants a session; WELCOME flag: a session id and token follow. */
    static final int FLAG_SESSION = 1;

    static final int SESSION_ID = 8;
    static final int TOKEN = 16;

    static final int REFUSE_WRONG_APP = 1;
    static final int REFUSE_VERSION = 2;
    static final int REFUSE_FULL = 3;
    static final int REFUSE_SESSION = 4;
    static final int REFUSE_AGREEMENT = 5;

    static final int KIND_PING = 0x01;
    static final int KIND_PONG = 0x02;
    static final int KIND_CLOSE = 0x03;
    static final int KIND_ACK = 0x04;
    static final int KIND_DATA = 0x10;

    static final int CLOSE_APPLICATION = 0;
    static final int CLOSE_HOST = 1;
    static final int CLOSE_NET = 2;
    static final int CLOSE_PROTOCOL = 3;

    /** Length field plus kind plus channel: the overhead of one DATA frame. */
    static final int DATA_HEADER = 6;

    /** Magic, version, type and length of a handshake message, before its variable part. */
    static final int HANDSHAKE_HEADER = 7;

    static final int MAX_CHANNEL = 255;

    private Wire() {}

    /**
     * The length of what follows the application id of a handshake message, of which {@code
     * available} bytes start at {@code rest} in {@code b}; -1 until enough have arrived to tell.
     */
    static int restLength(int type, ByteBuffer b, int rest, int available) {
        int fixed =
                switch (type) {
                    case HELLO -> 1;
                    case RESUME -> SESSION_ID + TOKEN + 8;
                    case RESUMED -> 8;
                    default -> 0;
                };
        if (type == WELCOME) {
            return available < 1 ? -1 : (b.get(rest) & FLAG_SESSION) != 0 ? 1 + SESSION_ID + TOKEN : 1;
        }
        if (type != HELLO && type != RESUME) {
            return fixed;
        }
        return available <= fixed ? -1 : fixed + 1 + (b.get(rest + fixed) & 0xff); // then the agreement
    }

    static byte[] hello(String applicationId, boolean wantsSession, Agreement agreement) {
        byte[] out = greeting(HELLO, applicationId, 1 + 1 + agreement.value().length);
        int at = out.length - 1 - 1 - agreement.value().length;
        out[at] = (byte) (wantsSession ? FLAG_SESSION : 0);
        putAgreement(out, at + 1, agreement);
        return out;
    }

    /** A WELCOME, with the session's id and token when there is one. */
    static byte[] welcome(String applicationId, Session session) {
        byte[] out = greeting(WELCOME, applicationId, session == null ? 1 : 1 + SESSION_ID + TOKEN);
        int at = out.length - (session == null ? 1 : 1 + SESSION_ID + TOKEN);
        if (session != null) {
            out[at] = (byte) FLAG_SESSION;
            putLong(out, at + 1, session.id);
            System.arraycopy(session.token, 0, out, at + 1 + SESSION_ID, TOKEN);
        }
        return out;
    }

    static byte[] resume(String applicationId, Session session, long received, Agreement agreement) {
        int rest = SESSION_ID + TOKEN + 8 + 1 + agreement.value().length;
        byte[] out = greeting(RESUME, applicationId, rest);
        int at = out.length - rest;
        putLong(out, at, session.id);
        System.arraycopy(session.token, 0, out, at + SESSION_ID, TOKEN);
        putLong(out, at + SESSION_ID + TOKEN, received);
        putAgreement(out, at + SESSION_ID + TOKEN + 8, agreement);
        return out;
    }

    private static void putAgreement(byte[] out, int at, Agreement agreement) {
        out[at] = (byte) agreement.value().length;
        System.arraycopy(agreement.value(), 0, out, at + 1, agreement.value().length);
    }

    static byte[] resumed(String applicationId, long received) {
        byte[] out = greeting(RESUMED, applicationId, 8);
        putLong(out, out.length - 8, received);
        return out;
    }

    /** Magic, version, type, application id, and {@code rest} zero bytes for the caller to fill. */
    private static byte[] greeting(int type, String applicationId, int rest) {
        byte[] app = applicationId.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[HANDSHAKE_HEADER + app.length + rest];
        putInt(out, 0, MAGIC);
        out[4] = (byte) VERSION;
        out[5] = (byte) type;
        out[6] = (byte) app.length;
        System.arraycopy(app, 0, out, HANDSHAKE_HEADER, app.length);
        return out;
    }

    /** The length of a PING, PONG or ACK frame: length field, kind, a u64. */
    static final int LONG_FRAME = 13;

    /** A PING, PONG or ACK frame: {@code kind} and one u64, written into {@code into}. */
    static void longFrame(byte[] into, int kind, long value) {
        putInt(into, 0, 9);
        into[4] = (byte) kind;
        putLong(into, 5, value);
    }

    static byte[] refuse(int code, String text) {
        byte[] msg = truncatedUtf8(text);
        byte[] out = new byte[HANDSHAKE_HEADER + 1 + msg.length];
        putInt(out, 0, MAGIC);
        out[4] = (byte) VERSION;
        out[5] = (byte) REFUSE;
        out[6] = (byte) code;
        out[7] = (byte) msg.length;
        System.arraycopy(msg, 0, out, 8, msg.length);
        return out;
    }

    static byte[] closeFrame(int code, String text) {
        byte[] msg = truncatedUtf8(text);
        byte[] out = new byte[4 + 2 + msg.length];
        putInt(out, 0, 2 + msg.length);
        out[4] = (byte) KIND_CLOSE;
        out[5] = (byte) code;
        System.arraycopy(msg, 0, out, 6, msg.length);
        return out;
    }

    static int dataKind(Delivery delivery) {
        return KIND_DATA + delivery.ordinal();
    }

    static boolean isData(int kind) {
        return kind >= KIND_DATA && kind < KIND_DATA + Delivery.values().length;
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }

    private static byte[] truncatedUtf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 255) {
            return bytes;
        }
        return java.util.Arrays.copyOf(bytes, 255);
    }
}
