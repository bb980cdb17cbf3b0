package io.netloop.internal;

import io.netloop.SendResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * The bytes waiting to be written to one socket, and the rules for what may join them.
 *
 * <p>The bytes are a run of pooled chunks, each kept in read mode (position = next byte to write,
 * limit = end of what was appended), so that one gathering write sends all of them. Frames may
 * straddle chunks; the stream does not care.
 *
 * <p>Reliable data may fill the queue up to its limit, lossy data only up to half of it, so lossy
 * data is dropped first. A SEQUENCED frame that finds the queue past half is held aside, one per
 * channel, each newer one replacing the last, and joins the stream once there is room.
 */
final class OutboundQueue {
    private final BufferPool first;
    private final BufferPool more;
    private final long limit;
    private ByteBuffer[] chunks = new ByteBuffer[4];
    private int head;
    private int count;
    private long queuedBytes;
    private byte[][] held;
    /** The simulated latency that appended bytes wait out before they join the stream, or null. */
    private final StreamDelay delay;

    /**
     * A queue whose first chunk comes from {@code first} (small, so that a server that sends a
     * little to thousands of peers per frame needs little memory and reuses it) and the rest from
     * {@code more} (large, for bulk).
     */
    OutboundQueue(BufferPool first, BufferPool more, long limit, StreamDelay delay) {
        this.first = first;
        this.more = more;
        this.limit = limit;
        this.delay = delay;
    }

    /**
     * Whether a frame may be appended now.
     *
     * @return null if it may, else {@link SendResult#BACKPRESSURED} (reliable) or {@link
     *     SendResult#DROPPED} (lossy); an empty queue always takes one frame
     */
    SendResult admit(long frameLength, boolean reliable) {
        if (queuedBytes == 0) {
            return null;
        }
        if (reliable) {
            return queuedBytes + frameLength > limit ? SendResult.BACKPRESSURED : null;
        }
        return queuedBytes + frameLength > limit / 2 ? SendResult.DROPPED : null;
    }

    /**
     * Holds a complete SEQUENCED frame until the stream has room.
     *
     * @return true if it replaced an older held frame of its channel
     */
    boolean hold(int channel, byte[] frame) {
        if (held == null) {
            held = new byte[Wire.MAX_CHANNEL + 1][];
        }
        boolean replaced = held[channel] != null;
        held[channel] = frame;
        return replaced;
    }

    /**
     * Forgets the held frame of a channel, because a newer message is about to be appended.
     *
     * @return true if there was one
     */
    boolean supersede(int channel) {
        if (held == null || held[channel] == null) {
            return false;
        }
        held[channel] = null;
        return true;
    }

    /**
     * Appends the held frames once the queue is no more than half full, or at once when {@code
     * closing} (nothing may follow the CLOSE frame).
     *
     * @return how many frames joined the stream
     */
    int releaseHeld(boolean closing) {
        if (held == null || (queuedBytes > limit / 2 && !closing)) {
            return 0;
        }
        int released = 0;
        for (byte[] frame : held) {
            if (frame != null) {
                append(frame, 0, frame.length);
                released++;
            }
        }
        held = null;
        return released;
    }

    /**
     * Appends the held frame of one channel, because a message of another delivery mode on that
     * channel is about to follow it, and a channel keeps its order.
     *
     * @return 1 if a frame joined the stream, else 0
     */
    int releaseHeld(int channel) {
        if (held == null || held[channel] == null) {
            return 0;
        }
        byte[] frame = held[channel];
        held[channel] = null;
        append(frame, 0, frame.length);
        return 1;
    }

    boolean hasHeld() {
        return held != null;
    }

    long queuedBytes() {
        return queuedBytes;
    }

    boolean isEmpty() {
        return queuedBytes == 0;
    }

    /** When simulated latency lets the next bytes into the stream, or {@link Deadline#NONE}. */
    long nextDue() {
        return delay == null ? Deadline.NONE : delay.nextDue();
    }

    /** Whether bytes wait for the socket (as opposed to a simulated delay). */
    boolean hasWritable() {
        return count > 0;
    }

    void append(byte[] src, int offset, int length) {
        if (delay != null) {
            append(ByteBuffer.wrap(src, offset, length));
            return;
        }
        queuedBytes += length;
        while (length > 0) {
            ByteBuffer tail = writableTail();
            int n = Math.min(length, tail.capacity() - tail.limit());
            int at = tail.limit();
            tail.limit(at + n);
            tail.put(at, src, offset, n);
            offset += n;
            length -= n;
        }
    }

    void append(ByteBuffer src) {
        if (delay != null) {
            queuedBytes += src.remaining();
            delay.add(src);
            return;
        }
        appendNow(src);
    }

    private void appendNow(ByteBuffer src) {
        int length = src.remaining();
        queuedBytes += length;
        int from = src.position();
        while (length > 0) {
            ByteBuffer tail = writableTail();
            int n = Math.min(length, tail.capacity() - tail.limit());
            int at = tail.limit();
            tail.limit(at + n);
            tail.put(at, src, from, n);
            from += n;
            length -= n;
        }
    }

    /**
     * Writes as much as the socket takes in one gathering write.
     *
     * @return bytes written
     */
    long writeTo(GatheringByteChannel channel) throws IOException {
        if (delay != null) {
            delay.release(bytes -> {
                queuedBytes -= bytes.length; // counted when they entered the delay line
                appendNow(ByteBuffer.wrap(bytes));
            });
        }
        if (count == 0) {
            return 0;
        }
        long written = channel.write(chunks, head, count);
        queuedBytes -= written;
        while (count > 0 && !chunks[head].hasRemaining()) {
            release(chunks[head]);
            chunks[head++] = null;
            count--;
        }
        if (count == 0) {
            head = 0;
        }
        return written;
    }

    /** Returns every chunk to the pool, dropping what was not written. */
    void clear() {
        held = null;
        if (delay != null) {
            delay.clear();
        }
        for (int i = head; i < head + count; i++) {
            release(chunks[i]);
            chunks[i] = null;
        }
        head = 0;
        count = 0;
        queuedBytes = 0;
    }

    private void release(ByteBuffer chunk) {
        (chunk.capacity() == first.bufferSize() ? first : more).release(chunk);
    }

    private ByteBuffer writableTail() {
        if (count > 0) {
            ByteBuffer tail = chunks[head + count - 1];
            if (tail.limit() < tail.capacity()) {
                return tail;
            }
        }
        if (head + count == chunks.length) {
            if (head > 0) {
                System.arraycopy(chunks, head, chunks, 0, count);
                java.util.Arrays.fill(chunks, count, chunks.length, null);
                head = 0;
            }
            if (count == chunks.length) {
                chunks = java.util.Arrays.copyOf(chunks, chunks.length * 2);
            }
        }
        ByteBuffer fresh = (count == 0 ? first : more).acquire();
        chunks[head + count++] = fresh;
        return fresh;
    }
}
