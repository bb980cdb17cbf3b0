package io.netloop.examples.arena;

import static org.assertj.core.api.Assertions.assertThat;

import io.netloop.Net;
import io.netloop.examples.Screenshots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.swing.JFrame;
import javax.swing.JSlider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The window on a real display (Xvfb under .ci/run), against a server with two bots. */
@Timeout(30)
class ArenaWindowTest {
    @Test
    void theWindowDrawsTheArenaTheSimulatorAndTheGraph() {
        Screenshots.assumeDisplay();
        List<String> log = new ArrayList<>();
        try (Net serverNet = Net.open(Protocol.config());
                Net botNets = Net.open(Protocol.config());
                Net otherBotNet = Net.open(Protocol.config())) {
            ArenaServer server = new ArenaServer(serverNet, "udp://127.0.0.1:0", log::add);
            String uri = "udp://127.0.0.1:" + server.host().port();
            List<ArenaBot> bots =
                    List.of(new ArenaBot(botNets, uri, "ada", 1), new ArenaBot(otherBotNet, uri, "bob", 2));
            JFrame frame = Screenshots.onEdt(() -> ArenaWindow.open(uri, "you"));
            try {
                JSlider latency = Screenshots.onEdt(() -> Screenshots.find(frame.getContentPane(), JSlider.class));
                Screenshots.onEdt(() -> {
                    latency.setValue(40); // the window's own link: 40 ms each way
                    return null;
                });
                long end = System.nanoTime() + 3_000_000_000L;
                while (System.nanoTime() - end < 0) {
                    serverNet.poll(Duration.ofMillis(2));
                    long now = System.nanoTime();
                    server.update(now);
                    bots.forEach(b -> b.update(now));
                }
                assertThat(server.scores())
                        .as("two bots and the window's player: %s", log)
                        .hasSize(3);
                assertThat(server.shots()).as("the bots fought").isPositive();
                Screenshots.capture(frame.getContentPane(), "arena");
            } finally {
                Screenshots.onEdt(() -> {
                    frame.dispose();
                    return null;
                });
            }
        }
    }
}
