package io.netloop.bench;

import io.netloop.bench.peer.Params;
import io.netloop.bench.peer.Result;
import java.util.function.IntConsumer;

/**
 * What the netloop and raw peer programs share: running one scenario from the command line as the
 * contract in {@code io.netloop.bench.peer} says (one {@code RESULT} line and exit 0, or the reason
 * on standard error and exit 1), and the deadline every loop checks.
 */
final class PeerProgram {
    /** One peer's scenarios. */
    interface Scenarios {
        /**
         * Runs the scenario {@code params} names.
         *
         * @param params the scenario and its arguments
         * @param announce told the bound port by a host role, before it waits for clients
         * @return the measurements
         * @throws Exception if the scenario cannot be run or does not finish in time
         */
        Result run(Params params, IntConsumer announce) throws Exception;
    }

    private PeerProgram() {}

    /** Runs a scenario as a program: prints {@code PORT}, then the result, and exits. */
    static void main(String name, String[] args, Scenarios scenarios) {
        int status = 0;
        try {
            Result result = scenarios.run(Params.parse(args), port -> {
                System.out.println("PORT " + port);
                System.out.flush();
            });
            result.print();
        } catch (Exception | Error e) {
            System.err.println(name + " failed: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // also ends threads a failed scenario may have left behind
    }

    /**
     * When the scenario must give up, from {@code limitSeconds} (default 60).
     *
     * @return a {@link System#nanoTime()} deadline
     */
    static long deadline(Params p) {
        return System.nanoTime() + p.number("limitSeconds", 60) * 1_000_000_000L;
    }

    static boolean before(long deadline) {
        return System.nanoTime() - deadline < 0;
    }

    /** The {@code role} of a two-process scenario: {@code host} or {@code clients}. */
    static boolean isHost(Params p) {
        String role = p.text("role", "");
        return switch (role) {
            case "host" -> true;
            case "clients" -> false;
            default -> throw new IllegalArgumentException(
                    p.scenario() + " needs role=host or role=clients, not role=" + role);
        };
    }

    static IllegalArgumentException unknown(Params p) {
        return new IllegalArgumentException(
                "unknown scenario '" + p.scenario() + "': use throughput, latency, fanout or storm");
    }

    static IllegalStateException timedOut(String what, Params p) {
        return new IllegalStateException(
                what + " within limitSeconds=" + p.number("limitSeconds", 60) + "; raise it or lower the sizes");
    }
}
