package io.netloop.examples.connect4;

import io.netloop.Net;
import io.netloop.examples.Args;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.swing.SwingUtilities;

/**
 * Runs Connect Four from the command line: a server (with bots, advertised on the LAN as {@value
 * Protocol#LAN_NAME}), a window, or bots alone.
 *
 * <pre>
 * server [--port 7777] [--bots 2]    a server, and bots that play each other forever
 * play tcp://host:7777 [name]        a window on a server
 * bots tcp://host:7777 4             bots that play on a server
 * </pre>
 */
public final class Connect4Main {
    private static final String USAGE =
            "server [--port 7777] [--bots N] | play tcp://host:7777 [name] | bots tcp://host:7777 N";

    private Connect4Main() {}

    /**
     * Runs the mode the arguments name; a wrong argument prints the usage and exits with 2.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) {
        Args.run(args, USAGE, a -> {
            switch (a.mode()) {
                case "server" -> serve(a.option("--port", Protocol.PORT), a.option("--bots", 2), () -> false);
                case "play" -> {
                    String uri = a.get(1, "the server's URI");
                    String name = a.getOr(2, Args.userName());
                    SwingUtilities.invokeLater(() -> Connect4Window.open(uri, name));
                }
                case "bots" -> serve(a.get(1, "the server's URI"), a.number(2, "how many bots"), () -> false);
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
            Connect4Server server = new Connect4Server(net, "tcp://0.0.0.0:" + port, System.out::println);
            byte[] info = ("Connect Four on port " + port).getBytes(StandardCharsets.UTF_8);
            net.advertise("lan://" + Protocol.LAN_NAME, info); // ends with the net
            System.out.println("Connect Four server on tcp://0.0.0.0:" + port + " with " + bots
                    + " bots, advertised on the LAN as lan://" + Protocol.LAN_NAME);
            loop("tcp://127.0.0.1:" + port, bots, stop, () -> {
                net.poll(Duration.ofMillis(5));
                server.update(System.nanoTime());
            });
        }
    }

    /** Runs bots on a server until {@code stop} says so. */
    private static void serve(String uri, int bots, BooleanSupplier stop) {
        loop(uri, bots, stop, () -> sleep(5));
    }

    private static void loop(String uri, int count, BooleanSupplier stop, Runnable each) {
        List<Net> nets = new ArrayList<>();
        List<Connect4Bot> bots = new ArrayList<>();
        try {
            for (int i = 1; i <= count; i++) {
                Net net = Net.open(Protocol.config());
                nets.add(net);
                bots.add(new Connect4Bot(net, uri, "bot" + i, 400, i));
            }
            while (!stop.getAsBoolean()) {
                each.run();
                long now = System.nanoTime();
                bots.forEach(b -> b.update(now));
            }
        } finally {
            nets.forEach(Net::close);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis); // bots alone have no server or window to pace them
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
