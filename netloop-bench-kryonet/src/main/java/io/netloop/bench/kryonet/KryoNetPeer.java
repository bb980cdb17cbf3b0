package io.netloop.bench.kryonet;

import io.netloop.bench.peer.Params;
import io.netloop.bench.peer.Result;

/**
 * KryoNet's peer program for the side-by-side benchmark; the scenarios, their arguments and the
 * {@code RESULT} line are described in {@code io.netloop.bench.peer}.
 *
 * <p>KryoNet is used as its documentation shows: a {@code Server} and {@code Client}s, each
 * running its own update thread ({@code start()}), TCP only, a registered {@code byte[]} message,
 * and {@code Listener} callbacks, which KryoNet calls on those update threads. Buffers are
 * KryoNet's defaults (a server's write buffer 16 KiB per connection, a client's 8 KiB, 2 KiB object
 * buffers) except where a scenario needs more, which its class says.
 *
 * <pre>
 * java -cp ... io.netloop.bench.kryonet.KryoNetPeer throughput messages=1000000 size=32
 * </pre>
 */
public final class KryoNetPeer {
    private KryoNetPeer() {}

    /**
     * Runs one scenario, prints its {@code RESULT} line and exits 0; on failure prints the reason to
     * standard error and exits 1. Exits explicitly, since KryoNet's server thread is not a daemon.
     *
     * @param args the scenario, then {@code key=value} pairs
     */
    public static void main(String[] args) {
        int status = 0;
        try {
            Network.quietLogging();
            run(Params.parse(args)).print();
        } catch (Exception | Error e) {
            System.err.println("KryoNetPeer failed: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static Result run(Params p) throws Exception {
        return switch (p.scenario()) {
            case "throughput" -> Throughput.run(p);
            case "latency" -> Latency.run(p);
            case "fanout" -> isHost(p) ? FanoutHost.run(p) : FanoutClients.run(p);
            case "storm" -> isHost(p) ? StormHost.run(p) : StormClients.run(p);
            default -> throw new IllegalArgumentException(
                    "unknown scenario '" + p.scenario() + "': use throughput, latency, fanout or storm");
        };
    }

    private static boolean isHost(Params p) {
        String role = p.text("role", "");
        return switch (role) {
            case "host" -> true;
            case "clients" -> false;
            default -> throw new IllegalArgumentException(
                    p.scenario() + " needs role=host or role=clients, not role=" + role);
        };
    }

    /**
     * Prints the port a host role listens on, for the harness to start the clients.
     *
     * @param port the port
     */
    static void announce(int port) {
        System.out.println("PORT " + port);
        System.out.flush();
    }
}
