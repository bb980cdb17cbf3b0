package io.netloop.examples.launcher;

import io.netloop.examples.arena.ArenaMain;
import io.netloop.examples.arena.ArenaWindow;
import io.netloop.examples.connect4.Connect4Main;
import io.netloop.examples.connect4.Connect4Window;
import io.netloop.examples.crowd.CrowdMain;
import io.netloop.examples.crowd.CrowdServer;
import io.netloop.examples.crowd.CrowdWindow;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import javax.swing.JFrame;

/** The example games the launcher offers. */
final class Games {
    /** Serves one game: port, bots, stop. */
    private interface Server {
        void serve(int port, int bots, BooleanSupplier stop);
    }

    /** A game described by its parts. */
    private record Game(
            String title,
            String description,
            String lanName,
            String scheme,
            int defaultPort,
            int defaultBots,
            Class<?> mainClass,
            Server server,
            BiFunction<String, String, JFrame> window)
            implements ExampleGame {
        @Override
        public void serve(int port, int bots, BooleanSupplier stop) {
            server.serve(port, bots, stop);
        }

        @Override
        public JFrame play(String uri, String name) {
            return window.apply(uri, name);
        }
    }

    static final List<ExampleGame> ALL = List.of(
            new Game(
                    "Connect Four",
                    "turns, a lobby, spectators, chat; a lost link keeps your seat",
                    io.netloop.examples.connect4.Protocol.LAN_NAME,
                    "tcp",
                    io.netloop.examples.connect4.Protocol.PORT,
                    1,
                    Connect4Main.class,
                    Connect4Main::serve,
                    Connect4Window::open),
            new Game(
                    "Arena",
                    "fast action over udp: prediction, reconciliation, interpolation, a network simulator",
                    io.netloop.examples.arena.Protocol.LAN_NAME,
                    "udp",
                    io.netloop.examples.arena.Protocol.PORT,
                    3,
                    ArenaMain.class,
                    ArenaMain::serve,
                    ArenaWindow::open),
            new Game(
                    "Crowd",
                    "hundreds of players: interest management and a bandwidth budget",
                    io.netloop.examples.crowd.Protocol.LAN_NAME,
                    "udp",
                    io.netloop.examples.crowd.Protocol.PORT,
                    300,
                    CrowdMain.class,
                    (port, bots, stop) ->
                            CrowdMain.serve("udp://0.0.0.0:" + port, bots, CrowdServer.DEFAULT_BUDGET, 5, 5, stop),
                    CrowdWindow::open));

    private Games() {}
}
