/**
 * The contract between the benchmark harness ({@code io.netloop.bench.Harness}) and the peer
 * programs, one per library measured: netloop ({@code io.netloop.bench.NetloopPeer}), a raw
 * {@code java.nio} baseline ({@code io.netloop.bench.RawPeer}), KryoNet ({@code
 * io.netloop.bench.kryonet.KryoNetPeer}) and Netty ({@code io.netloop.bench.netty.NettyPeer}). Each
 * peer runs in a JVM of its own, from its own module's classpath, so that no library shares a
 * classpath with another.
 *
 * <p>A peer is run as {@code java -cp <its classpath> <main class> <scenario> key=value ...}. It
 * connects only to 127.0.0.1, bounds every loop in count and time ({@code limitSeconds}, default
 * 60), prints exactly one {@code RESULT key=value ...} line ({@link io.netloop.bench.peer.Result})
 * on success, and exits 0; on failure it prints the reason to standard error and exits non-zero.
 * Messages are opaque byte arrays of {@code size} bytes (or the library's cheapest equivalent: a
 * byte[] message for KryoNet), framed by the library; the receiving side decodes each frame and
 * counts messages, never raw bytes.
 *
 * <ul>
 *   <li>{@code throughput messages=2000000 size=32} — a host and one client in this JVM, each on
 *       its own thread; the client sends as fast as the library lets it (respecting its
 *       backpressure the library's own way), the host counts. Measured from the first send to the
 *       last message counted. Prints {@code messagesPerSecond messages seconds}. Library modes:
 *       Netty {@code flush=each|batched}; netloop {@code transport=tcp|udp},
 *       {@code delivery=RELIABLE|UNRELIABLE}, {@code loss=0.01} (udp, simulated on the client).
 *   <li>{@code latency rounds=100000 warmup=20000 size=32} — ping-pong in this JVM: the client
 *       sends one message, the host echoes it, the client sends the next when the echo arrives.
 *       Round trips in {@link io.netloop.bench.peer.Measure#rttHistogram()}. Prints {@code p50Micros
 *       p99Micros p999Micros}.
 *   <li>{@code fanout role=host clients=500 hz=20 seconds=10 size=64} — in a JVM of its own: bind
 *       127.0.0.1 on any port and print {@code PORT <n>}; measure {@link
 *       io.netloop.bench.peer.Measure#heapAfterGc()} and {@link
 *       io.netloop.bench.peer.Measure#rssBytes()} before the clients come and again once all are
 *       connected; then broadcast a {@code size}-byte message to every client {@code hz} times a
 *       second for {@code seconds}, and close. Prints {@code hostCpuSeconds} (process CPU during the
 *       broadcasts), {@code heapPerConnectionBytes}, {@code rssPerConnectionBytes}, {@code sent}.
 *   <li>{@code fanout role=clients clients=500 port=<n> hz=20 seconds=10} — in another JVM:
 *       connect that many clients, count what they receive until the host closes them (or {@code
 *       seconds + 10} pass). Prints {@code delivered deliveredPerSecond missed} (missed = {@code hz *
 *       seconds * clients - delivered}).
 *   <li>{@code storm role=host clients=1000} and {@code storm role=clients clients=1000 port=<n>} —
 *       the clients JVM starts all connects at once and measures until every one is connected (the
 *       library's connected event). Prints {@code seconds connections}; the host exits once all
 *       clients have connected and gone, or at {@code limitSeconds}.
 * </ul>
 *
 * The harness raises the open-file limit it needs before it starts the JVMs.
 */
package io.netloop.bench.peer;
