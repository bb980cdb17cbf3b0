package io.netloop;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * netloop's {@code udp://} wire format built and read by hand from docs/PROTOCOL.md, for tests that
 * play a stranger. Nothing here comes from the library's own classes.
 */
final class UdpWireBytes {
    static final int MAGIC = 0x4E4C5021; // "NLP!"
    static final int VERSION = 3;

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

    static final int CHALLENGE_SIZE = 25;
    static final int COOKIE = 16;
    static final int COOKIE_AT = 9; // in a CHALLENGE
    static final int PACKET_HEADER = 13;
    static final int CLOSE_PROTOCOL = 3;
    static final int REFUSE_WRONG_APP = 1;
    static final int REFUSE_VERSION = 2;
    static final int REFUSE_SESSION = 4;
    static final int REFUSE_AGREEMENT = 5;

    /** HELLO and WELCOME flag: a session. */
    static final int FLAG_SESSION = 1;
    /** HELLO flag: resume the session named next; WELCOME flag: it was resumed. */
    static final int FLAG_RESUME = 2;

    /** One frame read from a packet; fields that the frame's kind has not are 0 or empty. */
    record Frame(int kind, int channel, int sequence, int index, int count, int total, byte[] payload, int code) {
        boolean isMessage() {
            return (kind & 0xf8) == FRAME_MESSAGE;
        }

        boolean isFragment() {
            return isMessage() && (kind & FRAGMENT_FLAG) != 0;
        }

        Delivery delivery() {
            return Delivery.values()[kind & 3];
        }
    }

    private UdpWireBytes() {}

    /** A HELLO of {@code size} bytes: the fields, then zero padding. */
    static byte[] hello(int version, long nonce, byte[] cookie, String app, int size) {
        byte[] id = app.getBytes(UTF_8);
        ByteBuffer b = ByteBuffer.allocate(Math.max(size, 31 + id.length));
        b.put((byte) HELLO).putInt(MAGIC).put((byte) version).putLong(nonce);
        b.put(cookie).put((byte) id.length).put(id);
        return Arrays.copyOf(b.array(), size); // cut short or padded with zeros
    }

    static byte[] hello(long nonce, byte[] cookie) {
        return hello(VERSION, nonce, cookie, "netloop", 1200);
    }

    /**
     * A 1,200-byte HELLO of application {@code netloop} with a flags byte, followed (when {@code
     * token} is not null) by the session id and token to resume.
     */
    static byte[] hello(long nonce, byte[] cookie, int flags, long sessionId, byte[] token) {
        return hello(nonce, cookie, flags, sessionId, token, 1200);
    }

    /** As {@link #hello(long, byte[], int, long, byte[])}, padded with zeros to {@code size} bytes. */
    static byte[] hello(long nonce, byte[] cookie, int flags, long sessionId, byte[] token, int size) {
        byte[] app = "netloop".getBytes(UTF_8);
        ByteBuffer b = ByteBuffer.wrap(hello(VERSION, nonce, cookie, "netloop", size));
        b.position(31 + app.length).put((byte) flags);
        if (token != null) {
            b.putLong(sessionId).put(token);
        }
        return b.array();
    }

    static byte[] zeroCookie() {
        return new byte[COOKIE];
    }

    /** A CHALLENGE, as a host sends it. */
    static byte[] challenge(long nonce, byte[] cookie) {
        return ByteBuffer.allocate(CHALLENGE_SIZE)
                .put((byte) CHALLENGE)
                .putLong(nonce)
                .put(cookie)
                .array();
    }

    /** A WELCOME with the agreed mtu, padded with zeros to {@code size} bytes. */
    static byte[] welcome(long nonce, long connectionId, int mtu, int size) {
        return ByteBuffer.allocate(size)
                .put((byte) WELCOME)
                .putLong(nonce)
                .putLong(connectionId)
                .putShort((short) mtu)
                .array();
    }

    /** A connected packet: type, connection id, packet number, then the frames back to back. */
    static byte[] packet(long connectionId, int number, byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(PACKET_HEADER)
                .put((byte) PACKET)
                .putLong(connectionId)
                .putInt(number)
                .array());
        for (byte[] f : frames) {
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    /** A whole MESSAGE frame. */
    static byte[] message(Delivery delivery, int channel, int sequence, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length)
                .put((byte) (FRAME_MESSAGE | delivery.ordinal()))
                .put((byte) channel)
                .putInt(sequence)
                .putShort((short) payload.length)
                .put(payload)
                .array();
    }

    /** A MESSAGE frame that is a fragment; the fields need not agree with each other. */
    static byte[] fragment(
            Delivery delivery, int channel, int sequence, int index, int count, int total, byte[] payload) {
        return ByteBuffer.allocate(16 + payload.length)
                .put((byte) (FRAME_MESSAGE | FRAGMENT_FLAG | delivery.ordinal()))
                .put((byte) channel)
                .putInt(sequence)
                .putShort((short) index)
                .putShort((short) count)
                .putInt(total)
                .putShort((short) payload.length)
                .put(payload)
                .array();
    }

    /** An ACK frame for packet {@code largest} alone. */
    static byte[] ack(int largest) {
        return ByteBuffer.allocate(6)
                .put((byte) FRAME_ACK)
                .putInt(largest)
                .put((byte) 0)
                .array();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static int type(byte[] datagram) {
        return datagram.length == 0 ? -1 : datagram[0] & 0xff;
    }

    static long connectionId(byte[] packet) {
        return ByteBuffer.wrap(packet).getLong(1);
    }

    static int number(byte[] packet) {
        return ByteBuffer.wrap(packet).getInt(9);
    }

    /** The frames of a packet, read as docs/PROTOCOL.md describes them. */
    static List<Frame> frames(byte[] packet) {
        ByteBuffer b = ByteBuffer.wrap(packet).position(PACKET_HEADER);
        List<Frame> out = new ArrayList<>();
        while (b.hasRemaining()) {
            int kind = b.get() & 0xff;
            if (kind == FRAME_ACK) {
                b.getInt();
                int bitmap = b.get() & 0xff;
                b.position(b.position() + bitmap);
                out.add(new Frame(kind, 0, 0, 0, 0, 0, new byte[0], 0));
            } else if (kind == FRAME_PING) {
                out.add(new Frame(kind, 0, 0, 0, 0, 0, new byte[0], 0));
            } else if (kind == FRAME_CLOSE) {
                int code = b.get() & 0xff;
                byte[] text = new byte[b.get() & 0xff];
                b.get(text);
                out.add(new Frame(kind, 0, 0, 0, 0, 0, text, code));
            } else if ((kind & 0xf8) == FRAME_MESSAGE) {
                boolean fragment = (kind & FRAGMENT_FLAG) != 0;
                int channel = b.get() & 0xff;
                int sequence = b.getInt();
                int index = fragment ? b.getShort() & 0xffff : 0;
                int count = fragment ? b.getShort() & 0xffff : 1;
                int total = fragment ? b.getInt() : 0;
                byte[] payload = new byte[b.getShort() & 0xffff];
                b.get(payload);
                out.add(new Frame(
                        kind, channel, sequence, index, count, fragment ? total : payload.length, payload, 0));
            } else {
                throw new AssertionError("unknown frame kind 0x" + Integer.toHexString(kind) + " at "
                        + (b.position() - 1) + " in a packet: "
                        + java.util.HexFormat.ofDelimiter(" ").formatHex(packet));
            }
        }
        return out;
    }
}
