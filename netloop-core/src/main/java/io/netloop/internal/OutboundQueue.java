package io.netloop.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * The bytes waiting to be written to one socket: a run of pooled chunks, each kept in read mode
 * (position = next byte to write, limit = end of what was appended), so that one gathering write
 * sends all of them. Frames may straddle chunks; the stream does not care.
 */
final class OutboundQueue {
    private final BufferPool pool;
    private ByteBuffer[] chunks = new ByteBuffer[4];
    private int head;
    private int count;
    private long queuedBytes;

    OutboundQueue(BufferPool pool) {
        this.pool = pool;
    }

    long queuedBytes() {
        return queuedBytes;
    }

    boolean isEmpty() {
        return queuedBytes == 0;
    }

    void append(byte[] src, int offset, int length) {
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
        if (count == 0) {
            return 0;
        }
        long written = channel.write(chunks, head, count);
        queuedBytes -= written;
        while (count > 0 && !chunks[head].hasRemaining()) {
            pool.release(chunks[head]);
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
        for (int i = head; i < head + count; i++) {
            pool.release(chunks[i]);
            chunks[i] = null;
        }
        head = 0;
        count = 0;
        queuedBytes = 0;
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
        ByteBuffer fresh = pool.acquire();
        chunks[head + count++] = fresh;
        return fresh;
    }
}
