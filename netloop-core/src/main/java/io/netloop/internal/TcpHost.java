package io.netloop.internal;

import io.netloop.Delivery;
import io.netloop.DisconnectReason;
import io.netloop.Host;
import io.netloop.HostStats;
import io.netloop.Listener;
import io.netloop.Peer;
import io.netloop.SendResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** A listening TCP socket; accepts a bounded number of connections per poll. */
final class TcpHost implements Host {
    /** Accepts per poll, so that a connection storm cannot take over a frame. */
    private static final int ACCEPTS_PER_POLL = 256;

    final RealNet net;
    final NetUri uri;
    final Settings settings;
    final Listener listener;
    final Counters stats = new Counters();
    private final ServerSocketChannel server;
    private final SelectionKey key;
    private final InetSocketAddress local;
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
    }

    TcpHost(RealNet net, NetUri uri, Settings settings, Listener listener) {
        this.net = net;
        this.uri = uri;
        this.settings = settings;
        this.listener = listener;
        InetSocketAddress bind = uri.bindAddress();
        try {
            server = ServerSocketChannel.open();
            try {
                server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                server.bind(bind, 1024);
                server.configureBlocking(false);
                key = net.register(server, SelectionKey.OP_ACCEPT, this);
                local = (InetSocketAddress) server.getLocalAddress();
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on " + uri + " (" + TcpPeer.describe(e)
                            + "): pick another port, or port 0 for any free one",
                    e);
        }
    }

    void onAcceptable() {
        for (int i = 0; i < ACCEPTS_PER_POLL && open; i++) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                return; // e.g. out of file descriptors; the selector reports the socket again
            }
            if (channel == null) {
                return;
            }
            stats.accepted++;
            if (pending >= settings.maxPending()) {
                stats.shed++;
                closeQuietly(channel);
                continue;
            }
            try {
                InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
                pending++;
                TcpPeer.accept(net, this, channel, remote);
            } catch (IOException e) {
                pending--;
                closeQuietly(channel);
            }
        }
    }

    boolean isFull() {
        return peers.size() >= settings.maxPeers();
    }

    void onEstablished(TcpPeer peer) {
        pending--;
        stats.connected++;
        peers.add(peer);
    }

    void onGone(TcpPeer peer) {
        if (!peers.remove(peer) && !peer.established) {
            pending--;
        }
    }

    @Override
    public int port() {
        return local.getPort();
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
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
                stats.shed);
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
        for (TcpPeer p : net.peersOf(this)) {
            if (p.established) {
                p.close(DisconnectReason.HOST_CLOSED, Wire.CLOSE_HOST, "");
            } else {
                p.terminate(DisconnectReason.HOST_CLOSED, "the host was closed during the handshake");
            }
        }
    }

    /** Stops accepting; the peers are the caller's to close. */
    void stopListening() {
        open = false;
        key.cancel();
        try {
            server.close();
        } catch (IOException e) {
            // the port is released either way
        }
        net.onGone(this);
    }

    @Override
    public String toString() {
        return "Host[" + uri + " port " + port() + "]";
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
