package io.netloop.internal;

import io.netloop.PeerStats;
import java.util.Arrays;

/**
 * One connection's counters, its round-trip estimate and the per-channel sequence numbers of what
 * it received. The round trip is smoothed as in RFC 6298: srtt moves 1/8 and the mean deviation
 * 1/4 of the way to each new sample.
 */
final class PeerCounters {
    long messagesSent;
    long messagesReceived;
    long bytesSent;
    long bytesReceived;
    long messagesDropped;
    long packetsSent;
    long packetsReceived;
    long packetsLost;
    long retransmissions;
    long datagramsDropped;
    private long srtt = -1;
    private long rttvar = -1;
    /** Messages received per channel, grown to the highest channel seen. */
    private long[] received;

    void rttSample(long sampleNanos) {
        if (sampleNanos < 0 || sampleNanos > 60_000_000_000L) {
            return; // a clock gone backwards, or a pong we never asked for
        }
        if (srtt < 0) {
            srtt = sampleNanos;
            rttvar = sampleNanos / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - sampleNanos)) / 4;
            srtt = (7 * srtt + sampleNanos) / 8;
        }
    }

    /** The smoothed round trip in nanoseconds, or {@code fallback} before the first sample. */
    long srtt(long fallback) {
        return srtt < 0 ? fallback : srtt;
    }

    /** The round trip's mean deviation in nanoseconds, or {@code fallback} before the first sample. */
    long rttvar(long fallback) {
        return rttvar < 0 ? fallback : rttvar;
    }

    /** Counts a received message and returns its sequence number on its channel. */
    long nextSequence(int channel) {
        messagesReceived++;
        if (received == null || received.length <= channel) {
            received = Arrays.copyOf(received == null ? new long[0] : received, channel + 1);
        }
        return received[channel]++;
    }

    PeerStats snapshot(long queuedBytes) {
        return new PeerStats(
                srtt,
                rttvar,
                messagesSent,
                messagesReceived,
                bytesSent,
                bytesReceived,
                messagesDropped,
                queuedBytes,
                packetsSent,
                packetsReceived,
                packetsLost,
                retransmissions,
                datagramsDropped);
    }
}
