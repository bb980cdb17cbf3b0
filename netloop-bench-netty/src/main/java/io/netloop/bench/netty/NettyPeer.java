package io.netloop.bench.netty;

import io.netloop.bench.peer.Params;
import io.netloop.bench.peer.Result;
import io.netty.util.ResourceLeakDetector;

/**
 * The Netty 4.1 peer of the side-by-side benchmark: runs one scenario of the peer contract ({@code
 * io.netloop.bench.peer}) and prints its {@code RESULT} line.
 *
 * <p>Netty is tuned as an expert would tune it for small messages, on the JDK's own NIO like every
 * other peer: one event loop thread per side, pooled direct buffers, {@code TCP_NODELAY}, 4-byte
 * length-field framing, void promises on the hot paths, and the buffer leak detector off (it
 * samples allocations; {@code -Dio.netty.leakDetection.level=paranoid} turns it back on to check
 * that every buffer is released). Modes beyond the contract: {@code throughput flush=each|batched}
 * and {@code fanout role=host broadcast=loop|group}.
 *
 * <pre>
 * java -cp ... io.netloop.bench.netty.NettyPeer throughput messages=2000000 size=32 flush=batched
 * </pre>
 */
public final class NettyPeer {
    private NettyPeer() {}

    /**
     * Runs the scenario the arguments name; exits 0 after printing its result, or 1 after printing
     * why it failed to standard error.
     *
     * @param args the scenario, then {@code key=value} pairs
     */
    public static void main(String[] args) {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        try {
            run(Params.parse(args)).print();
        } catch (Throwable e) { // an Error too must end the JVM with a reason, not leave loops running
            System.err.println("NettyPeer " + String.join(" ", args) + " failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static Result run(Params params) throws InterruptedException {
        switch (params.scenario()) {
            case "throughput":
                return Throughput.run(params);
            case "latency":
                return Latency.run(params);
            case "fanout":
                return isHost(params) ? FanoutHost.run(params) : FanoutClients.run(params);
            case "storm":
                return isHost(params) ? StormHost.run(params) : StormClients.run(params);
            default:
                throw new IllegalArgumentException(
                        "scenario '" + params.scenario() + "' is not throughput, latency, fanout or storm");
        }
    }

    private static boolean isHost(Params params) {
        String role = params.text("role", "");
        switch (role) {
            case "host":
                return true;
            case "clients":
                return false;
            default:
                throw new IllegalArgumentException("role=" + role + " is not host or clients");
        }
    }
}
