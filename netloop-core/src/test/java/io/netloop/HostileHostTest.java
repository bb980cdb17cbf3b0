package io.netloop;

import static io.netloop.WireBytes.HELLO;
import static io.netloop.WireBytes.VERSION;
import static io.netloop.WireBytes.WELCOME;
import static io.netloop.WireBytes.ascii;
import static io.netloop.WireBytes.greeting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A netloop client that reaches something other than a working netloop host (an HTTP server, another
 * game, another protocol version, a host that never answers) ends with one DISCONNECTED that says
 * why, and never with CONNECTED. The other side of {@link HostileInputTest}.
 */
@Timeout(30)
class HostileHostTest {
    private static final String APP = "netloop"; // NetConfig's default application id

    private final Net clientNet = Net.open();
    private final Loop loop = new Loop(clientNet);

    @AfterEach
    void close() {
        clientNet.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongAnswers")
    void clientOfAHostThatAnswersWrongEndsWithProtocolError(String name, byte[] answer) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            fake.setSoTimeout(10_000);
            Thread server = new Thread(() -> answerOnce(fake, answer, failure), "fake-host");
            server.start();

            Peer peer = clientNet.connect("tcp://127.0.0.1:" + fake.getLocalPort());
            assertThat(loop.until(() -> peer.state() == PeerState.DISCONNECTED)).isTrue();

            assertThat(loop.events(clientNet)).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo(NetEvent.Type.DISCONNECTED);
                assertThat(e.reason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR);
            });
            server.join(10_000);
            assertThat(server.isAlive()).isFalse();
            assertThat(failure.get()).isNull();
        }
    }

    static Stream<Arguments> wrongAnswers() {
        return Stream.of(
                arguments("an HTTP server", ascii("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")),
                arguments("a WELCOME from another application", greeting(VERSION, WELCOME, "other")),
                arguments("a WELCOME of another protocol version", greeting(VERSION + 1, WELCOME, APP)),
                arguments("a HELLO instead of a WELCOME", greeting(VERSION, HELLO, APP)));
    }

    @Test
    void silentHostTimesTheClientOutAfterTheConnectTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            // never accepted: the kernel completes the TCP connect, and nobody ever answers the HELLO
            Peer peer = clientNet.connect("tcp://127.0.0.1:" + silent.getLocalPort() + "?connectTimeout=300ms");

            assertThat(loop.until(() -> peer.state() == PeerState.DISCONNECTED)).isTrue();

            assertThat(loop.events(clientNet))
                    .singleElement()
                    .extracting(NetEvent::reason)
                    .isEqualTo(DisconnectReason.TIMEOUT);
        }
    }

    /** A fake host: reads the client's HELLO, answers {@code answer}, waits for the client to hang up. */
    private static void answerOnce(ServerSocket fake, byte[] answer, AtomicReference<Throwable> failure) {
        try (Socket s = fake.accept()) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[512];
            in.read(buf);
            s.getOutputStream().write(answer);
            while (in.read(buf) >= 0) {
                // until the client hangs up
            }
        } catch (IOException | RuntimeException e) {
            failure.set(e);
        }
    }
}
