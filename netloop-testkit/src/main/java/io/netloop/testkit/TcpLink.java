package io.netloop.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One proxied TCP connection: the accepted client socket, the socket to the target and a {@link
 * ByteLine} each way. An end of stream is passed on once the bytes before it have left; an error on
 * either side resets both. Not thread-safe: {@link TcpRelay} drives it under the proxy's lock.
 */
final class TcpLink {
    private final TcpRelay relay;
    private final SocketChannel client;
    private final SelectionKey clientKey;
    private final SocketChannel upstream;
    private final SelectionKey upstreamKey;
    private final ByteLine toUpstream = new ByteLine();
    private final ByteLine toClient = new ByteLine();
    private boolean connecting;
    private boolean clientEnded;
    private boolean upstreamEnded;
    private long clientEndDue;
    private long upstreamEndDue;
    private boolean clientShut;
    private boolean upstreamShut;
    private boolean damaged;
    private boolean closed;

    /** A link to the target; {@code upstream} is null for one accepted into a black hole. */
    TcpLink(
            TcpRelay relay,
            SocketChannel client,
            SelectionKey clientKey,
            SocketChannel upstream,
            SelectionKey upstreamKey,
            boolean connecting) {
        this.relay = relay;
        this.client = client;
        this.clientKey = clientKey;
        this.upstream = upstream;
        this.upstreamKey = upstreamKey;
        this.connecting = connecting;
        this.damaged = upstream == null; // it can never be joined to the target
    }

    boolean isClosed() {
        return closed;
    }

    boolean isDamaged() {
        return damaged;
    }

    /** When delayed bytes or a delayed end of stream fall due, or {@link Long#MAX_VALUE}. */
    long nextDue() {
        long due = Math.min(toUpstream.nextDue(), toClient.nextDue());
        if (clientEnded && !upstreamShut) {
            due = Math.min(due, clientEndDue);
        }
        if (upstreamEnded && !clientShut) {
            due = Math.min(due, upstreamEndDue);
        }
        return due;
    }

    /** Forwards in both directions what is ready and due. */
    void forward(long now, long delay) {
        if (upstream == null) {
            reset(); // accepted into a black hole: it never reached the target
            return;
        }
        try {
            if (connecting && !finishConnect()) {
                readClient(now + delay);
            } else {
                readClient(now + delay);
                readUpstream(now + delay);
                relay.bytesForwarded += toUpstream.writeTo(upstream, now);
                relay.bytesForwarded += toClient.writeTo(client, now);
                passOnEnds(now);
            }
        } catch (IOException | RuntimeException e) {
            reset(); // a reset, refusal or broken pipe on either side ends both
            return;
        }
        if (clientShut && upstreamShut && toClient.isEmpty() && toUpstream.isEmpty()) {
            relay.closeQuietly(client);
            relay.closeQuietly(upstream);
            closed = true;
            return;
        }
        Relay.interest(clientKey, readOps(!clientEnded && toUpstream.hasSpace()) | writeOps(toClient));
        Relay.interest(
                upstreamKey,
                connecting
                        ? SelectionKey.OP_CONNECT
                        : readOps(!upstreamEnded && toClient.hasSpace()) | writeOps(toUpstream));
    }

    /** Keeps a connection that is being completed going, and nothing else, while the link is stalled. */
    void hold() {
        try {
            if (connecting) {
                finishConnect();
            }
        } catch (IOException | RuntimeException e) {
            reset();
            return;
        }
        Relay.interest(clientKey, 0);
        Relay.interest(upstreamKey, connecting ? SelectionKey.OP_CONNECT : 0);
    }

    /** Reads both sides and drops what comes, telling nobody, as a pulled cable would. */
    void swallow(ByteBuffer scratch) {
        if (connecting) {
            try {
                finishConnect();
            } catch (IOException | RuntimeException e) {
                connecting = false; // refused; the client is not told until heal() resets it
                upstreamEnded = true;
                damaged = true;
            }
        }
        clientEnded = clientEnded || drain(client, scratch);
        if (!connecting) {
            upstreamEnded = upstreamEnded || drain(upstream, scratch);
        }
        Relay.interest(clientKey, clientEnded ? 0 : SelectionKey.OP_READ);
        Relay.interest(upstreamKey, connecting ? SelectionKey.OP_CONNECT : upstreamEnded ? 0 : SelectionKey.OP_READ);
    }

    /** Drops every byte waiting in the proxy; a link that lost any can never carry on. */
    void dropWaiting() {
        long dropped = toUpstream.clear() + toClient.clear();
        relay.bytesDropped += dropped;
        if (dropped > 0 || (clientEnded && !upstreamShut) || (upstreamEnded && !clientShut)) {
            damaged = true;
        }
    }

    /** Resets both sides at once. */
    void reset() {
        relay.reset(client);
        relay.reset(upstream);
        closed = true;
    }

    private boolean finishConnect() throws IOException {
        if (upstream.finishConnect()) {
            connecting = false;
        }
        return !connecting;
    }

    private void readClient(long due) throws IOException {
        if (!clientEnded && toUpstream.hasSpace() && toUpstream.readFrom(client, due) < 0) {
            clientEnded = true;
            clientEndDue = due;
        }
    }

    private void readUpstream(long due) throws IOException {
        if (!upstreamEnded && toClient.hasSpace() && toClient.readFrom(upstream, due) < 0) {
            upstreamEnded = true;
            upstreamEndDue = due;
        }
    }

    private void passOnEnds(long now) throws IOException {
        if (clientEnded && !upstreamShut && toUpstream.isEmpty() && clientEndDue - now <= 0) {
            upstream.shutdownOutput();
            upstreamShut = true;
        }
        if (upstreamEnded && !clientShut && toClient.isEmpty() && upstreamEndDue - now <= 0) {
            client.shutdownOutput();
            clientShut = true;
        }
    }

    /** Reads and drops; returns whether the side is finished (ended, broken or absent). */
    private boolean drain(SocketChannel channel, ByteBuffer scratch) {
        if (channel == null) {
            return true;
        }
        try {
            for (int i = 0; i < 16; i++) {
                scratch.clear();
                int n = channel.read(scratch);
                if (n <= 0) {
                    if (n < 0) {
                        damaged = true; // its end of stream is lost
                    }
                    return n < 0;
                }
                relay.bytesDropped += n;
                damaged = true;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            damaged = true;
            return true;
        }
    }

    private static int readOps(boolean reading) {
        return reading ? SelectionKey.OP_READ : 0;
    }

    private static int writeOps(ByteLine line) {
        return line.hasDueUnsent() ? SelectionKey.OP_WRITE : 0;
    }
}
