package io.netloop.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.netloop.Host;
import io.netloop.Net;
import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.PeerState;
import io.netloop.SendResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How to test your own game against a bad network: put a {@link LinkProxy} between your client and
 * your server, drive everything from one loop as your game does, and break the link when you like.
 */
class ExampleGameTest {
    /** The server's state for one player; the game hangs it on the player's Peer. */
    static final class Player {
        int points;
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void pointsScoredAroundALostConnectionAllCountForTheSamePlayer() {
        try (Net serverNet = Net.open();
                Net clientNet = Net.open()) {
            // Your server, on a free port. A short timeout makes a dead link noticed quickly.
            Host server = serverNet.listen("tcp://127.0.0.1:0?timeout=300ms");
            try (LinkProxy proxy = LinkProxy.tcp(server.localAddress())) {
                // The client dials the proxy, not the server.
                Peer toServer = clientNet.connect(proxy.uri() + "?timeout=300ms&reconnectDelay=20ms");
                List<NetEvent> clientEvents = new ArrayList<>();
                List<Player> players = new ArrayList<>();

                // One frame of the game: the proxy forwards, the server runs its rules, the client polls.
                Runnable frame = () -> {
                    proxy.pump();
                    for (NetEvent e : serverNet.poll()) {
                        switch (e.type()) {
                            case CONNECTED -> {
                                Player p = new Player();
                                players.add(p);
                                e.peer().attach(p);
                            }
                            case DATA -> e.peer().<Player>attachment().points += e.data()[0];
                            default -> {} // RECONNECTING, RECONNECTED: the Player stays attached
                        }
                    }
                    clientEvents.addAll(clientNet.poll());
                };

                toServer.send(new byte[] {10}); // 10 points, queued until connected
                // Wait for the client's CONNECTED too: a link lost in the handshake has no session yet.
                runUntil(frame, () -> toServer.state() == PeerState.CONNECTED && sumOfPoints(players) == 10);

                proxy.cut(); // both sockets are reset, as when a phone changes network
                runUntil(frame, () -> toServer.state() == PeerState.RECONNECTING);
                // Scored while the link is down: queued, and delivered once the link is back.
                assertThat(toServer.send(new byte[] {5})).isEqualTo(SendResult.QUEUED);
                runUntil(frame, () -> sumOfPoints(players) == 15);

                assertThat(players).as("the same player, not a new one").hasSize(1);
                assertThat(clientEvents)
                        .extracting(NetEvent::type)
                        .containsExactly(
                                NetEvent.Type.CONNECTED, NetEvent.Type.RECONNECTING, NetEvent.Type.RECONNECTED);
                assertThat(clientEvents.get(2).resumed()).as("nothing was lost").isTrue();
            }
        }
    }

    private static int sumOfPoints(List<Player> players) {
        return players.stream().mapToInt(p -> p.points).sum();
    }

    /** Runs frames until {@code done}, for at most five seconds: a game loop with a safety bound. */
    private static void runUntil(Runnable frame, BooleanSupplier done) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime() - end).as("frames ran out of time").isNegative();
            frame.run();
            LockSupport.parkNanos(100_000); // a real game would wait for its next frame here
        }
    }
}
