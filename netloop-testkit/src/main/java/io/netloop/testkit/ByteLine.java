package io.netloop.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * One direction of a TCP connection: a bounded ring of bytes read from one side and not yet
 * written to the other, each run of bytes tagged with the time it may leave (its delay line).
 *
 * <pre>
 *   sent          released              written
 *    |---- due -----|---- waiting ---------|---- free ----|
 * </pre>
 *
 * <p>Bytes leave strictly in the order they came, so a run that falls due early still waits for the
 * runs before it. The ring is allocated on first use. Not thread-safe.
 */
final class ByteLine {
    /** Bytes held per direction of a connection; the source is not read while they are all taken. */
    static final int CAPACITY = 256 * 1024;

    /** Runs with distinct due times held at once; the source is not read while they are all taken. */
    private static final int MARKS = 1024;

    private byte[] ring;
    private ByteBuffer view;
    private final long[] markEnd = new long[MARKS];
    private final long[] markDue = new long[MARKS];
    private int markHead;
    private int markCount;
    private long written;
    private long released;
    private long sent;

    /** Whether another read fits, in bytes and in runs. */
    boolean hasSpace() {
        return written - sent < CAPACITY && markCount < MARKS;
    }

    /** Whether every byte read has been written. */
    boolean isEmpty() {
        return written == sent;
    }

    /** Whether bytes that fell due are still waiting for the destination to take them. */
    boolean hasDueUnsent() {
        return sent < released;
    }

    /** When the oldest waiting run falls due, or {@link Long#MAX_VALUE} if none waits. */
    long nextDue() {
        return markCount == 0 ? Long.MAX_VALUE : markDue[markHead];
    }

    /**
     * Reads what the source has and the ring can take, due to leave at {@code due}.
     *
     * @return the bytes read, or -1 at the end of the stream with nothing read
     */
    int readFrom(ReadableByteChannel source, long due) throws IOException {
        if (ring == null) {
            ring = new byte[CAPACITY];
            view = ByteBuffer.wrap(ring);
        }
        int total = 0;
        for (int i = 0; i < 2 && hasSpace(); i++) { // twice: once up to the ring's end, once after
            int at = (int) (written % CAPACITY);
            int length = (int) Math.min(CAPACITY - (written - sent), CAPACITY - at);
            view.limit(at + length).position(at);
            int n = source.read(view);
            if (n < 0) {
                return total > 0 ? total : -1; // the end is reported again by the next read
            }
            if (n > 0) {
                written += n;
                total += n;
                mark(due);
            }
            if (n < length) {
                break;
            }
        }
        return total;
    }

    /**
     * Writes the bytes due by {@code now} that the destination takes.
     *
     * @return the bytes written
     */
    int writeTo(WritableByteChannel destination, long now) throws IOException {
        while (markCount > 0 && markDue[markHead] - now <= 0) {
            released = markEnd[markHead];
            markHead = (markHead + 1) % MARKS;
            markCount--;
        }
        int total = 0;
        for (int i = 0; i < 2 && sent < released; i++) {
            int at = (int) (sent % CAPACITY);
            int length = (int) Math.min(released - sent, CAPACITY - at);
            view.limit(at + length).position(at);
            int n = destination.write(view);
            sent += n;
            total += n;
            if (n < length) {
                break;
            }
        }
        return total;
    }

    /**
     * Forgets every byte not yet written.
     *
     * @return how many bytes were forgotten
     */
    long clear() {
        long dropped = written - sent;
        sent = written;
        released = written;
        markHead = 0;
        markCount = 0;
        return dropped;
    }

    private void mark(long due) {
        int last = (markHead + markCount - 1) % MARKS;
        if (markCount > 0 && due - markDue[last] <= 0) {
            markEnd[last] = written; // cannot leave before the run ahead of it anyway
        } else {
            int next = (markHead + markCount) % MARKS;
            markEnd[next] = written;
            markDue[next] = due;
            markCount++;
        }
    }
}
