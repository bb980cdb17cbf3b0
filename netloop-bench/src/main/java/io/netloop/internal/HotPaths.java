package io.netloop.internal;

import io.netloop.Delivery;
import io.netloop.Listener;
import io.netloop.NetConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Micro-benchmarks of the hot paths in isolation, no socket in the measured code: TCP framing
 * (frames appended to an outbound queue and gathered into a write), UDP acknowledgement work (a
 * packet number recorded and an ACK frame written for it), and UDP reassembly (a message of eight
 * fragments put together and delivered). It lives in {@code io.netloop.internal} to reach the
 * package's classes; on the classpath that is allowed. With {@code -prof gc}, {@code
 * gc.alloc.rate.norm} is the garbage per message or packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HotPaths {
    private static final int BATCH = 1_000;

    private RealNet net;
    private OutboundQueue queue;
    private final byte[] payload = new byte[32];
    private final byte[] header = new byte[Wire.DATA_HEADER];
    private final GatheringByteChannel sink = new Sink();
    private UdpPeer peer;
    private int packet;
    private int sequence;
    private final ByteBuffer ackBuffer = ByteBuffer.allocate(1500);
    private final ByteBuffer fragmentBuffer = ByteBuffer.allocate(8 * 1024);

    /** Writes nothing anywhere: the gathering write's consumer. */
    private static final class Sink implements GatheringByteChannel {
        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += srcs[i].remaining();
                srcs[i].position(srcs[i].limit());
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            src.position(src.limit());
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }

    /** A net, a queue, and a udp:// host with one accepted peer whose messages go to a no-op listener. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        net = new RealNet(NetConfig.defaults());
        queue = new OutboundQueue(net.smallChunks, net.largeChunks, 4 << 20, null);
        NetUri uri = NetUri.parse("udp://127.0.0.1:0");
        UdpHost host = new UdpHost(net, uri, uri.settings(NetConfig.defaults()), new Listener() {});
        peer = UdpPeer.accept(host, new InetSocketAddress("127.0.0.1", 9), 1, 1, 1200, false);
        Wire.putInt(header, 0, payload.length + 2);
        header[4] = (byte) Wire.dataKind(Delivery.RELIABLE);
    }

    /** Closes the net. */
    @TearDown(Level.Trial)
    public void tearDown() {
        net.close();
    }

    /**
     * Frames a batch of 32-byte messages into the outbound queue and gathers them into one write.
     *
     * @return bytes written
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long tcpFraming() throws IOException {
        for (int i = 0; i < BATCH; i++) {
            queue.append(header, 0, header.length);
            queue.append(payload, 0, payload.length);
        }
        return queue.writeTo(sink);
    }

    /**
     * Records a batch of packet numbers, each followed by the ACK frame a poll would write.
     *
     * @return the last frame's length
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int udpAcks() {
        int n = 0;
        for (int i = 0; i < BATCH; i++) {
            peer.receiver.accept(packet++);
            peer.receiver.owe();
            ackBuffer.clear();
            peer.receiver.writeAck(ackBuffer, 1200);
            n = ackBuffer.position();
        }
        return n;
    }

    /**
     * Puts an 8 KiB RELIABLE message together from its eight fragments and delivers it.
     *
     * @return the next sequence number
     */
    @Benchmark
    public int udpReassembly() {
        int total = fragmentBuffer.capacity();
        int size = total / 8;
        for (int i = 0; i < 8; i++) {
            peer.receiver.onMessage(Delivery.RELIABLE, 0, sequence++, i, 8, total, fragmentBuffer, i * size, size);
        }
        return sequence;
    }
}
