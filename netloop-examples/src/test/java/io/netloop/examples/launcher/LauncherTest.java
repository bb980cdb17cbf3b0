package io.netloop.examples.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.netloop.Advertisement;
import io.netloop.Host;
import io.netloop.Net;
import io.netloop.examples.Screenshots;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.swing.JFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The launcher with a stand-in game: the commands it prints without a display, the servers it
 * lists from LAN discovery on this machine, and its window's buttons under Xvfb.
 */
@Timeout(30)
class LauncherTest {
    /** A game that records what the launcher asked of it. */
    static final class StandIn implements ExampleGame {
        final String lanName;
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch served = new CountDownLatch(1);

        StandIn(String lanName) {
            this.lanName = lanName;
        }

        @Override
        public String title() {
            return "Stand-in " + lanName;
        }

        @Override
        public String description() {
            return "a game for tests";
        }

        @Override
        public String lanName() {
            return lanName;
        }

        @Override
        public String scheme() {
            return "tcp";
        }

        @Override
        public int defaultPort() {
            return 7000;
        }

        @Override
        public int defaultBots() {
            return 3;
        }

        @Override
        public Class<?> mainClass() {
            return LauncherTest.class;
        }

        @Override
        public void serve(int port, int bots, BooleanSupplier stop) {
            calls.add("serve " + port + " " + bots);
            served.countDown();
            long end = System.nanoTime() + 10_000_000_000L;
            while (!stop.getAsBoolean() && System.nanoTime() - end < 0) {
                Thread.onSpinWait();
            }
            calls.add("stopped");
        }

        @Override
        public JFrame play(String uri, String name) {
            calls.add("play " + uri);
            return null;
        }
    }

    @Test
    void withoutADisplayItPrintsEachGamesServerAndBotCommands() {
        String help = Launcher.headlessHelp(List.of(new StandIn("a"), new StandIn("b")));
        assertThat(help)
                .contains("No display here")
                .contains("Stand-in a: a game for tests")
                .contains("-Dexec.mainClass=" + LauncherTest.class.getName() + " -Dexec.args=\"server --bots 3\"")
                .contains("-Dexec.args=\"bots tcp://127.0.0.1:7000 2\"");
    }

    @Test
    void serversAdvertisedOnThisMachineAreListedUnderTheirGame() throws IOException {
        StandIn game = new StandIn("netloop-launcher-test");
        String options = "?targets=127.255.255.255&ipv6=false&interval=100ms&port=" + freeUdpPort();
        try (Net server = Net.open();
                Net launcher = Net.open()) {
            Host host = server.listen("tcp://127.0.0.1:0");
            Advertisement ad = server.advertise(
                    "lan://netloop-launcher-test" + options, "Ada's room".getBytes(StandardCharsets.UTF_8));
            Advertisement other = server.advertise("lan://another-game" + options, new byte[0]);
            HostList hosts = new HostList(launcher, List.of(game));
            hosts.search(options);

            long end = System.nanoTime() + 5_000_000_000L;
            while (hosts.model().isEmpty() && System.nanoTime() - end < 0) {
                server.poll();
                launcher.poll().forEach(hosts::onEvent);
            }
            for (int i = 0; i < 50; i++) { // later answers must update the row, not add one
                server.poll();
                launcher.poll().forEach(hosts::onEvent);
            }

            assertThat(hosts.model().size()).isEqualTo(1);
            HostList.Found found = hosts.model().get(0);
            assertThat(found.game()).isSameAs(game);
            assertThat(found.host().uri()).isEqualTo("tcp://127.0.0.1:" + host.port());
            assertThat(found.toString()).endsWith(" - Ada's room");
            ad.close();
            other.close();
        }
    }

    @Test
    void itsWindowHostsAGameWithItsServerAndBotsAndJoinsIt() throws InterruptedException {
        Screenshots.assumeDisplay();
        StandIn game = new StandIn("netloop-launcher-test");
        JFrame frame = Screenshots.onEdt(() -> Launcher.open(List.of(game, new StandIn("second"))));
        try {
            Screenshots.onEdt(() -> {
                Screenshots.button(frame.getContentPane(), "Host and play").doClick();
                return null;
            });
            assertThat(game.served.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(game.calls).startsWith("serve 7000 3", "play tcp://127.0.0.1:7000");
        } finally {
            close(frame);
        }
        assertThat(game.calls).as("closing the launcher stops its servers").endsWith("stopped");
    }

    @Test
    void itOffersTheThreeGames() {
        assertThat(Games.ALL).extracting(ExampleGame::title).containsExactly("Connect Four", "Arena", "Crowd");
        assertThat(Games.ALL).extracting(ExampleGame::defaultPort).containsExactly(7777, 7778, 7779);
        Screenshots.assumeDisplay();
        JFrame frame = Screenshots.onEdt(() -> Launcher.open(Games.ALL));
        try {
            for (ExampleGame g : Games.ALL) {
                assertThat(Screenshots.onEdt(
                                () -> Screenshots.button(frame.getContentPane(), g.title() + " - " + g.description())))
                        .isNotNull();
            }
            Screenshots.capture(frame.getContentPane(), "launcher");
        } finally {
            close(frame);
        }
    }

    /** Closes the launcher as its player does, which stops its servers and its net. */
    private static void close(JFrame frame) {
        Screenshots.onEdt(() -> {
            frame.dispatchEvent(new java.awt.event.WindowEvent(frame, java.awt.event.WindowEvent.WINDOW_CLOSING));
            return null;
        });
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
