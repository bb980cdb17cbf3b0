package io.netloop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netloop.bench.peer.Params;
import io.netloop.bench.peer.Result;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A smoke run of the netloop and raw peers, so that they cannot rot: every scenario, with tiny
 * sizes, produces its RESULT line. How fast is the harness's business, not this test's.
 */
@Timeout(60)
class PeersTest {
    private static final PeerProgram.Scenarios NETLOOP = NetloopPeer::run;
    private static final PeerProgram.Scenarios RAW = RawPeer::run;

    static Stream<Arguments> inJvmScenarios() {
        String throughput = "throughput messages=20000 size=32 limitSeconds=20";
        String latency = "latency rounds=300 warmup=100 size=32 limitSeconds=20";
        return Stream.of(
                Arguments.of("netloop", NETLOOP, throughput + " transport=tcp path=handler", "messagesPerSecond"),
                Arguments.of("netloop", NETLOOP, throughput + " transport=tcp path=events", "messagesPerSecond"),
                Arguments.of("netloop", NETLOOP, throughput + " transport=udp delivery=RELIABLE", "messagesPerSecond"),
                Arguments.of(
                        "netloop", NETLOOP, throughput + " transport=udp delivery=UNRELIABLE", "messagesPerSecond"),
                Arguments.of("netloop", NETLOOP, throughput + " transport=udp loss=0.05", "messagesPerSecond"),
                Arguments.of("netloop", NETLOOP, latency + " transport=tcp", "p50Micros"),
                Arguments.of("netloop", NETLOOP, latency + " transport=udp poll=wait", "p50Micros"),
                Arguments.of("raw", RAW, throughput, "messagesPerSecond"),
                Arguments.of("raw", RAW, latency, "p50Micros"));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("inJvmScenarios")
    void inJvmScenarioPrintsAResult(String name, PeerProgram.Scenarios peer, String args, String key) throws Exception {
        Result result = peer.run(params(args), port -> {
            throw new AssertionError("an in-JVM scenario announced a port");
        });
        assertThat(line(result)).startsWith("RESULT ").contains(" " + key + "=");
    }

    static Stream<Arguments> twoRoleScenarios() {
        String fanout = "fanout clients=5 hz=20 seconds=1 size=64 limitSeconds=20";
        String storm = "storm clients=20 limitSeconds=20";
        return Stream.of(
                Arguments.of("netloop", NETLOOP, fanout, "hostCpuSeconds", "deliveredPerSecond"),
                Arguments.of("netloop", NETLOOP, fanout + " transport=udp", "hostCpuSeconds", "deliveredPerSecond"),
                Arguments.of("netloop", NETLOOP, storm, "connections", "seconds"),
                Arguments.of("netloop", NETLOOP, storm + " transport=udp", "connections", "seconds"),
                Arguments.of("raw", RAW, fanout, "hostCpuSeconds", "deliveredPerSecond"),
                Arguments.of("raw", RAW, storm, "connections", "seconds"));
    }

    /** The host role on a thread of its own, the clients role on the test's thread, as two JVMs would run. */
    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("twoRoleScenarios")
    void hostAndClientsEachPrintAResult(
            String name, PeerProgram.Scenarios peer, String args, String hostKey, String clientsKey) throws Exception {
        ExecutorService hostThread = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Future<Result> host = hostThread.submit(() -> peer.run(params(args + " role=host"), port::complete));
            int bound = port.get(20, TimeUnit.SECONDS);
            Result clients = peer.run(params(args + " role=clients port=" + bound), p -> {});
            assertThat(line(clients)).startsWith("RESULT ").contains(" " + clientsKey + "=");
            assertThat(line(host.get(30, TimeUnit.SECONDS)))
                    .startsWith("RESULT ")
                    .contains(" " + hostKey + "=");
        } finally {
            hostThread.shutdownNow();
        }
    }

    private static Params params(String args) {
        return Params.parse(args.trim().split("\\s+"));
    }

    /** The line {@link Result#print()} writes, caught on its way to standard output. */
    private static synchronized String line(Result result) {
        PrintStream out = System.out;
        ByteArrayOutputStream caught = new ByteArrayOutputStream();
        System.setOut(new PrintStream(caught, true, StandardCharsets.UTF_8));
        try {
            result.print();
        } finally {
            System.setOut(out);
        }
        String text = caught.toString(StandardCharsets.UTF_8);
        out.print(text); // the figures are worth seeing in the test log
        return text.trim();
    }
}
