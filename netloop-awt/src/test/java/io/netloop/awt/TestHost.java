package io.netloop.awt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netloop.Delivery;
import io.netloop.Host;
import io.netloop.Net;
import io.netloop.NetEvent;
import io.netloop.Peer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The other side of every test: a plain {@link Net} on 127.0.0.1, polled by the test thread. */
final class TestHost implements AutoCloseable {
    static final long DEADLINE_MS = 10_000;

    private final Net net = Net.open();
    private final Host host = net.listen("tcp://127.0.0.1:0");
    private final List<NetEvent> events = new ArrayList<>();

    /** The URI a client connects to. */
    String uri() {
        return "tcp://127.0.0.1:" + host.port();
    }

    /** Polls the host until {@code done} holds, failing the test after {@value #DEADLINE_MS} ms. */
    void pollUntil(String what, BooleanSupplier done) {
        assertThat(pollWhile(DEADLINE_MS, () -> !done.getAsBoolean()))
                .as("within %d ms: %s", DEADLINE_MS, what)
                .isTrue();
    }

    /** Polls the host for {@code ms}, or until {@code going} stops holding; true if it stopped. */
    boolean pollWhile(long ms, BooleanSupplier going) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (going.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            events.addAll(net.poll(Duration.ofMillis(1)));
        }
        return true;
    }

    /** Polls until the first client has connected, and returns it. */
    Peer awaitClient() {
        pollUntil("a client connects", () -> !of(NetEvent.Type.CONNECTED).isEmpty());
        return of(NetEvent.Type.CONNECTED).get(0).peer();
    }

    /** Sends text to a client, reliably on channel 0, and writes it at once. */
    void send(Peer client, String text) {
        client.send(0, text.getBytes(StandardCharsets.UTF_8), Delivery.RELIABLE);
        net.flush();
    }

    /** The events of one type seen so far. */
    List<NetEvent> of(NetEvent.Type type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    /** The texts of the DATA events seen so far, in order. */
    List<String> texts() {
        return of(NetEvent.Type.DATA).stream().map(TestHost::text).toList();
    }

    static String text(NetEvent e) {
        return new String(e.data(), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        net.close();
    }
}
