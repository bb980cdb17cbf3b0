package io.netloop.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/** The TCP side of {@link LinkProxy}: accepts on loopback and joins each connection to the target. */
final class TcpRelay extends Relay {
    /** Connections accepted per call of {@link #work}, so that a flood cannot starve forwarding. */
    private static final int ACCEPTS_PER_WORK = 64;

    private final ServerSocketChannel server;
    private final SelectionKey serverKey;
    private final List<TcpLink> links = new ArrayList<>();
    private final ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);

    TcpRelay(Selector selector, InetSocketAddress target) throws IOException {
        super(selector, target);
        server = ServerSocketChannel.open();
        try {
            server.bind(new InetSocketAddress(LOOPBACK, 0));
            server.configureBlocking(false);
            serverKey = server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    @Override
    InetSocketAddress localAddress() {
        return new InetSocketAddress(LOOPBACK, server.socket().getLocalPort());
    }

    @Override
    void work(long now) {
        interest(serverKey, mode == Mode.STALLED ? 0 : SelectionKey.OP_ACCEPT);
        if (mode != Mode.STALLED) {
            accept();
        }
        for (int i = 0; i < links.size(); i++) {
            TcpLink link = links.get(i);
            switch (mode) {
                case NORMAL -> link.forward(now, delayNanos);
                case STALLED -> link.hold();
                case BLACK_HOLE -> link.swallow(scratch);
            }
        }
        links.removeIf(TcpLink::isClosed);
    }

    @Override
    long nextDue() {
        if (mode != Mode.NORMAL) {
            return Long.MAX_VALUE;
        }
        long due = Long.MAX_VALUE;
        for (int i = 0; i < links.size(); i++) {
            due = Math.min(due, links.get(i).nextDue());
        }
        return due;
    }

    @Override
    void cut() {
        cuts++;
        for (int i = 0; i < links.size(); i++) {
            links.get(i).reset();
        }
        links.clear();
    }

    @Override
    void stall() {
        mode = Mode.STALLED;
    }

    @Override
    void blackHole() {
        mode = Mode.BLACK_HOLE;
        for (int i = 0; i < links.size(); i++) {
            links.get(i).dropWaiting();
        }
    }

    @Override
    void heal() {
        mode = Mode.NORMAL;
        for (int i = 0; i < links.size(); i++) {
            TcpLink link = links.get(i);
            if (link.isDamaged()) {
                link.reset();
            }
        }
        links.removeIf(TcpLink::isClosed);
    }

    @Override
    int openConnections() {
        return links.size();
    }

    @Override
    void close() {
        for (int i = 0; i < links.size(); i++) {
            links.get(i).reset();
        }
        links.clear();
        closeQuietly(server);
    }

    private void accept() {
        for (int i = 0; i < ACCEPTS_PER_WORK; i++) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // e.g. out of file descriptors; the client waits in the backlog
            }
            if (client == null) {
                return;
            }
            connections++;
            join(client);
        }
    }

    private void join(SocketChannel client) {
        SelectionKey clientKey = register(client, SelectionKey.OP_READ);
        if (clientKey == null) {
            return;
        }
        noDelay(client);
        if (mode == Mode.BLACK_HOLE) {
            links.add(new TcpLink(this, client, clientKey, null, null, false));
            return;
        }
        SocketChannel upstream = null;
        try {
            upstream = SocketChannel.open();
            upstream.configureBlocking(false);
            noDelay(upstream);
            boolean connected = upstream.connect(target);
            SelectionKey upstreamKey =
                    upstream.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT);
            links.add(new TcpLink(this, client, clientKey, upstream, upstreamKey, !connected));
        } catch (IOException | RuntimeException e) {
            reset(upstream); // refused at once: the client is closed, as if the target had refused it
            reset(client);
        }
    }

    private static void noDelay(SocketChannel channel) {
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // a test link must not batch
        } catch (IOException e) {
            // Forwarding still works, only later.
        }
    }
}
