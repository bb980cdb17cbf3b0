package io.netloop.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A target socket on 127.0.0.1, a {@link LinkProxy} in front of it and plain non-blocking sockets
 * as clients, all driven from the test thread, with every wait bounded.
 */
final class UdpRig implements AutoCloseable {
    final DatagramChannel target;
    final LinkProxy proxy;
    final Waiter waiter;
    private final List<DatagramChannel> sockets = new ArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

    /** A datagram as received: who sent it and its text. */
    record Received(SocketAddress from, String text) {}

    UdpRig(boolean started) throws IOException {
        target = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        target.configureBlocking(false);
        proxy = LinkProxy.udp((InetSocketAddress) target.getLocalAddress());
        waiter = new Waiter(proxy, started);
    }

    DatagramChannel client() throws IOException {
        DatagramChannel client = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        client.configureBlocking(false);
        sockets.add(client);
        return client;
    }

    /** Sends from a client to the proxy, which forwards to the target. */
    void send(DatagramChannel client, String text) throws IOException {
        client.send(ByteBuffer.wrap(text.getBytes(UTF_8)), proxy.address());
    }

    /** Sends from the target to a proxy port, which forwards to that flow's client. */
    void answer(SocketAddress flow, String text) throws IOException {
        target.send(ByteBuffer.wrap(text.getBytes(UTF_8)), flow);
    }

    Received receive(DatagramChannel at) {
        Received[] got = new Received[1];
        waiter.until("a datagram", () -> (got[0] = poll(at)) != null);
        return got[0];
    }

    List<String> receive(DatagramChannel at, int count) {
        List<String> texts = new ArrayList<>();
        waiter.until(count + " datagrams", () -> {
            Received r = poll(at);
            if (r != null) {
                texts.add(r.text());
            }
            return texts.size() >= count;
        });
        return texts;
    }

    /** Steps for a while and returns how many datagrams arrived meanwhile. */
    int datagramsArrivingWithin(DatagramChannel at, Duration time) {
        int[] count = new int[1];
        waiter.during(time, () -> {
            while (poll(at) != null) {
                count[0]++;
            }
        });
        return count[0];
    }

    /** Receives without waiting; null if nothing is there. */
    Received poll(DatagramChannel at) {
        try {
            buffer.clear();
            SocketAddress from = at.receive(buffer);
            if (from == null) {
                return null;
            }
            buffer.flip();
            return new Received(from, UTF_8.decode(buffer).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        proxy.close();
        for (DatagramChannel socket : sockets) {
            socket.close();
        }
        target.close();
    }
}
