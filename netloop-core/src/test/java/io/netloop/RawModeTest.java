package io.netloop;

import static io.netloop.WireBytes.ascii;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code tcp+raw://}: netloop as a plain byte stream, against a line protocol that knows nothing
 * of netloop. Bytes may arrive split or merged, so the tests join them and cut lines themselves.
 */
@Timeout(30)
class RawModeTest {
    private static final InetAddress LOOPBACK = loopback();

    private Net net;
    private Loop loop;
    private LineServer server;

    @BeforeEach
    void open() {
        net = Net.open();
        loop = new Loop(net);
    }

    @AfterEach
    void close() throws Exception {
        net.close(); // first, so that a server still reading sees the end of its stream
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void rawClientExchangesLinesWithAPlainServer() throws IOException {
        server = new LineServer();
        Peer peer = net.connect("tcp+raw://127.0.0.1:" + server.port());
        assertThat(peer.send(ascii("PING 1\nPI"))).as("queued while connecting").isEqualTo(SendResult.QUEUED);

        assertThat(loop.until(() -> peer.state() == PeerState.CONNECTED)).isTrue();
        peer.send(ascii("NG 2\n"));
        peer.send(ascii("PING 3\nhello\n"));

        assertThat(loop.until(() -> lines(received()).size() == 4)).isTrue();
        assertThat(lines(received())).containsExactly("PONG 1", "PONG 2", "PONG 3", "HELLO");
        List<NetEvent> data = loop.of(net, NetEvent.Type.DATA);
        assertThat(data).extracting(NetEvent::channel).containsOnly(0);
        assertThat(data).extracting(NetEvent::sequence).containsExactlyElementsOf(countFrom0(data.size()));
        assertThat(data).extracting(NetEvent::peer).containsOnly(peer);
    }

    @Test
    void serverHangingUpIsClosedByPeerAfterItsLastBytes() throws IOException {
        server = new LineServer();
        Peer peer = net.connect("tcp+raw://127.0.0.1:" + server.port());

        peer.send(ascii("PING 1\nQUIT\n"));

        assertThat(loop.until(() -> peer.state() == PeerState.DISCONNECTED)).isTrue();
        assertThat(lines(received())).containsExactly("PONG 1", "BYE");
        List<NetEvent> events = loop.events(net);
        assertThat(events.get(0).type()).isEqualTo(NetEvent.Type.CONNECTED);
        assertThat(events.get(events.size() - 1)).satisfies(e -> {
            assertThat(e.type()).isEqualTo(NetEvent.Type.DISCONNECTED);
            assertThat(e.reason()).isEqualTo(DisconnectReason.CLOSED_BY_PEER);
        });
        assertThat(loop.of(net, NetEvent.Type.DISCONNECTED)).hasSize(1);
        assertThat(peer.send(ascii("PING 2\n"))).isEqualTo(SendResult.NOT_CONNECTED);
    }

    @Test
    void rawClientCloseEndsTheServersStream() throws Exception {
        server = new LineServer();
        Peer peer = net.connect("tcp+raw://127.0.0.1:" + server.port());
        peer.send(ascii("PING 1\n"));
        assertThat(loop.until(() -> lines(received()).size() == 1)).isTrue();

        peer.close();

        assertThat(loop.until(() -> peer.state() == PeerState.DISCONNECTED)).isTrue();
        assertThat(loop.of(net, NetEvent.Type.DISCONNECTED))
                .singleElement()
                .extracting(NetEvent::reason)
                .isEqualTo(DisconnectReason.CLOSED);
        server.stop();
        assertThat(server.sawEndOfStream)
                .as("the server read to the end of the stream")
                .isTrue();
    }

    @Test
    void pullModeHandsBytesToRecvInsteadOfEvents() throws IOException {
        server = new LineServer();
        Peer peer = net.connect("tcp+raw://127.0.0.1:" + server.port() + "?read=pull");
        peer.send(ascii("PING 1\nPING 2\n"));
        ByteArrayOutputStream got = new ByteArrayOutputStream();

        assertThat(loop.until(() -> {
                    byte[] chunk = peer.recv(4);
                    assertThat(chunk.length).isLessThanOrEqualTo(4);
                    got.writeBytes(chunk);
                    return got.toString(US_ASCII).equals("PONG 1\nPONG 2\n");
                }))
                .isTrue();
        assertThat(peer.recv(100)).as("nothing more waiting").isEmpty();
        assertThat(loop.of(net, NetEvent.Type.DATA)).isEmpty();
        assertThat(loop.of(net, NetEvent.Type.CONNECTED)).hasSize(1);
    }

    @Test
    void pulledBytesStayReadableAfterTheServerHangsUp() throws IOException {
        server = new LineServer();
        Peer peer = net.connect("tcp+raw://127.0.0.1:" + server.port() + "?read=pull");

        peer.send(ascii("QUIT\n"));

        assertThat(loop.until(() -> peer.state() == PeerState.DISCONNECTED)).isTrue();
        assertThat(loop.of(net, NetEvent.Type.DISCONNECTED))
                .singleElement()
                .extracting(NetEvent::reason)
                .isEqualTo(DisconnectReason.CLOSED_BY_PEER);
        assertThat(new String(peer.recv(100), US_ASCII)).isEqualTo("BYE\n");
        assertThat(peer.recv(100)).isEmpty();
    }

    @Test
    void recvOnAPeerThatDeliversEventsThrows() {
        Host framed = net.listen("tcp://127.0.0.1:0");
        Host raw = net.listen("tcp+raw://127.0.0.1:0");
        Peer framedPeer = net.connect("tcp://127.0.0.1:" + framed.port());
        Peer rawPeer = net.connect("tcp+raw://127.0.0.1:" + raw.port());
        Peer pullPeer = net.connect("tcp+raw://127.0.0.1:" + raw.port() + "?read=pull");
        assertThat(loop.until(() -> framedPeer.state() == PeerState.CONNECTED
                        && rawPeer.state() == PeerState.CONNECTED
                        && pullPeer.state() == PeerState.CONNECTED))
                .isTrue();

        assertThatThrownBy(() -> framedPeer.recv(10))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("read=pull");
        assertThatThrownBy(() -> rawPeer.recv(10))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("read=pull");
        assertThatThrownBy(() -> pullPeer.recv(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void rawHostTalksToAPlainSocketClient() throws IOException {
        Host host = net.listen("tcp+raw://127.0.0.1:0");
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress(LOOPBACK, host.port()), 5_000);
            client.setSoTimeout(5_000);
            assertThat(loop.until(() -> !loop.of(net, NetEvent.Type.CONNECTED).isEmpty()))
                    .isTrue();
            Peer player = loop.of(net, NetEvent.Type.CONNECTED).get(0).peer();
            assertThat(player.host()).isSameAs(host);
            assertThat(player.uri()).isEqualTo("tcp+raw://127.0.0.1:" + client.getLocalPort());

            OutputStream out = client.getOutputStream();
            out.write(ascii("hello\nwor"));
            out.flush();
            out.write(ascii("ld\n"));
            out.flush();
            assertThat(loop.until(() -> lines(received()).size() == 2)).isTrue();
            for (String line : lines(received())) {
                player.send(ascii(line.toUpperCase(Locale.ROOT) + "\n"));
            }

            String echoed = readWhilePolling(client.getInputStream(), "HELLO\nWORLD\n".length());
            assertThat(echoed).isEqualTo("HELLO\nWORLD\n");
        }
        assertThat(loop.until(() -> !loop.of(net, NetEvent.Type.DISCONNECTED).isEmpty()))
                .isTrue();
        assertThat(loop.of(net, NetEvent.Type.DISCONNECTED))
                .singleElement()
                .extracting(NetEvent::reason)
                .isEqualTo(DisconnectReason.CLOSED_BY_PEER);
    }

    @Test
    void rawHostCloseDeliversWhatWasQueuedThenEndsTheStream() throws IOException {
        Host host = net.listen("tcp+raw://127.0.0.1:0");
        try (Socket client = new Socket()) {
            client.connect(new InetSocketAddress(LOOPBACK, host.port()), 5_000);
            client.setSoTimeout(5_000);
            assertThat(loop.until(() -> !loop.of(net, NetEvent.Type.CONNECTED).isEmpty()))
                    .isTrue();
            Peer player = loop.of(net, NetEvent.Type.CONNECTED).get(0).peer();

            player.send(ascii("BYE\n"));
            player.close();
            loop.pollOnce(); // one poll writes the queue and shuts the output down

            assertThat(new String(client.getInputStream().readAllBytes(), US_ASCII))
                    .isEqualTo("BYE\n");
        }
        assertThat(loop.until(() -> !loop.of(net, NetEvent.Type.DISCONNECTED).isEmpty()))
                .isTrue();
        assertThat(loop.of(net, NetEvent.Type.DISCONNECTED))
                .singleElement()
                .extracting(NetEvent::reason)
                .isEqualTo(DisconnectReason.CLOSED);
    }

    // ---- helpers ----

    /** Everything the DATA events carried, joined in order. */
    private String received() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (NetEvent e : loop.of(net, NetEvent.Type.DATA)) {
            all.writeBytes(e.data());
        }
        return all.toString(US_ASCII);
    }

    /** The complete lines of {@code text}; a trailing partial line is left out. */
    private static List<String> lines(String text) {
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : Arrays.asList(text.substring(0, end).split("\n", -1));
    }

    /** Reads {@code n} bytes from a plain socket, polling the net while they are on their way. */
    private String readWhilePolling(InputStream in, int n) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        assertThat(loop.until(() -> {
                    try {
                        int waiting = Math.min(in.available(), n - got.size());
                        got.writeBytes(in.readNBytes(waiting));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return got.size() == n;
                }))
                .isTrue();
        return got.toString(US_ASCII);
    }

    private static List<Long> countFrom0(int n) {
        List<Long> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByName("127.0.0.1");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A blocking line server for one connection, on its own thread, that knows nothing of netloop:
     * "PING x" is answered "PONG x", "QUIT" is answered "BYE" and the server hangs up, any other
     * line comes back upper-cased.
     */
    private static final class LineServer {
        private final ServerSocket socket = new ServerSocket(0, 1, LOOPBACK);
        private final Thread thread = new Thread(this::serve, "line-server");
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile boolean sawEndOfStream;

        LineServer() throws IOException {
            socket.setSoTimeout(10_000);
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            try (Socket s = socket.accept()) {
                s.setSoTimeout(10_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), US_ASCII));
                Writer out = new OutputStreamWriter(s.getOutputStream(), US_ASCII);
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.equals("QUIT")) {
                        out.write("BYE\n");
                        out.flush();
                        return;
                    }
                    out.write(line.startsWith("PING ") ? "PONG " + line.substring(5) : line.toUpperCase(Locale.ROOT));
                    out.write('\n');
                    out.flush();
                }
                sawEndOfStream = true;
            } catch (IOException | RuntimeException e) {
                failure.set(e);
            }
        }

        /** Stops listening, waits for the thread and rethrows what went wrong on it. */
        void stop() throws IOException, InterruptedException {
            socket.close();
            thread.join(10_000);
            assertThat(thread.isAlive()).as("the line server stopped").isFalse();
            if (failure.get() != null) {
                throw new AssertionError("the line server failed", failure.get());
            }
        }
    }
}
