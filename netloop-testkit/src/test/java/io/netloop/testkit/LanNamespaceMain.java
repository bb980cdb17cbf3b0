package io.netloop.testkit;

import io.netloop.Net;
import io.netloop.NetEvent;
import io.netloop.Peer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One side of {@link LanNamespaceTest}, run in a network namespace of its own: {@code advertise}
 * listens and advertises {@code lan://ns-game} until killed (at most 60 s); {@code discover} asks
 * with the default targets, connects with {@code lan://ns-game}, prints what it found and exits 0
 * once connected, or 1 after 20 s.
 */
final class LanNamespaceMain {
    private LanNamespaceMain() {}

    public static void main(String[] args) {
        try (Net net = Net.open()) {
            long end = System.nanoTime()
                    + Duration.ofSeconds(args[0].equals("advertise") ? 60 : 20).toNanos();
            if (args[0].equals("advertise")) {
                net.listen("udp://0.0.0.0:0");
                net.advertise("lan://ns-game", "from the other namespace".getBytes(StandardCharsets.UTF_8));
                System.out.println("ADVERTISING");
                while (System.nanoTime() < end) {
                    net.poll(Duration.ofMillis(100));
                }
                return;
            }
            net.discover("lan://ns-game?interval=200ms");
            Peer peer = net.connect("lan://ns-game");
            boolean found = false;
            while (System.nanoTime() < end) {
                for (NetEvent e : net.poll(Duration.ofMillis(100))) {
                    if (e.type() == NetEvent.Type.DISCOVERED) {
                        found = true;
                        System.out.println("DISCOVERED " + e.lanHost().uri() + " "
                                + new String(e.lanHost().info(), StandardCharsets.UTF_8));
                    } else if (e.type() == NetEvent.Type.CONNECTED && e.peer() == peer) {
                        System.out.println("CONNECTED " + peer.remoteAddress());
                    } else if (e.type() == NetEvent.Type.DISCONNECTED) {
                        System.out.println("DISCONNECTED " + e.reason() + " " + e.detail());
                    }
                }
                if (found && peer.state() == io.netloop.PeerState.CONNECTED) {
                    System.exit(0);
                }
            }
        }
        System.exit(1);
    }
}
