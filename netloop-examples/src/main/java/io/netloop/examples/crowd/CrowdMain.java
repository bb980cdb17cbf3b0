package io.netloop.examples.crowd;

import io.netloop.Net;
import io.netloop.examples.Args;
import io.netloop.examples.Pace;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import javax.swing.SwingUtilities;

/**
 * Runs the crowd from the command line.
 *
 * <pre>
 * server [--port 7779] [--bots 500] [--budget 6000]   a host (printing its figures every 5 s)
 *                                                     and a bot swarm on a second thread
 * play udp://host:7779 [name]                         the viewer window on a host
 * bots udp://host:7779 500                            a bot swarm on one net
 * bench [--bots 500] [--seconds 30]                   host and swarm, then the host's figures
 * </pre>
 *
 * <p>The host and the swarm each run on a thread of their own with a net of their own, so the
 * host's CPU figure is its thread's alone.
 */
public final class CrowdMain {
    private static final String USAGE = "server [--port 7779] [--bots N] [--budget BYTES] | play udp://host:7779 [name]"
            + " | bots udp://host:7779 N | bench [--bots 500] [--seconds 30]";

    private CrowdMain() {}

    /**
     * Runs the mode the arguments name; a wrong argument prints the usage and exits with 2.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) {
        Args.run(args, USAGE, a -> {
            switch (a.mode()) {
                case "server" -> serve(
                        "udp://0.0.0.0:" + a.option("--port", Protocol.PORT),
                        a.option("--bots", 500),
                        a.option("--budget", CrowdServer.DEFAULT_BUDGET),
                        5,
                        5,
                        () -> false);
                case "play" -> {
                    String uri = a.get(1, "the server's URI");
                    String name = a.getOr(2, Args.userName());
                    SwingUtilities.invokeLater(() -> CrowdWindow.open(uri, name));
                }
                case "bots" -> swarm(a.get(1, "the server's URI"), a.number(2, "how many bots"), () -> false);
                case "bench" -> bench(a.option("--bots", 500), a.option("--seconds", 30));
                default -> throw new IllegalArgumentException("unknown mode '" + a.mode() + "'");
            }
        });
    }

    /**
     * Runs a host on the calling thread and a swarm of bots on a second thread until {@code stop};
     * prints the host's figures every {@code every} seconds.
     *
     * @param listen where the host listens, e.g. {@code udp://0.0.0.0:7779}; a host on every
     *     interface is advertised on the LAN
     * @param bots how many bots
     * @param budget each client's budget, in bytes a second
     * @param settle seconds to let the bots connect before the figures start counting
     * @param every seconds between two reports after that
     * @param stop asked once a loop
     * @return the last report, or null if none was made
     */
    public static CrowdStats.Report serve(
            String listen, int bots, int budget, int settle, int every, BooleanSupplier stop) {
        AtomicBoolean hostDone = new AtomicBoolean();
        Thread swarm = null;
        try (Net net = Net.open(Protocol.config())) {
            CrowdServer server = new CrowdServer(net, listen, budget, System.out::println);
            int port = server.host().port();
            if (listen.startsWith("udp://0.0.0.0")) {
                net.advertise("lan://" + Protocol.LAN_NAME, ("Crowd on port " + port).getBytes(StandardCharsets.UTF_8));
            }
            System.out.println(
                    "Crowd host on " + listen + " with " + bots + " bots, " + budget + " bytes a second per client");
            swarm = new Thread(() -> swarm("udp://127.0.0.1:" + port, bots, hostDone::get), "crowd-swarm");
            swarm.start();
            long reportAt = System.nanoTime() + settle * 1_000_000_000L;
            boolean settled = false;
            CrowdStats.Report last = null;
            while (!stop.getAsBoolean()) {
                net.poll(Duration.ofMillis(2));
                long now = System.nanoTime();
                server.update(now);
                if (now - reportAt >= 0) {
                    CrowdStats.Report report = server.report(now); // counting starts anew
                    if (settled) {
                        System.out.println(report);
                        last = report;
                    }
                    settled = true;
                    reportAt = now + every * 1_000_000_000L;
                }
            }
            return last;
        } finally {
            hostDone.set(true);
            if (swarm != null) {
                join(swarm);
            }
        }
    }

    private static void swarm(String uri, int count, BooleanSupplier stop) {
        if (count == 0) {
            return;
        }
        try (Net net = Net.open(Protocol.config())) {
            CrowdSwarm swarm = new CrowdSwarm(net, uri, count, System.nanoTime());
            while (!stop.getAsBoolean()) {
                swarm.update(System.nanoTime());
                Pace.sleep(1);
            }
        }
    }

    /** Host and swarm on 127.0.0.1: ten seconds to connect and settle, then one measured stretch. */
    private static void bench(int bots, int seconds) {
        System.out.println("settling for 10 s, then measuring for " + seconds + " s");
        long end = System.nanoTime() + (10L + seconds) * 1_000_000_000L + 500_000_000L;
        CrowdStats.Report r = serve(
                "udp://127.0.0.1:0", bots, CrowdServer.DEFAULT_BUDGET, 10, seconds, () -> System.nanoTime() - end >= 0);
        System.out.println("RESULT " + r);
    }

    private static void join(Thread thread) {
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
