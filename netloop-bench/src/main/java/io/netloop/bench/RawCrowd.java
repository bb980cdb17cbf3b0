package io.netloop.bench;

import static io.netloop.bench.PeerProgram.before;

import io.netloop.bench.peer.Measure;
import io.netloop.bench.peer.Params;
import io.netloop.bench.peer.Result;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The raw baseline's two-process scenarios, fan-out and connect storm: one selector for the host
 * and its connections in one JVM, one selector for all the clients in another.
 *
 * <p>Besides the contract's figures, the fan-out host prints {@code heapPerConnectionAfterBytes}:
 * heap per connection again after the broadcasts, which shows what the traffic left behind.
 */
final class RawCrowd {
    private RawCrowd() {}

    /**
     * One connection of a host. It writes each frame straight to the socket; only when the socket
     * buffer is full does it keep the rest in a backlog of its own, until the socket is writable.
     */
    private static final class Conn {
        private static final int BACKLOG = 64 * 1024;
        final SocketChannel channel;
        final SelectionKey key;
        private ByteBuffer backlog;

        Conn(Selector selector, SocketChannel channel) throws IOException {
            this.channel = channel;
            this.key = channel.register(selector, SelectionKey.OP_READ, this);
        }

        /**
         * Sends one frame, the same buffer for every connection (rewound here); returns 1 if it was
         * written or kept, 0 if it was dropped or the connection is gone.
         */
        int send(ByteBuffer frame) {
            frame.rewind();
            try {
                if (backlog != null) {
                    if (backlog.capacity() - backlog.remaining() < frame.remaining()) {
                        return 0; // backed up by a whole backlog: the client is not reading
                    }
                    backlog.compact().put(frame).flip();
                    return 1;
                }
                channel.write(frame);
                if (frame.hasRemaining()) {
                    backlog = ByteBuffer.allocate(BACKLOG).put(frame).flip();
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                }
                return 1;
            } catch (IOException e) {
                close();
                return 0;
            }
        }

        void onWritable() throws IOException {
            channel.write(backlog);
            if (!backlog.hasRemaining()) {
                backlog = null;
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // closed either way
            }
        }
    }

    /** A host's selector and connections; clients send nothing, so a readable key means the end. */
    private static final class Hosted implements AutoCloseable {
        final Selector selector = Selector.open();
        final ServerSocketChannel server;
        final List<Conn> conns = new ArrayList<>();
        final ByteBuffer scratch = ByteBuffer.allocateDirect(16 * 1024);
        long firstAt;
        long lastAt;
        int gone;

        Hosted(int backlog) throws IOException {
            server = RawPeer.listen(selector, backlog);
        }

        /** Waits up to {@code millis} (at least 1), then accepts, writes backlogs, notices ends. */
        void pump(long millis) throws IOException {
            if (selector.select(Math.max(1, millis)) == 0) {
                return;
            }
            for (SelectionKey key : selector.selectedKeys()) {
                if (!key.isValid()) {
                    continue;
                } else if (key.isAcceptable()) {
                    for (SocketChannel c; (c = server.accept()) != null; ) {
                        conns.add(new Conn(selector, RawPeer.configure(c)));
                        lastAt = System.nanoTime();
                        firstAt = conns.size() == 1 ? lastAt : firstAt;
                    }
                } else {
                    serve((Conn) key.attachment(), key);
                }
            }
            selector.selectedKeys().clear();
        }

        private void serve(Conn conn, SelectionKey key) {
            try {
                if (key.isReadable()) {
                    scratch.clear();
                    if (conn.channel.read(scratch) < 0) {
                        throw new IOException("end of stream");
                    }
                }
                if (key.isWritable()) {
                    conn.onWritable();
                }
            } catch (IOException e) {
                conn.close();
                gone++;
            }
        }

        @Override
        public void close() throws IOException {
            for (Conn c : conns) {
                c.close();
            }
            server.close();
            selector.close();
        }
    }

    // ---- fan-out ----

    static Result fanoutHost(Params p, IntConsumer announce) throws IOException {
        int clients = (int) p.number("clients", 500);
        long hz = p.number("hz", 20);
        long seconds = p.number("seconds", 10);
        int size = (int) p.number("size", 64);
        long deadline = PeerProgram.deadline(p);
        try (Hosted host = new Hosted(Math.max(1024, clients))) {
            long heapBefore = Measure.heapAfterGc();
            long rssBefore = Measure.rssBytes();
            announce.accept(RawPeer.port(host.server));
            while (host.conns.size() < clients && before(deadline)) {
                host.pump(20);
            }
            if (host.conns.size() < clients) {
                throw PeerProgram.timedOut("only " + host.conns.size() + " of " + clients + " clients connected", p);
            }
            long heapPer = (Measure.heapAfterGc() - heapBefore) / clients;
            long rssPer = (Measure.rssBytes() - rssBefore) / clients;
            ByteBuffer frame = ByteBuffer.allocateDirect(4 + size);
            frame.putInt(size).position(4 + size).flip();
            long cpuBefore = Measure.processCpuNanos();
            long sent = 0;
            long period = 1_000_000_000L / hz;
            long start = System.nanoTime();
            for (long t = 0; t < hz * seconds && before(deadline); t++) {
                long due = start + t * period;
                for (long now = System.nanoTime(); now - due < 0; now = System.nanoTime()) {
                    host.pump((due - now) / 1_000_000);
                }
                for (Conn c : host.conns) {
                    sent += c.send(frame);
                }
            }
            double cpuSeconds = (Measure.processCpuNanos() - cpuBefore) / 1e9;
            long heapPerAfter = (Measure.heapAfterGc() - heapBefore) / clients; // what the traffic left behind
            return new Result()
                    .put("hostCpuSeconds", cpuSeconds)
                    .put("heapPerConnectionBytes", heapPer)
                    .put("rssPerConnectionBytes", rssPer)
                    .put("heapPerConnectionAfterBytes", heapPerAfter)
                    .put("sent", sent);
        } // closing the connections tells the clients the broadcast is over
    }

    static Result fanoutClients(Params p) throws IOException {
        int clients = (int) p.number("clients", 500);
        long hz = p.number("hz", 20);
        long seconds = p.number("seconds", 10);
        long deadline = PeerProgram.deadline(p);
        try (RawClients crowd = new RawClients()) {
            crowd.connectAll(p.port(), clients, deadline);
            if (crowd.connected < clients) {
                throw PeerProgram.timedOut("only " + crowd.connected + " of " + clients + " clients connected", p);
            }
            long until = Math.min(deadline, System.nanoTime() + (seconds + 10) * 1_000_000_000L);
            while (crowd.gone < clients && before(until)) {
                crowd.pump(20);
            }
            return new Result()
                    .put("delivered", crowd.delivered)
                    .put("deliveredPerSecond", crowd.delivered / (double) seconds)
                    .put("missed", hz * seconds * clients - crowd.delivered);
        }
    }

    // ---- connect storm ----

    static Result stormHost(Params p, IntConsumer announce) throws IOException {
        int clients = (int) p.number("clients", 1000);
        long deadline = PeerProgram.deadline(p);
        try (Hosted host = new Hosted(Math.max(1024, clients))) {
            announce.accept(RawPeer.port(host.server));
            while ((host.conns.size() < clients || host.gone < host.conns.size()) && before(deadline)) {
                host.pump(20);
            }
            if (host.conns.size() < clients) {
                throw PeerProgram.timedOut("only " + host.conns.size() + " of " + clients + " clients connected", p);
            }
            return new Result()
                    .put("seconds", (host.lastAt - host.firstAt) / 1e9)
                    .put("connections", host.conns.size());
        }
    }

    static Result stormClients(Params p) throws IOException {
        int clients = (int) p.number("clients", 1000);
        long deadline = PeerProgram.deadline(p);
        try (RawClients crowd = new RawClients()) {
            long start = System.nanoTime();
            crowd.connectAll(p.port(), clients, deadline);
            if (crowd.connected < clients) {
                throw PeerProgram.timedOut("only " + crowd.connected + " of " + clients + " clients connected", p);
            }
            return new Result()
                    .put("seconds", (crowd.lastConnectedAt - start) / 1e9)
                    .put("connections", crowd.connected);
        } // closing the clients lets the host finish
    }

    /** Every client of a clients JVM on one selector, each counting its frames without a buffer of its own. */
    private static final class RawClients implements AutoCloseable {
        final Selector selector = Selector.open();
        final List<SocketChannel> channels = new ArrayList<>();
        final ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024);
        int connected;
        int gone;
        long delivered;
        long lastConnectedAt;

        RawClients() throws IOException {}

        void connectAll(int port, int clients, long deadline) throws IOException {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            for (int i = 0; i < clients; i++) {
                SocketChannel c = RawPeer.configure(SocketChannel.open());
                channels.add(c);
                SelectionKey key = c.register(selector, SelectionKey.OP_CONNECT, new RawFrames());
                if (c.connect(address)) {
                    onConnected(key);
                }
            }
            while (connected < clients && before(deadline)) {
                pump(20);
            }
        }

        void pump(long millis) throws IOException {
            if (selector.select(millis) == 0) {
                return;
            }
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel c = (SocketChannel) key.channel();
                if (!key.isValid()) {
                    continue;
                } else if (key.isConnectable()) {
                    if (c.finishConnect()) { // a refused connect throws here, failing the run
                        onConnected(key);
                    }
                } else if (key.isReadable()) {
                    in.clear();
                    if (c.read(in) < 0) {
                        c.close();
                        gone++;
                    } else {
                        delivered += ((RawFrames) key.attachment()).consume(in.flip());
                    }
                }
            }
            selector.selectedKeys().clear();
        }

        private void onConnected(SelectionKey key) {
            key.interestOps(SelectionKey.OP_READ);
            connected++;
            lastConnectedAt = System.nanoTime();
        }

        @Override
        public void close() throws IOException {
            for (SocketChannel c : channels) {
                c.close();
            }
            selector.close();
        }
    }
}
