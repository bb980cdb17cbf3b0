package io.netloop.internal;

import io.netloop.Delivery;
import java.nio.charset.StandardCharsets;

/**
 * The TCP wire format, byte by byte (docs/PROTOCOL.md is the long form). All integers are
 * big-endian.
 *
 * <pre>
 * HELLO   (client, first bytes of the stream)   WELCOME (host)          REFUSE (host, then close)
 * +------+---+---+---+--------+              +------+---+---+---+-----+  +------+---+---+------+---+------+
 * |"NLP!"| v | 1 | n | app id |              |"NLP!"| v | 2 | n | app |  |"NLP!"| v | 3 | code | n | text |
 * +------+---+---+---+--------+              +------+---+---+---+-----+  +------+---+---+------+---+------+
 *    4     1   1   1    n                                                               1     1     n
 *
 * FRAME (after the handshake, both ways)
 * +--------------+------+----------------------------------------+
 * | length (u32) | kind | body (length - 1 bytes)                |
 * +--------------+------+----------------------------------------+
 *   kind 0x10+d  DATA   body = channel (u8), payload; d = delivery ordinal
 *   kind 0x01    PING   body = sender's clock (u64 ns)
 *   kind 0x02    PONG   body = the PING's clock, echoed
 *   kind 0x03    CLOSE  body = code (u8), reason text (UTF-8, at most 255 bytes)
 * </pre>
 */
final class Wire {
    static final int MAGIC = 0x4E4C5021; // "NLP!"
    static final int VERSION = 1;

    static final int HELLO = 1;
    static final int WELCOME = 2;
    static final int REFUSE = 3;

    static final int REFUSE_WRONG_APP = 1;
    static final int REFUSE_VERSION = 2;
    static final int REFUSE_FULL = 3;

    static final int KIND_PING = 0x01;
    static final int KIND_PONG = 0x02;
    static final int KIND_CLOSE = 0x03;
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

    /** HELLO or WELCOME: magic, version, type, application id. */
    static byte[] greeting(int type, String applicationId) {
        byte[] app = applicationId.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[HANDSHAKE_HEADER + app.length];
        putInt(out, 0, MAGIC);
        out[4] = (byte) VERSION;
        out[5] = (byte) type;
        out[6] = (byte) app.length;
        System.arraycopy(app, 0, out, HANDSHAKE_HEADER, app.length);
        return out;
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
