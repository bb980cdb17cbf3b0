package io.netloop.internal;

import io.netloop.SendResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * The bytes waiting to be written to one socket, the bytes of a session kept until the other side
 * has acknowledged them, and the rules for what may join them.
 *
 * <p>The bytes are a run of pooled chunks, each kept in read mode (position = next byte to write,
 * limit = end of what was appended), so that one gathering write sends all of them. Frames may
 * straddle chunks; the stream does not care.
 *
 * <p>With a session, written chunks stay until the other side acknowledges them, so that a lost
 * link loses nothing: on resume the stream is rebuilt from what the other side says it received.
 * The session's positions count only its own frames (DATA and CLOSE, the <em>data offset</em>);
 * frames of one link (handshake, PING, PONG, ACK) are appended as <em>gaps</em>, which the
 * positions skip and a rebuild leaves out.
 *
 * <p>Reliable data may fill the bytes not yet written up to the limit, lossy data only up to half
 * of it, so lossy data is dropped first. With a session, the bytes kept (written or not, and not
 * yet acknowledged) may reach twice the limit: what the socket buffers hold in flight is kept too,
 * and counting it against the limit alone would stall a fast stream on every acknowledgement. A SEQUENCED
 * frame that finds the queue past half is held aside, one per channel, each newer one replacing
 * the last, and joins the stream once there is room.
 */
final class OutboundQueue {
    private final BufferPool first;
    private final BufferPool more;
    private final long limit;
    private ByteBuffer[] chunks = new ByteBuffer[4];
    private int head;
    private int count;
    /** Chunks from {@code head} that are written in full and kept for the session. */
    private int written;
    /** Bytes not written yet, including those in the delay line. */
    private long queuedBytes;
    /** Bytes in the delay line. */
    private long delayedBytes;

    private byte[][] held;
    /** The simulated latency that appended bytes wait out before they join the stream, or null. */
    private final StreamDelay delay;

    private final StreamDelay.Sink fromDelay = this::appendNow;

    // ---- the session: positions in the stream of chunks, offsets in the session's data ----

    private boolean retaining;
    /** Stream position of byte 0 of {@code chunks[head]}. */
    private long headAt;
    /** Stream position after the last byte appended. */
    private long end;
    /** Stream position up to which everything is acknowledged (and gaps are passed). */
    private long ackedAt;
    /** The data offset that stream position 0 stands for: where the last rebuild began. */
    private long dataBase;
    /** Data offset acknowledged by the other side. */
    private long acked;
    /** Data offset after the last data byte appended to the chunks. */
    private long dataEnd;
    /** Gap bytes before {@link #ackedAt}, no longer listed. */
    private long passedGapBytes;
    /** Gaps not passed yet: pairs of (data offset where the gap sits, its length). */
    private long[] gaps = new long[4];

    private int gapCount;

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
     * Keeps written bytes until they are acknowledged, from the next byte appended on; or stops
     * keeping them. Called before anything but handshake bytes is appended.
     */
    void retain(boolean on) {
        retaining = on;
        if (!on) {
            gapCount = 0;
            releaseDone();
        }
    }

    boolean isRetaining() {
        return retaining;
    }

    /**
     * Whether a frame may be appended now.
     *
     * @return null if it may, else {@link SendResult#BACKPRESSURED} (reliable) or {@link
     *     SendResult#DROPPED} (lossy); an empty queue always takes one frame
     */
    SendResult admit(long frameLength, boolean reliable) {
        long kept = unacknowledged();
        if (kept == 0) {
            return null;
        }
        if (kept + frameLength > 2 * limit) {
            return reliable ? SendResult.BACKPRESSURED : SendResult.DROPPED;
        }
        if (reliable) {
            return queuedBytes + frameLength > limit ? SendResult.BACKPRESSURED : null;
        }
        return queuedBytes + frameLength > limit / 2 ? SendResult.DROPPED : null;
    }

    /** Bytes held: not written, or written and not acknowledged yet. */
    long unacknowledged() {
        return retaining ? end - ackedAt + delayedBytes : queuedBytes;
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
        return count > written;
    }

    /** Appends bytes of the session: DATA and CLOSE frames. */
    void append(byte[] src, int offset, int length) {
        if (delay != null) {
            append(ByteBuffer.wrap(src, offset, length), false);
            return;
        }
        if (retaining) {
            dataEnd += length;
        }
        end += length;
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

    /** Appends the session bytes of a buffer, from its position to its limit, leaving it unchanged. */
    void append(ByteBuffer src) {
        append(src, false);
    }

    /** Appends bytes that belong to this link only: handshake, PING, PONG and ACK frames. */
    void appendLink(byte[] src, int offset, int length) {
        append(ByteBuffer.wrap(src, offset, length), true);
    }

    private void append(ByteBuffer src, boolean link) {
        if (delay != null) {
            queuedBytes += src.remaining();
            delayedBytes += src.remaining();
            delay.add(src, link);
            return;
        }
        appendNow(src, link);
    }

    private void appendNow(byte[] bytes, boolean link) {
        queuedBytes -= bytes.length; // counted when they entered the delay line
        delayedBytes -= bytes.length;
        appendNow(ByteBuffer.wrap(bytes), link);
    }

    private void appendNow(ByteBuffer src, boolean link) {
        int length = src.remaining();
        if (retaining) {
            if (link) {
                addGap(length);
            } else {
                dataEnd += length;
            }
        }
        end += length;
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

    private void addGap(int length) {
        if (gapCount > 0 && gaps[2 * gapCount - 2] == dataEnd) {
            gaps[2 * gapCount - 1] += length; // link frames in a row make one gap
            return;
        }
        if (2 * gapCount == gaps.length) {
            gaps = java.util.Arrays.copyOf(gaps, gaps.length * 2);
        }
        gaps[2 * gapCount] = dataEnd;
        gaps[2 * gapCount + 1] = length;
        gapCount++;
    }

    /**
     * Writes as much as the socket takes in one gathering write.
     *
     * @return bytes written
     */
    long writeTo(GatheringByteChannel channel) throws IOException {
        if (delay != null) {
            delay.release(fromDelay);
        }
        if (count == written) {
            return 0;
        }
        long n = channel.write(chunks, head + written, count - written);
        queuedBytes -= n;
        while (written < count && !chunks[head + written].hasRemaining()) {
            written++;
        }
        releaseDone();
        return n;
    }

    /**
     * Whether the other side may say it has the session's data up to {@code offset}: not before
     * what it acknowledged, and not past what was written to a socket (bytes still queued, or in
     * the delay line, cannot have arrived).
     */
    boolean canRewind(long offset) {
        return offset - acked >= 0 && offset - writtenDataEnd() <= 0;
    }

    /** The data offset up to which the session's bytes have been written. */
    private long writtenDataEnd() {
        long cursor = end - (queuedBytes - delayedBytes); // stream position of the next byte to write
        long gapBytes = passedGapBytes;
        for (int i = 0; i < gapCount; i++) {
            long gapAt = gaps[2 * i] - dataBase + gapBytes; // stream position where gap i begins
            if (gapAt >= cursor) {
                break;
            }
            gapBytes += Math.min(gaps[2 * i + 1], cursor - gapAt);
        }
        // Gaps at the acknowledged offset are passed before they are written: the cursor may sit
        // in front of them, with everything up to the acknowledged offset written.
        return Math.max(acked, dataBase + cursor - gapBytes);
    }

    /**
     * The other side has the session's data up to {@code offset}: what it covers may go.
     *
     * @return false if the offset goes backwards or past what was appended (a broken peer)
     */
    boolean acknowledge(long offset) {
        if (!canRewind(offset)) {
            return false;
        }
        acked = offset;
        passGaps();
        releaseDone();
        return true;
    }

    /** Moves {@link #ackedAt} over what is acknowledged and the gaps that sit at or before it. */
    private void passGaps() {
        int passed = 0;
        while (passed < gapCount && gaps[2 * passed] - acked <= 0) {
            passedGapBytes += gaps[2 * passed + 1];
            passed++;
        }
        if (passed > 0) {
            System.arraycopy(gaps, 2 * passed, gaps, 0, 2 * (gapCount - passed));
            gapCount -= passed;
        }
        ackedAt = acked - dataBase + passedGapBytes;
    }

    /** Returns the written chunks that no session needs any more to the pool. */
    private void releaseDone() {
        if (retaining) {
            passGaps(); // gaps appended at the acknowledged offset are behind it too
        }
        while (written > 0) {
            ByteBuffer c = chunks[head];
            if (retaining && headAt + c.limit() - ackedAt > 0) {
                return;
            }
            headAt += c.limit();
            release(c);
            chunks[head++] = null;
            count--;
            written--;
        }
        if (count == 0) {
            head = 0;
        }
    }

    /**
     * Starts the stream again, for a new link, from data offset {@code from}, which the other
     * side says it has: everything after it is written again, the gaps left out. Bytes in the
     * delay line follow as before.
     *
     * @return false if {@code from} is not between what was acknowledged and what was appended
     */
    boolean rewind(long from) {
        if (!acknowledge(from)) {
            return false;
        }
        byte[] rest = new byte[(int) (dataEnd - from)];
        int filled = 0;
        long at = ackedAt; // stream position of the next data byte to copy
        long gapBytes = passedGapBytes; // gap bytes before the next gap
        int gap = 0;
        while (filled < rest.length) {
            long nextGapAt = gap < gapCount ? gaps[2 * gap] - dataBase + gapBytes : end;
            int n = (int) Math.min(rest.length - filled, nextGapAt - at);
            copy(at, rest, filled, n);
            filled += n;
            at += n;
            if (gap < gapCount && at == nextGapAt) {
                at += gaps[2 * gap + 1];
                gapBytes += gaps[2 * gap + 1];
                gap++;
            }
        }
        dropChunks();
        queuedBytes = delayedBytes;
        restart(from);
        appendNow(ByteBuffer.wrap(rest), false);
        return true;
    }

    /** Starts the stream positions over, at data offset {@code from}, with no chunks. */
    private void restart(long from) {
        dataBase = from;
        acked = from;
        dataEnd = from;
        headAt = 0;
        end = 0;
        ackedAt = 0;
        passedGapBytes = 0;
        gapCount = 0;
    }

    /** Copies {@code n} bytes from stream position {@code at} of the chunks into {@code dst}. */
    private void copy(long at, byte[] dst, int offset, int n) {
        long chunkAt = headAt;
        for (int i = head; i < head + count && n > 0; i++) {
            ByteBuffer c = chunks[i];
            long chunkEnd = chunkAt + c.limit();
            if (at < chunkEnd) {
                int from = (int) (at - chunkAt);
                int take = (int) Math.min(n, chunkEnd - at);
                c.get(from, dst, offset, take);
                offset += take;
                at += take;
                n -= take;
            }
            chunkAt = chunkEnd;
        }
    }

    /** Returns every chunk to the pool and forgets everything: the stream is over. */
    void clear() {
        held = null;
        if (delay != null) {
            delay.clear();
        }
        dropChunks();
        queuedBytes = 0;
        delayedBytes = 0;
        restart(0);
    }

    private void dropChunks() {
        for (int i = head; i < head + count; i++) {
            release(chunks[i]);
            chunks[i] = null;
        }
        head = 0;
        count = 0;
        written = 0;
    }

    private void release(ByteBuffer chunk) {
        (chunk.capacity() == first.bufferSize() ? first : more).release(chunk);
    }

    private ByteBuffer writableTail() {
        if (count > 0) {
            ByteBuffer tail = chunks[head + count - 1];
            if (tail.limit() < tail.capacity()) {
                if (count == written) {
                    written--; // the tail was written out and takes more bytes: it is writable again
                }
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
