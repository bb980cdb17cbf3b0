package io.netloop.internal;

/**
 * The UDP wire format (docs/PROTOCOL.md is the long form). Integers are big-endian; every
 * datagram starts with its type.
 *
 * <pre>
 * HELLO     01 | "NLP!" | version | nonce (8) | cookie (16) | n | app id (n) | flags
 *              | [session id (8) | token (16) when resuming] | m | agreement (m)
 *              | zero padding to the mtu
 *              flags: bit 0 = the client wants a session, bit 1 = it resumes the one named
 * CHALLENGE 02 | nonce (8) | cookie (16)
 * WELCOME   03 | nonce (8) | connection id (8) | mtu (u16) | flags | [token (16)]
 *              | zero padding to the agreed mtu
 *              flags: bit 0 = a session (its id is the connection id) and its token follow,
 *                     bit 1 = the session named in the HELLO was resumed
 * REFUSE    04 | nonce (8) | code | n | reason (n)
 * PACKET    10 | connection id (8) | packet number (u32) | frames...
 *
 * frames:
 *   ACK      01 | largest (u32) | n | bitmap (n bytes): bit i set = packet largest-1-i arrived
 *   PING     02
 *   CLOSE    03 | code | n | reason (n)
 *   MESSAGE  1x | channel | sequence (u32) | [index (u16) | count (u16) | total (u32)] | length (u16) | payload
 *            x = delivery ordinal (bits 0-1) | 4 when the message is a fragment
 * </pre>
 */
final class UdpWire {
    static final int HELLO = 0x01;
    static final int CHALLENGE = 0x02;
    static final int WELCOME = 0x03;
    static final int REFUSE = 0x04;
    static final int PACKET = 0x10;

    static final int FRAME_ACK = 0x01;
    static final int FRAME_PING = 0x02;
    static final int FRAME_CLOSE = 0x03;
    static final int FRAME_MESSAGE = 0x10;
    static final int FRAGMENT_FLAG = 0x04;

    /** HELLO and WELCOME flag: a session. */
    static final int FLAG_SESSION = 1;
    /** HELLO flag: resume the session named; WELCOME flag: it was resumed. */
    static final int FLAG_RESUME = 2;

    static final int NONCE = 8;
    static final int COOKIE = 16;
    /** type, magic, version, nonce, cookie, app length. */
    static final int HELLO_HEADER = 1 + 4 + 1 + NONCE + COOKIE + 1;

    static final int CHALLENGE_SIZE = 1 + NONCE + COOKIE;
    static final int WELCOME_SIZE = 1 + NONCE + 8 + 2;
    /** type, connection id, packet number. */
    static final int PACKET_HEADER = 1 + 8 + 4;
    /** kind, channel, sequence, length. */
    static final int MESSAGE_HEADER = 1 + 1 + 4 + 2;

    static final int FRAGMENT_HEADER = 2 + 2 + 4;

    /**
     * The bookkeeping bytes charged for each message or fragment held, by a receiver that holds it
     * out of order and by the sender toward its {@code sendQueue}, so both count alike.
     */
    static final int MESSAGE_COST = 48;
    /** The most bitmap bytes an ACK carries: 2,040 packets before the largest, twice the window. */
    static final int ACK_BITMAP_MAX = 255;

    static final int ACK_MAX = 1 + 4 + 1 + ACK_BITMAP_MAX;

    private UdpWire() {}

    /** {@code a / b} rounded up, for non-negative {@code a} and positive {@code b}. */
    static int ceilDiv(int a, int b) {
        return (int) (((long) a + b - 1) / b);
    }

    /** The largest payload of one message or fragment in a packet of {@code mtu} bytes. */
    static int maxFragmentPayload(int mtu) {
        return mtu - PACKET_HEADER - MESSAGE_HEADER - FRAGMENT_HEADER;
    }
}
