package io.netloop.internal;

import io.netloop.Listener;
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
                closeQuietly(channel);
                continue;
            }
            try {
                TcpPeer.accept(net, this, channel, (InetSocketAddress) channel.getRemoteAddress());
            } catch (IOException e) {
                closeQuietly(channel);
            }
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

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
