package io.netloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class SmokeTest {
    @Test
    void helloRoundTrip() {
        try (Net server = Net.open();
                Net client = Net.open()) {
            Host host = server.listen("tcp://127.0.0.1:0");
            Peer p = client.connect("tcp://127.0.0.1:" + host.port());
            p.send(3, "hello".getBytes(StandardCharsets.UTF_8), Delivery.RELIABLE);
            List<NetEvent> seen = new ArrayList<>();
            List<NetEvent> cl = new ArrayList<>();
            long end = System.nanoTime() + 5_000_000_000L;
            while (seen.size() < 2 && System.nanoTime() < end) {
                seen.addAll(server.poll(Duration.ofMillis(10)));
                cl.addAll(client.poll());
            }
            assertThat(seen).extracting(NetEvent::type).containsExactly(NetEvent.Type.CONNECTED, NetEvent.Type.DATA);
            assertThat(new String(seen.get(1).data(), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(seen.get(1).channel()).isEqualTo(3);
            Peer sp = seen.get(0).peer();
            sp.close();
            List<NetEvent> sv = new ArrayList<>();
            while ((cl.size() < 2 || sv.isEmpty()) && System.nanoTime() < end) {
                sv.addAll(server.poll(Duration.ofMillis(5)));
                cl.addAll(client.poll(Duration.ofMillis(5)));
            }
            System.out.println(cl + " / " + sv);
            assertThat(cl)
                    .extracting(NetEvent::type)
                    .containsExactly(NetEvent.Type.CONNECTED, NetEvent.Type.DISCONNECTED);
            assertThat(cl.get(1).reason()).isEqualTo(DisconnectReason.CLOSED_BY_PEER);
            assertThat(sv).extracting(NetEvent::reason).containsExactly(DisconnectReason.CLOSED);
        }
    }
}
