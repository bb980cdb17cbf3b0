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
 * @param queuedBytes bytes waiting to be written
 */
public record PeerStats(
        long rttNanos,
        long rttVarianceNanos,
        long messagesSent,
        long messagesReceived,
        long bytesSent,
        long bytesReceived,
        long messagesDropped,
        long queuedBytes) {

    /**
     * The smoothed round-trip time in milliseconds.
     *
     * @return the round trip in ms, or -1 before the first measurement
     */
    public double rttMillis() {
        return rttNanos < 0 ? -1 : rttNanos / 1e6;
    }
}
