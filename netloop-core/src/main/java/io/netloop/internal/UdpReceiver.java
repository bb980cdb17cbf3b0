package io.netloop.internal;

import io.netloop.Delivery;
import java.nio.ByteBuffer;

/**
 * The receiving half of a UDP connection: which packets arrived (for duplicates and for the ACK
 * frames), and each channel's delivery rules (see {@link ReceiveChannel}).
 */
final class UdpReceiver {
    /** Packets tracked for duplicates, as a bitmap; older ones are dropped as replays. */
    private static final int WINDOW = 4096;

    private final UdpPeer peer;
    private final long[] seen = new long[WINDOW / 64];
    private boolean any;
    private int largest;
    private int reportFrom;
    /** The largest packet number the last ACK reported. */
    private int lastReported;

    private boolean ackOwed;
    private ReceiveChannel[] channels;
    /** Bytes held for reliable channels: out of order, or parts of a message. */
    long heldReliable;
    /** Bytes held for lossy messages still missing fragments. */
    long heldLossy;
    /** Counts lossy assemblies begun, to tell the oldest. */
    long lossyBirths;

    UdpReceiver(UdpPeer peer) {
        this.peer = peer;
    }

    /**
     * Records a packet number.
     *
     * @return false for a duplicate or a packet too old to tell, which is then dropped whole
     */
    boolean accept(int number) {
        if (!any) {
            any = true;
            largest = number;
            reportFrom = number;
            lastReported = number;
            mark(number);
            return true;
        }
        int ahead = number - largest;
        if (ahead > 0) {
            if (ahead >= WINDOW) {
                java.util.Arrays.fill(seen, 0);
            } else {
                for (int n = largest + 1; n != number; n++) {
                    clear(n);
                }
            }
            largest = number;
            mark(number);
            return true;
        }
        if (-ahead >= WINDOW || isMarked(number)) {
            return false;
        }
        mark(number);
        if (number - reportFrom < 0) {
            reportFrom = number;
        }
        return true;
    }

    /** Unmarks a packet, so that it is neither acknowledged nor a duplicate when it comes again. */
    void forget(int number) {
        if (largest - number >= 0 && largest - number < WINDOW) {
            clear(number);
        }
    }

    /** An ack-eliciting packet arrived; acknowledge it with the next packet out. */
    void owe() {
        if (!ackOwed) {
            ackOwed = true;
            peer.markDirty();
        }
    }

    boolean ackOwed() {
        return ackOwed;
    }

    /**
     * Writes an ACK frame if one is owed: the largest packet number and a bitmap of those before
     * it, reaching back to the oldest packet that arrived since the last ACK (at most 2,040).
     *
     * @return whether a frame was written
     */
    boolean writeAck(ByteBuffer packet, int mtu) {
        if (!ackOwed) {
            return false;
        }
        ackOwed = false;
        int span = Math.min(largest - reportFrom, Math.min(UdpWire.ACK_BITMAP_MAX * 8, WINDOW - 1));
        int bytes = Math.min(UdpWire.ACK_BITMAP_MAX, (span + 7) / 8 + 4);
        packet.put((byte) UdpWire.FRAME_ACK);
        packet.putInt(largest);
        packet.put((byte) bytes);
        for (int b = 0; b < bytes; b++) {
            int bits = 0;
            for (int i = 0; i < 8; i++) {
                int n = largest - 1 - (b * 8 + i);
                if (largest - n < WINDOW && isMarked(n)) {
                    bits |= 1 << i;
                }
            }
            packet.put((byte) bits);
        }
        // The next ACK reaches back over this one's range too, so one lost ACK costs nothing.
        reportFrom = lastReported;
        lastReported = largest;
        return true;
    }

    /** A MESSAGE frame of an accepted packet; the payload is bytes {@code at} to {@code at + length} of {@code buf}. */
    void onMessage(
            Delivery delivery,
            int channel,
            int sequence,
            int index,
            int count,
            int total,
            ByteBuffer buf,
            int at,
            int length) {
        int key = channel * 4 + delivery.ordinal();
        if (channels == null || channels.length <= key) {
            channels = java.util.Arrays.copyOf(channels == null ? new ReceiveChannel[0] : channels, key + 4);
        }
        ReceiveChannel c = channels[key];
        if (c == null) {
            c = channels[key] = new ReceiveChannel(this, delivery, channel);
        }
        c.onMessage(sequence, index, count, total, buf, at, length);
    }

    /**
     * Drops the oldest incomplete lossy message of the whole connection.
     *
     * @return false if there is none
     */
    boolean evictOldestLossy() {
        ReceiveChannel oldest = null;
        long birth = Long.MAX_VALUE;
        for (ReceiveChannel c : channels) {
            if (c != null && c.oldestLossy() < birth) {
                birth = c.oldestLossy();
                oldest = c;
            }
        }
        if (oldest == null) {
            return false;
        }
        oldest.evictOldest();
        return true;
    }

    UdpPeer peer() {
        return peer;
    }

    private void mark(int n) {
        int bit = n & (WINDOW - 1);
        seen[bit >>> 6] |= 1L << (bit & 63);
    }

    private void clear(int n) {
        int bit = n & (WINDOW - 1);
        seen[bit >>> 6] &= ~(1L << (bit & 63));
    }

    private boolean isMarked(int n) {
        int bit = n & (WINDOW - 1);
        return (seen[bit >>> 6] & (1L << (bit & 63))) != 0;
    }
}
