package io.netloop.internal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers of one size, reused across peers so that a busy connection allocates nothing and
 * an idle one holds nothing. Bounded: buffers returned past {@code maxPooled} are left to the GC.
 */
final class BufferPool {
    private final int bufferSize;
    private final int maxPooled;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();

    BufferPool(int bufferSize, int maxPooled) {
        this.bufferSize = bufferSize;
        this.maxPooled = maxPooled;
    }

    int bufferSize() {
        return bufferSize;
    }

    /** A cleared buffer in read mode with nothing to read: position 0, limit 0. */
    ByteBuffer acquire() {
        ByteBuffer b = free.pollFirst();
        if (b == null) {
            b = ByteBuffer.allocateDirect(bufferSize);
        }
        b.clear().limit(0);
        return b;
    }

    void release(ByteBuffer b) {
        if (free.size() < maxPooled) {
            free.addFirst(b);
        }
    }
}
