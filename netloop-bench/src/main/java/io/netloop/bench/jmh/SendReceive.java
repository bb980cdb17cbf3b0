package io.netloop.bench.jmh;

import io.netloop.Delivery;
import io.netloop.Host;
import io.netloop.Listener;
import io.netloop.Net;
import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.SendResult;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole hot path of one message, sent and received over loopback by two {@link Net}s polled
 * from the benchmark thread: framing and the gathering write on one side, the read, the frame
 * parsing (and over {@code udp://} the acknowledgements, loss bookkeeping and, for large messages,
 * fragmentation and reassembly) on the other. With {@code -prof gc}, {@code gc.alloc.rate.norm} is
 * the garbage per message sent and received.
 *
 * <pre>
 * java -cp ... org.openjdk.jmh.Main SendReceive -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SendReceive {
    private static final int BATCH = 1_000;

    /** The transport and the kind of message. */
    @Param({"tcp", "udp", "udp-fragmented"})
    public String transport;

    private Net hostNet;
    private Net clientNet;
    private Peer client;
    private byte[] message;
    private Delivery delivery;
    private long received;

    /** Connects a client to a host. */
    @Setup(Level.Trial)
    public void connect() {
        hostNet = Net.open();
        clientNet = Net.open();
        String scheme = transport.startsWith("udp") ? "udp" : "tcp";
        Host host = hostNet.listen(scheme + "://127.0.0.1:0", new Listener() {
            @Override
            public void onReceive(Peer peer, int channel, ByteBuffer data, long sequence) {
                received++;
            }
        });
        client = clientNet.connect(scheme + "://127.0.0.1:" + host.port());
        message = new byte[transport.equals("udp-fragmented") ? 8_000 : 32];
        delivery = Delivery.RELIABLE;
        long end = System.nanoTime() + 5_000_000_000L;
        boolean connected = false;
        while (!connected && System.nanoTime() < end) {
            hostNet.poll();
            for (NetEvent e : clientNet.poll()) {
                connected |= e.type() == NetEvent.Type.CONNECTED;
            }
        }
        if (!connected) {
            throw new IllegalStateException("could not connect over " + scheme);
        }
    }

    /** Closes both networks. */
    @TearDown(Level.Trial)
    public void close() {
        clientNet.close();
        hostNet.close();
    }

    /**
     * Sends a batch of messages and polls both sides until the host has them all.
     *
     * @return the messages received, so that nothing is optimised away
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long sendAndReceive() {
        long target = received + BATCH;
        int sent = 0;
        while (received < target) {
            while (sent < BATCH && client.send(0, message, delivery) == SendResult.QUEUED) {
                sent++;
            }
            clientNet.poll();
            hostNet.poll();
        }
        return received;
    }
}
