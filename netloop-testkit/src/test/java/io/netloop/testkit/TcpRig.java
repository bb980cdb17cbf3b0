package io.netloop.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A target server on 127.0.0.1, a {@link LinkProxy} in front of it and plain non-blocking sockets
 * as clients, all driven by {@link #step()} from the test thread, with every wait bounded.
 */
final class TcpRig implements AutoCloseable {
    final ServerSocketChannel target;
    final LinkProxy proxy;
    final Waiter waiter;
    private final List<SocketChannel> sockets = new ArrayList<>();

    /** A connection through the proxy: the client's socket and the target's accepted socket. */
    record Pair(SocketChannel client, SocketChannel server) {}

    TcpRig(boolean started) throws IOException {
        target = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        target.configureBlocking(false);
        proxy = LinkProxy.tcp((InetSocketAddress) target.getLocalAddress());
        waiter = new Waiter(proxy, started);
    }

    /** Connects a client through the proxy and waits until the target has accepted it. */
    Pair connect() throws IOException {
        SocketChannel client = connectOnly();
        SocketChannel[] server = new SocketChannel[1];
        waiter.until("the target to accept", () -> (server[0] = accept()) != null);
        return new Pair(client, server[0]);
    }

    /** Connects a client to the proxy; its listen backlog completes the handshake at once. */
    SocketChannel connectOnly() throws IOException {
        SocketChannel client = SocketChannel.open(proxy.address());
        client.configureBlocking(false);
        sockets.add(client);
        return client;
    }

    /** Accepts at the target without waiting; null if no connection reached it. */
    SocketChannel accept() {
        try {
            SocketChannel server = target.accept();
            if (server != null) {
                server.configureBlocking(false);
                sockets.add(server);
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void send(SocketChannel from, byte[] data) {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        waiter.until("the socket to take " + data.length + " bytes", () -> {
            try {
                from.write(buffer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return !buffer.hasRemaining();
        });
    }

    byte[] receive(SocketChannel at, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        waiter.until(length + " bytes to arrive", () -> {
            try {
                if (at.read(buffer) < 0) {
                    throw new AssertionError("end of stream after " + buffer.position() + " of " + length + " bytes");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return !buffer.hasRemaining();
        });
        return buffer.array();
    }

    /** Writes and reads at the same time, for more bytes than the sockets and the proxy can hold. */
    byte[] transfer(SocketChannel from, SocketChannel to, byte[] data) {
        ByteBuffer out = ByteBuffer.wrap(data);
        ByteBuffer in = ByteBuffer.allocate(data.length);
        waiter.until(data.length + " bytes to cross", () -> {
            try {
                from.write(out);
                if (to.read(in) < 0) {
                    throw new AssertionError("end of stream after " + in.position() + " bytes");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return !in.hasRemaining();
        });
        return in.array();
    }

    /** Waits until the socket reports an end of stream or a reset, discarding any bytes before it. */
    void awaitEndOrReset(SocketChannel at) {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        waiter.until("an end of stream or a reset", () -> {
            try {
                buffer.clear();
                return at.read(buffer) < 0;
            } catch (IOException e) {
                return true; // "Connection reset"
            }
        });
    }

    /** Steps for a while and returns how many bytes arrived meanwhile, failing on end or reset. */
    int bytesArrivingWithin(SocketChannel at, Duration time) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        int[] total = new int[1];
        waiter.during(time, () -> {
            try {
                buffer.clear();
                int n = at.read(buffer);
                if (n < 0) {
                    throw new AssertionError("unexpected end of stream");
                }
                total[0] += n;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return total[0];
    }

    @Override
    public void close() throws IOException {
        proxy.close();
        for (SocketChannel socket : sockets) {
            socket.close();
        }
        target.close();
    }
}
