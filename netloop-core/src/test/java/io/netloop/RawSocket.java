package io.netloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A plain TCP socket to 127.0.0.1 that writes and reads bytes by hand, the way a stranger (or an
 * attacker) talks to netloop. It never blocks: while it waits for bytes it polls the {@link Loop}'s
 * nets, so the netloop side makes progress on the same thread.
 */
final class RawSocket {
    private final Loop loop;
    private final SocketChannel channel;
    private boolean ended;

    RawSocket(Loop loop, int port) throws IOException {
        this.loop = loop;
        channel = SocketChannel.open(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        channel.configureBlocking(false);
    }

    /** Wraps a connection that the test's own listening socket accepted, to play a fake host. */
    RawSocket(Loop loop, SocketChannel accepted) throws IOException {
        this.loop = loop;
        channel = accepted;
        channel.configureBlocking(false);
    }

    int localPort() {
        return channel.socket().getLocalPort();
    }

    /** Writes a few bytes, which always fit an empty socket buffer. */
    void write(byte[] bytes) throws IOException {
        assertThat(channel.write(ByteBuffer.wrap(bytes)))
                .as("a small write fits the socket")
                .isEqualTo(bytes.length);
    }

    /** Polls the nets while reading exactly {@code n} bytes. */
    byte[] read(int n) {
        ByteBuffer buf = ByteBuffer.allocate(n);
        assertThat(loop.until(() -> readSome(buf) < 0 || !buf.hasRemaining())).isTrue();
        assertThat(buf.hasRemaining()).as("the stream ended early").isFalse();
        return buf.array();
    }

    /** Polls the nets while reading until the other side ends the stream; a reset fails. */
    byte[] readUntilEndOfStream() {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        boolean done = loop.until(() -> {
            buf.clear();
            int n = readSome(buf);
            got.write(buf.array(), 0, Math.max(n, 0));
            return n < 0;
        });
        assertThat(done).as("the other side ended the stream").isTrue();
        return got.toByteArray();
    }

    /** Whether the other side ended the stream or reset it; never waits, drops what it reads. */
    boolean isClosed() {
        if (!ended) {
            try {
                ended = channel.read(ByteBuffer.allocate(64)) < 0;
            } catch (IOException e) {
                ended = true;
            }
        }
        return ended;
    }

    void close() throws IOException {
        channel.close();
    }

    private int readSome(ByteBuffer buf) {
        try {
            return channel.read(buf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
