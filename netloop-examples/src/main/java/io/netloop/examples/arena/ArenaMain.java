package io.netloop.examples.arena;

import io.netloop.Net;
import io.netloop.examples.Args;
import io.netloop.examples.Pace;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import javax.swing.SwingUtilities;

/**
 * Runs the arena from the command line: a server (with bots, advertised on the LAN as {@value
 * Protocol#LAN_NAME}), a window, or bots alone.
 *
 * <pre>
 * server [--port 7778] [--bots 3]    a server at 30 ticks a second, and bots that fight
 * play udp://host:7778 [name]        a window on a server
 * bots udp://host:7778 4             bots that fight on a server
 * </pre>
 */
public final class ArenaMain {
    private static final String USAGE =
            "server [--port 7778] [--bots N] | play udp://host:7778 [name] | bots udp://host:7778 N";

    private ArenaMain() {}

    /**
     * Runs the mode the arguments name; a wrong argument prints the usage and exits with 2.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) {
        Args.run(args, USAGE, a -> {
            switch (a.mode()) {
                case "server" -> serve(a.option("--port", Protocol.PORT), a.option("--bots", 3), () -> false);
                case "play" -> {
                    String uri = a.get(1, "the server's URI");
                    String name = a.getOr(2, Args.userName());
                    SwingUtilities.invokeLater(() -> ArenaWindow.open(uri, name));
                }
                case "bots" -> bots(
                        a.get(1, "the server's URI"), a.number(2, "how many bots"), () -> false, now -> Pace.sleep(2));
                default -> throw new IllegalArgumentException("unknown mode '" + a.mode() + "'");
            }
        });
    }

    /**
     * Runs a server on every interface, advertised on the LAN, with bots, in one loop on the calling
     * thread, until {@code stop} says so.
     *
     * @param port the port
     * @param bots how many bots
     * @param stop asked once a loop
     */
    public static void serve(int port, int bots, BooleanSupplier stop) {
        try (Net net = Net.open(Protocol.config())) {
            ArenaServer server = new ArenaServer(net, "udp://0.0.0.0:" + port, System.out::println);
            byte[] info = ("Arena on port " + port).getBytes(StandardCharsets.UTF_8);
            net.advertise("lan://" + Protocol.LAN_NAME, info); // ends with the net
            System.out.println("Arena server on udp://0.0.0.0:" + port + " with " + bots
                    + " bots, advertised on the LAN as lan://" + Protocol.LAN_NAME);
            bots("udp://127.0.0.1:" + port, bots, stop, now -> {
                net.poll(Duration.ofMillis(2));
                server.update(now);
            });
        }
    }

    private static void bots(String uri, int count, BooleanSupplier stop, LongConsumer frame) {
        Pace.run(
                count,
                () -> Net.open(Protocol.config()),
                (net, i) -> new ArenaBot(net, uri, "bot" + i, i)::update,
                frame,
                stop);
    }
}
