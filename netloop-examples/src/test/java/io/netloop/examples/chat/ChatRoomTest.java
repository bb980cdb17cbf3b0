package io.netloop.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.netloop.Net;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ChatRoomTest {
    @Test
    void everyoneHearsEveryLineInOrderAndSeesWhoJoins() {
        try (Net serverNet = Net.open();
                Net clientNet = Net.open()) {
            List<String> serverLog = new ArrayList<>();
            ChatServer room = new ChatServer(serverNet, "tcp://127.0.0.1:0", serverLog::add);
            String uri = "tcp://127.0.0.1:" + room.port();
            List<String> heard = new ArrayList<>();
            ChatClient ada = new ChatClient(clientNet, uri, "ada", heard::add);
            ChatClient bob = new ChatClient(clientNet, uri, "bob", heard::add);
            pollUntil(serverNet, clientNet, () -> serverLog.size() == 2);

            for (int i = 0; i < 50; i++) {
                ada.say("line " + i);
            }
            bob.say("done");
            pollUntil(serverNet, clientNet, () -> ada.linesHeard() == 51 && bob.linesHeard() == 51);

            List<String> bobHeard =
                    heard.stream().filter(l -> l.startsWith("[bob] ada: ")).toList();
            assertThat(bobHeard).hasSize(50);
            assertThat(bobHeard.get(0)).isEqualTo("[bob] ada: line 0");
            assertThat(bobHeard.get(49)).isEqualTo("[bob] ada: line 49");

            bob.leave();
            pollUntil(serverNet, clientNet, () -> !bob.isConnected() && heard.contains("[ada] * LEAVE bob"));
            assertThat(serverLog).anyMatch(l -> l.contains("bob left (CLOSED_BY_PEER)"));
        }
    }

    @Test
    void theDemoRunsToTheEnd() {
        ChatDemo.demo();
    }

    private static void pollUntil(Net a, Net b, java.util.function.BooleanSupplier done) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < end) {
            a.poll(Duration.ofMillis(1));
            b.poll(Duration.ofMillis(1));
        }
        assertThat(done.getAsBoolean()).as("condition reached within 10 s").isTrue();
    }
}
