package io.netloop.examples.crowd;

import static org.assertj.core.api.Assertions.assertThat;

import io.netloop.Net;
import io.netloop.examples.Screenshots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.swing.JFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The viewer on a real display (Xvfb under .ci/run), in a crowd of 200 bots. */
@Timeout(30)
class CrowdWindowTest {
    @Test
    void theViewerDrawsTheCrowdAroundItsPlayer() {
        Screenshots.assumeDisplay();
        List<String> log = new ArrayList<>();
        try (Net hostNet = Net.open(Protocol.config());
                Net swarmNet = Net.open(Protocol.config())) {
            CrowdServer server = new CrowdServer(hostNet, "udp://127.0.0.1:0", CrowdServer.DEFAULT_BUDGET, log::add);
            String uri = "udp://127.0.0.1:" + server.host().port();
            CrowdSwarm swarm = new CrowdSwarm(swarmNet, uri, 200, 4);
            JFrame frame = Screenshots.onEdt(() -> CrowdWindow.open(uri, "viewer"));
            try {
                long end = System.nanoTime() + 3_000_000_000L;
                while (System.nanoTime() - end < 0) {
                    hostNet.poll(Duration.ofMillis(1));
                    long now = System.nanoTime();
                    server.update(now);
                    swarm.update(now);
                }
                assertThat(server.host().peers())
                        .as("200 bots and the viewer: %s", log)
                        .hasSize(201);
                Screenshots.capture(frame.getContentPane(), "crowd");
            } finally {
                Screenshots.onEdt(() -> {
                    frame.dispose();
                    return null;
                });
            }
        }
    }
}
