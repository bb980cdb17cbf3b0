package io.netloop;

/**
 * A snapshot of a {@link Host}'s counters, taken by {@link Host#stats()}. Connections that never
 * finish the handshake are not peers and raise no events; they are counted here instead.
 *
 * @param accepted sockets accepted
 * @param connected connections that completed the handshake
 * @param pending connections in the handshake now
 * @param refused connections refused in the handshake: another application or protocol version,
 *     or the host was full
 * @param protocolErrors connections closed before the handshake finished because they sent
 *     garbage, a wrong magic or an oversized frame
 * @param handshakeTimeouts connections closed because their handshake did not finish in time
 * @param shed connections closed at once because too many were already in the handshake
 * @param datagramsDropped datagrams a {@code udp://} host dropped before they reached a peer:
 *     garbage, spoofed or unknown connection ids, handshakes that do not parse (0 over TCP)
 * @param resumed sessions that came back after a lost link (each a {@link
 *     NetEvent.Type#RECONNECTED}); over {@code tcp://} each was also an accepted socket
 */
public record HostStats(
        long accepted,
        long connected,
        int pending,
        long refused,
        long protocolErrors,
        long handshakeTimeouts,
        long shed,
        long datagramsDropped,
        long resumed) {}
