package io.netloop.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.netloop.Delivery;
import io.netloop.Net;
import io.netloop.Peer;
import io.netloop.PeerState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ChatRoomTest {
    @Test
    void everyoneHearsEveryLineInOrderAndSeesWhoJoins() {
        try (Net serverNet = Net.open(Chat.config());
                Net clientNet = Net.open(Chat.config())) {
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
    void aClientThatSendsNonsenseOrAnOverlongNameIsClosedAndTheRoomCarriesOn() {
        try (Net serverNet = Net.open(Chat.config());
                Net clientNet = Net.open(Chat.config())) {
            List<String> serverLog = new ArrayList<>();
            ChatServer room = new ChatServer(serverNet, "tcp://127.0.0.1:0", serverLog::add);
            String uri = "tcp://127.0.0.1:" + room.port();
            List<String> heard = new ArrayList<>();
            ChatClient ada = new ChatClient(clientNet, uri, "ada", heard::add);
            Peer garbage = clientNet.connect(uri);
            Peer longName = clientNet.connect(uri);
            garbage.send(Chat.PRESENCE, new byte[] {(byte) 0xc1, 1, 2}, Delivery.RELIABLE);
            // What a modified client could send: [0, "x" * 41], a Hello whose constructor refuses the name.
            byte[] overlong = new byte[4 + 41];
            overlong[0] = (byte) 0x92; // an array of two: the type id and one field
            overlong[1] = 0; // Hello's type id
            overlong[2] = (byte) 0xd9; // str 8
            overlong[3] = 41;
            java.util.Arrays.fill(overlong, 4, overlong.length, (byte) 'x');
            longName.send(Chat.PRESENCE, overlong, Delivery.RELIABLE);

            pollUntil(
                    serverNet,
                    clientNet,
                    () -> garbage.state() == PeerState.DISCONNECTED
                            && longName.state() == PeerState.DISCONNECTED
                            && serverLog.size() == 3);
            assertThat(serverLog)
                    .filteredOn(l -> l.startsWith("[server] closing"))
                    .hasSize(2);
            assertThat(serverLog).anyMatch(l -> l.contains("the constructor of Hello rejected the values"));
            ada.say("still here");
            pollUntil(serverNet, clientNet, () -> ada.linesHeard() == 1);
            assertThat(heard).contains("[ada] ada: still here");
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
