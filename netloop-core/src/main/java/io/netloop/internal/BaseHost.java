package io.netloop.internal;

import io.netloop.Delivery;
import io.netloop.DisconnectReason;
import io.netloop.Host;
import io.netloop.HostStats;
import io.netloop.Listener;
import io.netloop.Peer;
import io.netloop.SendResult;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** What every listening endpoint has, whatever transport it accepts: its peers and its counters. */
abstract class BaseHost implements Host {
    final RealNet net;
    final NetUri uri;
    final Settings settings;
    final Listener listener;
    final Counters stats = new Counters();
    private final Set<Peer> peers = new LinkedHashSet<>();
    private final Collection<Peer> peersView = Collections.unmodifiableSet(peers);
    private int pending;
    private boolean open = true;

    /** Mutable counters behind {@link HostStats}. */
    static final class Counters {
        long accepted;
        long connected;
        long refused;
        long protocolErrors;
        long handshakeTimeouts;
        long shed;
        long datagramsDropped;
        long resumed;
    }

    BaseHost(RealNet net, NetUri uri, Settings settings, Listener listener) {
        this.net = net;
        this.uri = uri;
        this.settings = settings;
        this.listener = listener;
    }

    /** Stops accepting and releases the socket; the peers are the caller's to close. */
    abstract void release();

    boolean isFull() {
        return peers.size() >= settings.maxPeers();
    }

    int pending() {
        return pending;
    }

    /** A connection started its handshake. */
    void onPending() {
        pending++;
    }

    void onEstablished(BasePeer peer) {
        pending--;
        stats.connected++;
        peers.add(peer);
    }

    void onGone(BasePeer peer) {
        if (!peers.remove(peer) && !peer.established) {
            pending--;
        }
    }

    @Override
    public int port() {
        return localAddress().getPort();
    }

    @Override
    public String uri() {
        return uri.text;
    }

    @Override
    public Collection<Peer> peers() {
        return peersView;
    }

    @Override
    public int broadcast(int channel, byte[] data, Delivery delivery) {
        int queued = 0;
        for (Peer p : peers) {
            if (p.send(channel, data, delivery) == SendResult.QUEUED) {
                queued++;
            }
        }
        return queued;
    }

    @Override
    public HostStats stats() {
        return new HostStats(
                stats.accepted,
                stats.connected,
                pending,
                stats.refused,
                stats.protocolErrors,
                stats.handshakeTimeouts,
                stats.shed,
                stats.datagramsDropped,
                stats.resumed);
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        stopListening();
        for (BasePeer p : net.peersOf(this)) {
            if (p.established) {
                p.close(DisconnectReason.HOST_CLOSED, Wire.CLOSE_HOST, "");
            } else {
                p.terminate(DisconnectReason.HOST_CLOSED, "the host was closed during the handshake");
            }
        }
    }

    /** Stops accepting new connections; used by {@link #close()} and by the net's close. */
    final void stopListening() {
        if (open) {
            open = false;
            release();
            net.onGone(this);
        }
    }

    @Override
    public String toString() {
        return "Host[" + uri + " port " + port() + "]";
    }
}
