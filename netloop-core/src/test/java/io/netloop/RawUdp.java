package io.netloop;

import static io.netloop.UdpWireBytes.CHALLENGE;
import static io.netloop.UdpWireBytes.WELCOME;
import static io.netloop.UdpWireBytes.hello;
import static io.netloop.UdpWireBytes.packet;
import static io.netloop.UdpWireBytes.type;
import static io.netloop.UdpWireBytes.zeroCookie;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A plain UDP socket that writes and reads netloop's {@code udp://} datagrams by hand, the way a
 * stranger (or an attacker) talks to a host. It never blocks: while it waits for a datagram it
 * lets the test poll its nets, so the netloop side makes progress on the same thread.
 */
final class RawUdp implements Closeable {
    /** How the test polls its nets until something holds; returns whether it came to hold. */
    interface Waiter {
        boolean until(BooleanSupplier done);
    }

    private final Waiter waiter;
    private final DatagramChannel channel;
    private InetSocketAddress host;
    private final boolean answersSender;
    private final ByteBuffer buf = ByteBuffer.allocate(65_536);
    private long connectionId;
    private byte[] cookie;
    private int nextNumber;

    /** A client of the host at {@code host}, on an ephemeral port of the same address. */
    RawUdp(Waiter waiter, InetSocketAddress host) throws IOException {
        this(waiter, host, new InetSocketAddress(host.getAddress(), 0), false);
    }

    private RawUdp(Waiter waiter, InetSocketAddress host, InetSocketAddress local, boolean answersSender)
            throws IOException {
        this.waiter = waiter;
        this.host = host;
        this.answersSender = answersSender;
        channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        channel.bind(local);
        channel.configureBlocking(false);
    }

    /** A fake host on an ephemeral port of 127.0.0.1: it sends to whoever sent to it last. */
    static RawUdp listening(Waiter waiter) throws IOException {
        return new RawUdp(waiter, null, new InetSocketAddress("127.0.0.1", 0), true);
    }

    int localPort() {
        return channel.socket().getLocalPort();
    }

    long connectionId() {
        return connectionId;
    }

    /** The cookie of the last handshake. */
    byte[] cookie() {
        return cookie.clone();
    }

    /** Sends this connection's packets with {@code id}, e.g. one this side made up as a fake host. */
    void useConnection(long id) {
        connectionId = id;
    }

    /** Uses the connection id of a handshake another socket made, as a client behind a NAT does. */
    void adopt(RawUdp other) {
        connectionId = other.connectionId;
        nextNumber = other.nextNumber;
    }

    /** Sends one datagram, polling while the socket's buffer is full. */
    void send(byte[] datagram) {
        assertThat(waiter.until(() -> trySend(datagram)))
                .as("the datagram was sent")
                .isTrue();
    }

    /** Sends a packet of this connection with the next packet number; returns it, to replay. */
    byte[] sendPacket(byte[]... frames) {
        byte[] p = packet(connectionId, nextNumber++, frames);
        send(p);
        return p;
    }

    /** Polls until a datagram arrives and returns it; fails if none comes. */
    byte[] receive() {
        return receive(d -> true);
    }

    /** Polls until a datagram that {@code wanted} accepts arrives, dropping the others. */
    byte[] receive(Predicate<byte[]> wanted) {
        byte[][] got = new byte[1][];
        boolean arrived = waiter.until(() -> {
            for (byte[] d = poll(); d != null; d = poll()) {
                if (wanted.test(d)) {
                    got[0] = d;
                    return true;
                }
            }
            return false;
        });
        assertThat(arrived)
                .as("the expected datagram arrived at port " + localPort())
                .isTrue();
        return got[0];
    }

    /** The datagrams waiting now, without polling the nets. */
    List<byte[]> drain() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] d = poll(); d != null; d = poll()) {
            out.add(d);
        }
        return out;
    }

    /** Asks for a cookie with a zero-cookie HELLO from this socket; returns the CHALLENGE. */
    byte[] challenge(long nonce) {
        send(hello(nonce, zeroCookie()));
        return receive(d -> type(d) == CHALLENGE);
    }

    /** The whole handshake by hand: HELLO, CHALLENGE, HELLO with the cookie, WELCOME. Returns the WELCOME. */
    byte[] handshake(long nonce, int helloSize) {
        send(hello(UdpWireBytes.VERSION, nonce, zeroCookie(), "netloop", helloSize));
        byte[] challenge = receive(d -> type(d) == CHALLENGE);
        cookie = Arrays.copyOfRange(challenge, UdpWireBytes.COOKIE_AT, UdpWireBytes.CHALLENGE_SIZE);
        send(hello(UdpWireBytes.VERSION, nonce, cookie, "netloop", helloSize));
        byte[] welcome = receive(d -> type(d) == WELCOME);
        connectionId = ByteBuffer.wrap(welcome).getLong(9);
        return welcome;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private boolean trySend(byte[] datagram) {
        try {
            return channel.send(ByteBuffer.wrap(datagram), host) == datagram.length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] poll() {
        buf.clear();
        try {
            InetSocketAddress from = (InetSocketAddress) channel.receive(buf);
            if (from == null) {
                return null;
            }
            if (answersSender) {
                host = from;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buf.flip();
        byte[] d = new byte[buf.remaining()];
        buf.get(d);
        return d;
    }
}
