package io.netloop.bench;

import static io.netloop.bench.PeerProgram.before;

import io.netloop.bench.peer.Measure;
import io.netloop.bench.peer.Params;
import io.netloop.bench.peer.Result;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.HdrHistogram.Histogram;

/**
 * The raw {@code java.nio} baseline of the side-by-side benchmark, the ceiling for this framing on
 * this machine: 4-byte length-prefixed frames ({@link RawFrames}) over non-blocking {@link
 * SocketChannel}s, one {@link Selector} per side and a small loop by hand. No handshake, no
 * channels, no keep-alive: what any library adds to this is its own cost. The scenarios and their
 * arguments are in {@code io.netloop.bench.peer}; fan-out and storm are in {@link RawCrowd}. Its
 * own argument: for latency {@code poll=spin|wait} (default spin, as netloop's peer: both sides
 * call {@code selectNow()} in a tight loop instead of sleeping in {@code select()}).
 *
 * <pre>
 * java -cp ... io.netloop.bench.RawPeer throughput messages=20000000
 * </pre>
 */
public final class RawPeer {
    /** The throughput client fills this much with frames, then writes it in one call. */
    private static final int WRITE_BUFFER = 256 * 1024;

    /** The host reads into a buffer this big, then counts the frames in it. */
    private static final int READ_BUFFER = 1024 * 1024;

    private RawPeer() {}

    /**
     * Runs one scenario and prints its {@code RESULT} line.
     *
     * @param args the scenario, then {@code key=value} pairs
     */
    public static void main(String[] args) {
        PeerProgram.main("RawPeer", args, RawPeer::run);
    }

    static Result run(Params p, IntConsumer announce) throws Exception {
        return switch (p.scenario()) {
            case "throughput" -> throughput(p);
            case "latency" -> latency(p);
            case "fanout" -> PeerProgram.isHost(p) ? RawCrowd.fanoutHost(p, announce) : RawCrowd.fanoutClients(p);
            case "storm" -> PeerProgram.isHost(p) ? RawCrowd.stormHost(p, announce) : RawCrowd.stormClients(p);
            default -> throw PeerProgram.unknown(p);
        };
    }

    /** What the host thread publishes to the client's thread. */
    private static final class HostSide {
        final CompletableFuture<Integer> port = new CompletableFuture<>();
        volatile long counted;
        volatile long lastAt;
        volatile boolean stop;
        volatile Throwable failure;
    }

    /** The body of a host thread; it may fail with an I/O error. */
    private interface HostBody {
        void run() throws IOException;
    }

    // ---- throughput ----

    static Result throughput(Params p) throws Exception {
        long messages = p.number("messages", 2_000_000);
        byte[] payload = new byte[(int) p.number("size", 32)];
        long deadline = PeerProgram.deadline(p);
        HostSide side = new HostSide();
        Thread host = hostThread(side, () -> countingHost(side, messages, deadline));
        try (Selector selector = Selector.open();
                SocketChannel channel = connect(selector, side.port.get(10, TimeUnit.SECONDS), deadline)) {
            SelectionKey key = channel.keyFor(selector);
            ByteBuffer out = ByteBuffer.allocateDirect(WRITE_BUFFER);
            out.flip();
            long framed = 0;
            long start = System.nanoTime();
            while ((framed < messages || out.hasRemaining()) && before(deadline) && side.failure == null) {
                if (!out.hasRemaining()) {
                    out.clear();
                    for (; framed < messages && out.remaining() >= 4 + payload.length; framed++) {
                        out.putInt(payload.length).put(payload);
                    }
                    out.flip();
                }
                channel.write(out);
                if (out.hasRemaining()) {
                    awaitWritable(selector, key); // the socket buffer is full: sleep until it drains
                }
            }
            while (side.counted < messages && before(deadline) && side.failure == null) {
                LockSupport.parkNanos(50_000); // leave the CPU to the host; it takes the time itself
            }
            side.stop = true;
            host.join(10_000);
            check(side);
            if (side.counted < messages) {
                throw PeerProgram.timedOut("the host counted " + side.counted + " of " + messages + " frames", p);
            }
            double seconds = (side.lastAt - start) / 1e9;
            return new Result()
                    .put("messagesPerSecond", messages / seconds)
                    .put("messages", messages)
                    .put("seconds", seconds);
        } finally {
            side.stop = true;
            host.join(10_000);
        }
    }

    private static void awaitWritable(Selector selector, SelectionKey key) throws IOException {
        key.interestOps(SelectionKey.OP_WRITE);
        selector.select(10);
        selector.selectedKeys().clear();
        key.interestOps(0);
    }

    private static void countingHost(HostSide side, long messages, long deadline) throws IOException {
        try (Selector selector = Selector.open();
                ServerSocketChannel server = listen(selector, 16)) {
            side.port.complete(port(server));
            try (SocketChannel channel = accept(selector, server, side, deadline)) {
                channel.register(selector, SelectionKey.OP_READ);
                ByteBuffer in = ByteBuffer.allocateDirect(READ_BUFFER);
                RawFrames frames = new RawFrames();
                while (frames.frames() < messages && !side.stop && before(deadline)) {
                    if (selector.select(10) == 0) {
                        continue;
                    }
                    selector.selectedKeys().clear();
                    int n = channel.read(in);
                    if (n < 0) {
                        throw new IOException("the client closed after " + frames.frames() + " frames");
                    }
                    in.flip();
                    if (frames.consume(in) > 0) {
                        side.lastAt = System.nanoTime();
                        side.counted = frames.frames();
                    }
                    in.clear();
                }
            }
        }
    }

    // ---- latency ----

    static Result latency(Params p) throws Exception {
        long rounds = p.number("rounds", 100_000);
        long warmup = p.number("warmup", 20_000);
        int size = (int) p.number("size", 32);
        boolean spin = !p.text("poll", "spin").equals("wait");
        long deadline = PeerProgram.deadline(p);
        HostSide side = new HostSide();
        Thread host = hostThread(side, () -> echoHost(side, spin, deadline));
        try (Selector selector = Selector.open();
                SocketChannel channel = connect(selector, side.port.get(10, TimeUnit.SECONDS), deadline)) {
            channel.keyFor(selector).interestOps(SelectionKey.OP_READ);
            ByteBuffer ping = ByteBuffer.allocateDirect(4 + size);
            ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
            RawFrames echoes = new RawFrames();
            Histogram rtt = Measure.rttHistogram();
            long begin = System.nanoTime();
            for (long i = 0; i < warmup + rounds; i++) {
                long start = System.nanoTime();
                ping.clear();
                ping.putInt(size).position(4 + size).flip();
                while (ping.hasRemaining() && before(deadline)) {
                    channel.write(ping); // 36 bytes into an empty socket buffer: one call
                }
                while (echoes.frames() <= i && before(deadline) && side.failure == null) {
                    if ((spin ? selector.selectNow() : selector.select(10)) > 0) {
                        selector.selectedKeys().clear();
                        read(channel, in, echoes);
                    }
                }
                if (echoes.frames() <= i) {
                    check(side);
                    throw PeerProgram.timedOut("only " + i + " of " + (warmup + rounds) + " round trips", p);
                }
                if (i >= warmup) {
                    rtt.recordValue(Math.max(1_000, System.nanoTime() - start));
                }
            }
            return Measure.percentiles(new Result(), rtt)
                    .put("meanMicros", rtt.getMean() / 1e3)
                    .put("maxMicros", rtt.getMaxValue() / 1e3)
                    .put("rounds", rounds)
                    .put("seconds", (System.nanoTime() - begin) / 1e9);
        } finally {
            side.stop = true;
            host.join(10_000);
        }
    }

    /** Reads what is there and counts the frames; the end of the stream is an error here. */
    private static void read(SocketChannel channel, ByteBuffer in, RawFrames frames) throws IOException {
        in.clear();
        if (channel.read(in) < 0) {
            throw new IOException("the other side closed");
        }
        in.flip();
        frames.consume(in);
    }

    /** Sends back every byte it reads: frames in, the same frames out. */
    private static void echoHost(HostSide side, boolean spin, long deadline) throws IOException {
        try (Selector selector = Selector.open();
                ServerSocketChannel server = listen(selector, 16)) {
            side.port.complete(port(server));
            try (SocketChannel channel = accept(selector, server, side, deadline)) {
                SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
                ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
                RawFrames frames = new RawFrames();
                while (!side.stop && before(deadline)) {
                    if ((spin ? selector.selectNow() : selector.select(10)) == 0) {
                        continue;
                    }
                    selector.selectedKeys().clear();
                    buf.clear();
                    if (channel.read(buf) < 0) {
                        return; // the client is done
                    }
                    frames.consume(buf.flip());
                    while (buf.hasRemaining() && !side.stop && before(deadline)) {
                        channel.write(buf);
                        if (buf.hasRemaining()) {
                            awaitWritable(selector, key);
                            key.interestOps(SelectionKey.OP_READ);
                        }
                    }
                }
            }
        }
    }

    // ---- sockets, shared with RawCrowd ----

    static ServerSocketChannel listen(Selector selector, int backlog) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.bind(new InetSocketAddress("127.0.0.1", 0), backlog);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    static int port(ServerSocketChannel server) throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /** Configures an accepted or connecting channel the way every raw socket is used here. */
    static SocketChannel configure(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return channel;
    }

    private static SocketChannel accept(Selector selector, ServerSocketChannel server, HostSide side, long deadline)
            throws IOException {
        while (!side.stop && before(deadline)) {
            selector.select(10);
            selector.selectedKeys().clear();
            SocketChannel channel = server.accept();
            if (channel != null) {
                server.keyFor(selector).cancel();
                return configure(channel);
            }
        }
        throw new IOException("no client came");
    }

    /** Connects one channel, registered with {@code selector} and no interest, or throws. */
    private static SocketChannel connect(Selector selector, int port, long deadline) throws IOException {
        SocketChannel channel = configure(SocketChannel.open());
        try {
            SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
            channel.connect(new InetSocketAddress("127.0.0.1", port));
            while (!channel.finishConnect()) {
                if (!before(deadline)) {
                    throw new IOException("could not connect to port " + port + " in time");
                }
                selector.select(10);
                selector.selectedKeys().clear();
            }
            key.interestOps(0);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static Thread hostThread(HostSide side, HostBody body) {
        Thread t = new Thread(
                () -> {
                    try {
                        body.run();
                    } catch (IOException | RuntimeException | Error e) {
                        side.failure = e;
                        side.port.completeExceptionally(e);
                    }
                },
                "raw-host");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void check(HostSide side) {
        if (side.failure != null) {
            throw new IllegalStateException("the host failed: " + side.failure, side.failure);
        }
    }
}
