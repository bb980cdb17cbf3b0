package io.netloop.internal;

import io.netloop.Listener;
import io.netloop.PeerState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** A listening TCP socket; accepts a bounded number of connections per poll. */
final class TcpHost extends BaseHost implements Selectable {
    /** Accepts per poll, so that a connection storm cannot take over a frame. */
    private static final int ACCEPTS_PER_POLL = 256;

    private final ServerSocketChannel server;
    private final SelectionKey key;
    private final InetSocketAddress local;
    /** The live sessions of this host by id, connected or waiting for their client to come back. */
    private final java.util.Map<Long, TcpPeer> sessions = new java.util.HashMap<>();

    TcpHost(RealNet net, NetUri uri, Settings settings, Listener listener) {
        super(net, uri, settings, listener);
        try {
            server = ServerSocketChannel.open();
            try {
                server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                server.bind(uri.bindAddress(), 1024);
                server.configureBlocking(false);
                key = net.register(server, SelectionKey.OP_ACCEPT, this);
                local = (InetSocketAddress) server.getLocalAddress();
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on " + uri + " (" + BasePeer.describe(e)
                            + "): pick another port, or port 0 for any free one",
                    e);
        }
    }

    @Override
    public void onSelected(SelectionKey key) {
        for (int i = 0; i < ACCEPTS_PER_POLL && isOpen(); i++) {
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
            if (pending() >= settings.maxPending()) {
                stats.shed++;
                refuseQuietly(channel);
                continue;
            }
            try {
                TcpPeer peer = TcpPeer.accept(net, this, channel, (InetSocketAddress) channel.getRemoteAddress());
                if (peer.state() != PeerState.DISCONNECTED) {
                    // The HELLO usually came with the connection: finishing the handshake now keeps a
                    // burst of honest clients from filling the handshake slots.
                    peer.reader.onReadable();
                }
            } catch (IOException e) {
                closeQuietly(channel);
            }
        }
    }

    /** A new session for {@code peer}, with an id no live session of this host has. */
    Session newSession(TcpPeer peer) {
        long id;
        do {
            id = net.random.nextLong();
        } while (sessions.containsKey(id));
        Session session = Session.issue(id);
        sessions.put(id, peer);
        return session;
    }

    /**
     * A client asks to resume session {@code id} on the new connection {@code fresh}. With the right
     * token the session moves to it; with a wrong one the client is refused and the session is not
     * touched; a session this host does not know (it restarted, or the window passed) gets a new one.
     */
    void resume(TcpPeer fresh, long id, byte[] token, long theirReceived) {
        TcpPeer owner = sessions.get(id);
        if (owner == null) {
            fresh.welcome(true);
        } else if (!owner.session.matches(token)) {
            fresh.refuse(Wire.REFUSE_SESSION, "the session token does not match; the session stays with its owner");
        } else if (owner.state() != PeerState.CONNECTED && owner.state() != PeerState.RECONNECTING) {
            fresh.refuse(Wire.REFUSE_SESSION, "the session is being closed");
        } else {
            owner.takeOver(fresh, theirReceived);
        }
    }

    @Override
    void onGone(BasePeer peer) {
        super.onGone(peer);
        if (peer.session != null) {
            sessions.remove(peer.session.id, peer);
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    void release() {
        key.cancel();
        try {
            server.close();
        } catch (IOException e) {
            // the port is released either way
        }
    }

    /** Closes a connection shed for want of handshake slots, telling a netloop client why first. */
    private void refuseQuietly(SocketChannel channel) {
        if (uri.scheme != NetUri.Scheme.TCP_RAW) {
            try {
                channel.configureBlocking(false);
                channel.write(java.nio.ByteBuffer.wrap(Wire.refuse(
                        Wire.REFUSE_FULL, "the host has too many connections in the handshake; try again")));
            } catch (IOException e) {
                // it is being closed anyway
            }
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
