package io.netloop;

/**
 * A snapshot of one connection's counters, taken by {@link Peer#stats()}.
 *
 * @param rttNanos the smoothed round-trip time in nanoseconds, or -1 before the first measurement
 * @param rttVarianceNanos the round-trip time's mean deviation in nanoseconds, or -1 before the
 *     first measurement
 * @param messagesSent messages accepted into the outbound stream (dropped ones are not counted)
 * @param messagesReceived messages delivered to the game
 * @param bytesSent bytes written to the socket, headers included
 * @param bytesReceived bytes read from the socket, headers included
 * @param messagesDropped lossy messages dropped or replaced on this side because the queue was
 *     backed up
 * @param queuedBytes bytes waiting to be written, at most {@code sendQueue}; over {@code tcp://}
 *     with a session also the bytes written but not yet acknowledged, kept for a resume, at most
 *     twice {@code sendQueue} in all; over {@code udp://} reliable bytes sent but not yet
 *     acknowledged, plus 48 bytes of bookkeeping per message (what a receiver charges for holding
 *     it), at most {@code sendQueue}
 * @param packetsSent datagrams sent ({@code udp://} only, else 0)
 * @param packetsReceived datagrams received and accepted ({@code udp://} only, else 0)
 * @param packetsLost datagrams this side sent and judged lost ({@code udp://} only, else 0)
 * @param retransmissions reliable messages (or fragments) sent again ({@code udp://} only, else 0)
 * @param datagramsDropped datagrams received and dropped: duplicates, replays, garbage ({@code
 *     udp://} only, else 0)
 */
public record PeerStats(
        long rttNanos,
        long rttVarianceNanos,
        long messagesSent,
        long messagesReceived,
        long bytesSent,
        long bytesReceived,
        long messagesDropped,
        long queuedBytes,
        long packetsSent,
        long packetsReceived,
        long packetsLost,
        long retransmissions,
        long datagramsDropped) {

    /**
     * The smoothed round-trip time in milliseconds.
     *
     * @return the round trip in ms, or -1 before the first measurement
     */
    public double rttMillis() {
        return rttNanos < 0 ? -1 : rttNanos / 1e6;
    }

    /**
     * The fraction of sent datagrams judged lost.
     *
     * @return 0 to 1; 0 before anything was sent and over TCP
     */
    public double lossRate() {
        return packetsSent == 0 ? 0 : (double) packetsLost / packetsSent;
    }
}
