package io.netloop.testkit;

import java.nio.ByteBuffer;

/**
 * One direction of UDP: datagrams held during a stall or a delay, oldest first, each with where it
 * goes and when it may leave. Bounded in count and bytes; when full, the oldest is dropped to make
 * room, as a router's queue would. Not thread-safe.
 */
final class DatagramLine {
    /** Datagrams held per direction. */
    static final int MAX_DATAGRAMS = 10_000;

    /** Bytes held per direction. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    private final Object[] destination = new Object[MAX_DATAGRAMS];
    private final byte[][] data = new byte[MAX_DATAGRAMS][];
    private final long[] due = new long[MAX_DATAGRAMS];
    private int head;
    private int count;
    private long bytes;

    boolean isEmpty() {
        return count == 0;
    }

    /**
     * Copies the source's remaining bytes in at the tail.
     *
     * @return how many of the oldest datagrams were dropped to make room
     */
    int add(Object to, ByteBuffer source, long dueAt) {
        int dropped = 0;
        while (count > 0 && (count == MAX_DATAGRAMS || bytes + source.remaining() > MAX_BYTES)) {
            pop();
            dropped++;
        }
        byte[] copy = new byte[source.remaining()];
        source.get(copy);
        int tail = (head + count) % MAX_DATAGRAMS;
        destination[tail] = to;
        data[tail] = copy;
        due[tail] = dueAt;
        bytes += copy.length;
        count++;
        return dropped;
    }

    /** Where the oldest datagram goes; only when not {@link #isEmpty()}. */
    Object headDestination() {
        return destination[head];
    }

    /** The oldest datagram; only when not {@link #isEmpty()}. */
    byte[] headData() {
        return data[head];
    }

    /** When the oldest datagram may leave, or {@link Long#MAX_VALUE} if there is none. */
    long headDue() {
        return count == 0 ? Long.MAX_VALUE : due[head];
    }

    /** Removes the oldest datagram. */
    void pop() {
        bytes -= data[head].length;
        destination[head] = null;
        data[head] = null;
        head = (head + 1) % MAX_DATAGRAMS;
        count--;
    }

    /**
     * Drops every datagram held.
     *
     * @return how many were dropped
     */
    int clear() {
        int dropped = count;
        while (count > 0) {
            pop();
        }
        return dropped;
    }
}
