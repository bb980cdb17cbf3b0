package io.netloop.bench;

import java.nio.ByteBuffer;

/**
 * Counts the frames of one TCP stream of the raw baseline: a 4-byte big-endian length, then that
 * many bytes. It parses the lengths and nothing else, and keeps its place across reads, so that a
 * frame split over two reads (or a length split over two) is counted once, when its last byte
 * arrives. It holds no buffer, so one shared read buffer serves thousands of streams.
 *
 * <pre>
 * +--------+--------+--------+--------+----------------------+
 * |        length (big-endian)        |  length bytes        |
 * +--------+--------+--------+--------+----------------------+
 * </pre>
 */
final class RawFrames {
    /** The largest frame accepted: a bad length is a bug in the benchmark, not a workload. */
    static final int MAX_FRAME = 1 << 20;

    /** Bytes of a length prefix seen so far, when a read ended inside one. */
    private int headerBytes;

    private int partialLength;
    /** Payload bytes of the current frame still to come. */
    private int bodyLeft;

    private long frames;

    /**
     * Counts the frames that end in the bytes from {@code buf}'s position to its limit. Leaves the
     * buffer's position and limit as they were.
     *
     * @return the frames that ended in these bytes
     */
    int consume(ByteBuffer buf) {
        int pos = buf.position();
        int limit = buf.limit();
        int ended = 0;
        while (pos < limit) {
            if (bodyLeft > 0) {
                int skip = Math.min(bodyLeft, limit - pos);
                pos += skip;
                bodyLeft -= skip;
                ended += bodyLeft == 0 ? 1 : 0;
            } else if (headerBytes == 0 && limit - pos >= 4) {
                int length = check(buf.getInt(pos));
                pos += 4;
                if (length <= limit - pos) {
                    pos += length; // the common case: the whole frame is here
                    ended++;
                } else {
                    bodyLeft = length;
                }
            } else {
                partialLength = (partialLength << 8) | (buf.get(pos++) & 0xff);
                if (++headerBytes == 4) {
                    bodyLeft = check(partialLength);
                    headerBytes = 0;
                    partialLength = 0;
                    ended += bodyLeft == 0 ? 1 : 0;
                }
            }
        }
        frames += ended;
        return ended;
    }

    /**
     * Every frame counted so far.
     *
     * @return the count
     */
    long frames() {
        return frames;
    }

    private static int check(int length) {
        if (length < 0 || length > MAX_FRAME) {
            throw new IllegalStateException("bad frame length " + length + ": the stream is out of step");
        }
        return length;
    }
}
