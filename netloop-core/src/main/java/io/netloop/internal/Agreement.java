package io.netloop.internal;

import java.nio.ByteBuffer;

/**
 * What both ends must agree on besides the application id ({@link
 * io.netloop.NetConfig.Builder#agreement}): a value a client sends in every HELLO and RESUME,
 * which the host compares byte for byte with its own. Empty when none is set.
 */
record Agreement(String name, byte[] value) {
    static final Agreement NONE = new Agreement("", new byte[0]);

    /** Whether the {@code length} bytes at {@code at} in {@code buf} are this value. */
    boolean matches(ByteBuffer buf, int at, int length) {
        return length == value.length && buf.slice(at, length).equals(ByteBuffer.wrap(value));
    }

    /** The host's reason for refusing a client that presented the {@code length} bytes at {@code at}. */
    String mismatch(ByteBuffer buf, int at, int length) {
        String theirs = length == 0 ? "none" : hex(buf, at, length);
        if (value.length == 0) {
            return "the client presents an agreement (" + theirs
                    + ") that the host does not have; configure both ends with the same NetConfig.agreement";
        }
        return "the " + name + " differs between host and client (host " + hex(ByteBuffer.wrap(value), 0, value.length)
                + ", client " + theirs + ")";
    }

    /** The first four bytes in hex, enough to tell two builds apart in a log line. */
    private static String hex(ByteBuffer buf, int at, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = at; i < at + Math.min(length, 4); i++) {
            s.append(String.format("%02x", buf.get(i)));
        }
        return s.toString();
    }
}
