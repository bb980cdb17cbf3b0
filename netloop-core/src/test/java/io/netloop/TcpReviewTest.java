package io.netloop;

import static io.netloop.NetEvent.Type.CONNECTED;
import static io.netloop.NetEvent.Type.DATA;
import static io.netloop.NetEvent.Type.DISCONNECTED;
import static io.netloop.WireBytes.HELLO;
import static io.netloop.WireBytes.KIND_DATA;
import static io.netloop.WireBytes.KIND_PING;
import static io.netloop.WireBytes.VERSION;
import static io.netloop.WireBytes.greeting;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Review of the TCP transport and the event loop: each test states a promise of the README or the
 * Javadoc and drives the case where it is easiest to break.
 */
@Timeout(60)
class TcpReviewTest {
    private static final String APP = "netloop";
    private static final int WELCOME_LENGTH = 8 + APP.length(); // with its flags byte

    // ---- the event loop ----

    /** "Quit" in a game: closeNow() outside poll, and the listener shuts the whole Net down. */
    @Test
    void closingTheNetFromACallbackRunAtTheStartOfPollDoesNotBreakPoll() {
        Net clientNet = Net.open();
        try (Net serverNet = Net.open()) {
            Host host = serverNet.listen("tcp://127.0.0.1:0");
            AtomicReference<DisconnectReason> why = new AtomicReference<>();
            Peer client = clientNet.connect("tcp://127.0.0.1:" + host.port(), new Listener() {
                @Override
                public void onDisconnected(Peer peer, DisconnectReason reason, String detail) {
                    why.set(reason);
                    clientNet.close();
                }
            });
            Loop loop = new Loop(serverNet, clientNet);
            assertThat(loop.until(() -> client.state() == PeerState.CONNECTED)).isTrue();

            client.closeNow();

            assertThatCode(clientNet::poll).doesNotThrowAnyException();
            assertThat(why.get()).isEqualTo(DisconnectReason.CLOSED);
        } finally {
            clientNet.close();
        }
    }

    /** The classic retry: onDisconnected connects again. That attempt must end too. */
    @Test
    void aConnectionStartedFromATimerCallbackStillHasItsConnectTimeout() throws IOException {
        FakeClock clock = new FakeClock();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
                Net net = Net.open(NetConfig.builder().clock(clock).build())) {
            // the kernel completes the TCP handshake from the backlog, but nobody ever answers the HELLO
            String uri = "tcp://127.0.0.1:" + silent.getLocalPort();
            List<DisconnectReason> ends = new ArrayList<>();
            Listener retryOnce = new Listener() {
                @Override
                public void onDisconnected(Peer peer, DisconnectReason reason, String detail) {
                    ends.add(reason);
                    if (ends.size() == 1) {
                        net.connect(uri, this);
                    }
                }
            };
            net.connect(uri, retryOnce);
            net.poll();
            clock.advance(Duration.ofSeconds(6)); // past the default connectTimeout of 5 s
            net.poll();
            assertThat(ends).as("the first attempt timed out").hasSize(1);

            for (int i = 0; i < 20; i++) {
                clock.advance(Duration.ofSeconds(1));
                net.poll();
            }

            assertThat(ends)
                    .as("the retry, 20 s past its connectTimeout, ended too")
                    .hasSize(2);
        }
    }

    /** Listener Javadoc: called "from inside that call [poll]", so that the game is never re-entered. */
    @Test
    void netFlushNeverCallsAListenerOutsidePoll() throws IOException {
        AtomicBoolean polling = new AtomicBoolean();
        List<String> outside = new ArrayList<>();
        try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
                Net net = Net.open()) {
            Listener listener = new Listener() {
                @Override
                public void onConnected(Peer peer) {
                    if (!polling.get()) {
                        outside.add("onConnected");
                    }
                }

                @Override
                public void onDisconnected(Peer peer, DisconnectReason reason, String detail) {
                    if (!polling.get()) {
                        outside.add("onDisconnected " + reason + ": " + detail);
                    }
                }
            };
            Peer peer = net.connect("tcp+raw://127.0.0.1:" + plain.getLocalPort(), listener);
            Socket other = plain.accept();
            for (int i = 0; i < 10_000 && peer.state() != PeerState.CONNECTED; i++) {
                pollInside(net, polling);
            }
            assertThat(peer.state()).isEqualTo(PeerState.CONNECTED);
            other.setSoLinger(true, 0); // close with a reset
            other.close();
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // the reset reaches our socket

            assertThat(peer.send(new byte[] {1, 2, 3})).isEqualTo(SendResult.QUEUED);
            net.flush(); // the write fails on the reset socket
            for (int i = 0; i < 10_000 && peer.state() != PeerState.DISCONNECTED; i++) {
                pollInside(net, polling);
            }

            assertThat(peer.state()).isEqualTo(PeerState.DISCONNECTED);
            assertThat(outside).as("listener calls made outside poll()").isEmpty();
        }
    }

    private static void pollInside(Net net, AtomicBoolean polling) {
        polling.set(true);
        try {
            net.poll(Duration.ofMillis(1));
        } finally {
            polling.set(false);
        }
    }

    /** Net.poll: "Bounded: it reads at most readLimitPerPoll bytes per peer". */
    @Test
    void onePollReadsAtMostReadLimitFromOnePeer() {
        int readLimit = 4096;
        try (Pair pair = Pair.open(Transport.TCP, "?readLimit=4KiB", "")) {
            for (int i = 0; i < 40; i++) {
                assertThat(pair.client.send(0, new byte[1000], Delivery.RELIABLE))
                        .isEqualTo(SendResult.QUEUED);
            }
            for (int i = 0; i < 1_000 && pair.client.stats().queuedBytes() > 0; i++) {
                pair.clientNet.poll(); // only the client: everything waits in the server's socket
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());

            long before = pair.server.stats().bytesReceived();
            pair.serverNet.poll();
            long read = pair.server.stats().bytesReceived() - before;

            assertThat(read).as("bytes read from one peer in one poll").isLessThanOrEqualTo(readLimit);
        }
    }

    /** A clock is read as nanoTime is: only differences count, so it may pass Long.MAX_VALUE. */
    static final class WrappingClock implements LongSupplier {
        private long nanos = Long.MAX_VALUE - 9_500_000_000L;

        @Override
        public long getAsLong() {
            return nanos;
        }

        void advance(Duration d) {
            nanos += d.toNanos(); // wraps to negative, as System.nanoTime() may
        }
    }

    @Test
    void keepAliveKeepsAnIdleConnectionAliveWhileTheClockWraps() {
        WrappingClock clock = new WrappingClock();
        NetConfig config = NetConfig.builder().clock(clock).build(); // timeout 10 s, keepAlive 1 s
        try (Pair pair = Pair.open(Transport.TCP, config, config, "", "")) {
            Duration step = Duration.ofMillis(50);
            for (int i = 0; i < 300; i++) { // 15 s, across the wrap
                clock.advance(step);
                pair.loop.pollNow();
                pair.loop.pollNow();
            }

            assertThat(pair.disconnected(pair.serverNet)).isEmpty();
            assertThat(pair.disconnected(pair.clientNet)).isEmpty();
            assertThat(pair.client.state()).isEqualTo(PeerState.CONNECTED);
        }
    }

    // ---- closing ----

    /** Peer.close: "everything already queued is still delivered", also when the other side closes too. */
    @Test
    void bothSidesClosingAtOnceStillDeliverWhatEachHadQueued() {
        try (Pair pair = Pair.open(Transport.TCP)) {
            pair.client.send(0, "last words of the client".getBytes(UTF_8), Delivery.RELIABLE);
            pair.server.send(0, "last words of the server".getBytes(UTF_8), Delivery.RELIABLE);
            pair.client.close();
            pair.server.close();

            assertThat(pair.loop.until(() -> pair.disconnected(pair.serverNet).size() == 1
                            && pair.disconnected(pair.clientNet).size() == 1))
                    .isTrue();

            assertThat(texts(pair.data(pair.clientNet))).containsExactly("last words of the server");
            assertThat(texts(pair.data(pair.serverNet))).containsExactly("last words of the client");
            assertThat(pair.disconnected(pair.clientNet).get(0).reason()).isEqualTo(DisconnectReason.CLOSED);
            assertThat(pair.disconnected(pair.serverNet).get(0).reason()).isEqualTo(DisconnectReason.CLOSED);
        }
    }

    /** A server kicks a peer for its first bad message; the peer's next messages must not be acted on. */
    @Test
    void closeNowInsideOnDataStopsFurtherDeliveriesFromThatPeer() {
        try (Net serverNet = Net.open();
                Net clientNet = Net.open()) {
            List<String> handled = new ArrayList<>();
            Host host = serverNet.listen("tcp://127.0.0.1:0", new Listener() {
                @Override
                public void onData(Peer peer, int channel, byte[] data, long sequence) {
                    handled.add(new String(data, UTF_8));
                    peer.closeNow();
                }
            });
            Peer client = clientNet.connect("tcp://127.0.0.1:" + host.port());
            Loop loop = new Loop(serverNet, clientNet);
            assertThat(loop.until(() -> client.state() == PeerState.CONNECTED)).isTrue();
            for (int i = 0; i < 10; i++) {
                client.send(("command " + i).getBytes(UTF_8));
            }
            clientNet.flush(); // all ten in one write, so the host reads them in one go

            assertThat(loop.until(() -> client.state() == PeerState.DISCONNECTED))
                    .isTrue();

            assertThat(handled).containsExactly("command 0");
        }
    }

    /** Every close sequence ends in exactly one DISCONNECTED on each side. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"close,close", "closeNow,close", "close,closeNow", "closeNow,closeNow"})
    void everyCloseSequenceEndsInExactlyOneDisconnectedOnEachSide(String calls) {
        try (Pair pair = Pair.open(Transport.TCP)) {
            pair.client.send("queued".getBytes(UTF_8));
            for (String call : calls.split(",")) {
                if (call.equals("close")) {
                    pair.client.close();
                } else {
                    pair.client.closeNow();
                }
            }

            assertThat(pair.loop.until(() -> pair.disconnected(pair.serverNet).size() == 1
                            && pair.disconnected(pair.clientNet).size() == 1))
                    .isTrue();
            for (int i = 0; i < 20; i++) {
                pair.loop.pollOnce();
            }

            assertThat(pair.disconnected(pair.clientNet)).singleElement().satisfies(e -> assertThat(e.reason())
                    .isEqualTo(DisconnectReason.CLOSED));
            assertThat(pair.disconnected(pair.serverNet)).hasSize(1);
            assertThat(pair.host.peers()).isEmpty();
            assertThat(pair.host.stats().pending()).isZero();
        }
    }

    @Test
    void closingAHostWhilePeersAreMidHandshakeRaisesNoEventsAndLeavesNothingPending() throws IOException {
        try (Net net = Net.open()) {
            Host host = net.listen("tcp://127.0.0.1:0");
            Loop loop = new Loop(net);
            RawSocket half = new RawSocket(loop, host.port());
            RawSocket silent = new RawSocket(loop, host.port());
            half.write(Arrays.copyOf(greeting(VERSION, HELLO, APP), 9)); // part of a HELLO
            assertThat(loop.until(() -> host.stats().pending() == 2)).isTrue();

            host.close();

            assertThat(host.stats().pending()).isZero();
            assertThat(loop.until(() -> half.isClosed() && silent.isClosed())).isTrue();
            assertThat(loop.events(net)).isEmpty();
            half.close();
            silent.close();
        }
    }

    // ---- hostile input and the outbound queue ----

    /** "Bounded memory. Each peer's queue is bounded (sendQueue)": a peer's PINGs must not break it. */
    @Test
    void pingFloodFromAPeerThatNeverReadsCannotGrowItsQueuePastSendQueue() throws IOException {
        int sendQueue = 64 * 1024;
        try (Net net = Net.open();
                SocketChannel attacker = SocketChannel.open()) {
            Host host = net.listen("tcp://127.0.0.1:0?sendQueue=64KiB");
            Loop loop = new Loop(net);
            attacker.setOption(StandardSocketOptions.SO_RCVBUF, 4096); // and it never reads
            attacker.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), host.port()));
            attacker.configureBlocking(false);
            attacker.write(ByteBuffer.wrap(greeting(VERSION, HELLO, APP)));
            assertThat(loop.until(() -> !loop.of(net, CONNECTED).isEmpty())).isTrue();
            Peer victim = loop.of(net, CONNECTED).get(0).peer();

            ByteBuffer pings = ByteBuffer.allocate(13 * 5_000);
            while (pings.hasRemaining()) {
                pings.put(WireBytes.frame(9, KIND_PING, 0, 0, 0, 0, 0, 0, 0, 42));
            }
            pings.flip();
            long sent = 0;
            long worst = 0;
            for (int i = 0; i < 20_000 && sent < (64 << 20) && worst <= 4 * sendQueue; i++) {
                if (!pings.hasRemaining()) {
                    pings.rewind();
                }
                sent += attacker.write(pings);
                net.poll();
                worst = Math.max(worst, victim.stats().queuedBytes());
            }

            assertThat(worst)
                    .as("bytes queued for a peer that sent %d bytes of PINGs", sent)
                    .isLessThanOrEqualTo(sendQueue);
        }
    }

    /** README: "Messages on one channel arrive in the order they were sent". */
    @Test
    void aHeldSequencedMessageNeverArrivesAfterALaterMessageOnItsChannel() {
        try (Pair pair = Pair.open(Transport.TCP, "", "?sendQueue=1KiB")) {
            // past half the queue: lossy data is held back, reliable data still goes in
            assertThat(pair.client.send(2, new byte[600], Delivery.RELIABLE)).isEqualTo(SendResult.QUEUED);
            assertThat(pair.client.send(1, "older".getBytes(UTF_8), Delivery.SEQUENCED))
                    .isEqualTo(SendResult.QUEUED);
            assertThat(pair.client.send(1, "newer".getBytes(UTF_8), Delivery.RELIABLE))
                    .isEqualTo(SendResult.QUEUED);

            assertThat(pair.loop.until(() -> pair.data(pair.serverNet, 1).size() == 2
                            || (pair.data(pair.serverNet, 1).size() == 1
                                    && pair.data(pair.serverNet, 2).size() == 1)))
                    .isTrue();
            for (int i = 0; i < 10; i++) {
                pair.loop.pollOnce();
            }

            assertThat(texts(pair.data(pair.serverNet, 1))).last().isEqualTo("newer");
        }
    }

    /**
     * DESIGN: "pooled buffers ... no per-message garbage beyond the message itself". A server with
     * more peers than the pool holds (256) broadcasts a 10-byte state update every frame.
     */
    @Test
    void broadcastingEveryFrameToManyPeersReusesItsSendBuffers() {
        int n = 300;
        try (Net serverNet = Net.open();
                Net clientNet = Net.open()) {
            Host host = serverNet.listen("tcp://127.0.0.1:0");
            for (int i = 0; i < n; i++) {
                clientNet.connect("tcp://127.0.0.1:" + host.port());
            }
            Loop loop = new Loop(serverNet, clientNet);
            assertThat(loop.until(() -> host.peers().size() == n, Duration.ofSeconds(30)))
                    .isTrue();
            CountingDeque pool = countAllocations(serverNet);
            byte[] update = new byte[10];
            for (int frame = 0; frame < 3; frame++) { // warm up: the pool fills
                host.broadcast(0, update, Delivery.UNRELIABLE);
                loop.pollNow();
            }

            long before = pool.misses;
            for (int frame = 0; frame < 20; frame++) {
                assertThat(host.broadcast(0, update, Delivery.UNRELIABLE)).isEqualTo(n);
                loop.pollNow();
            }
            long allocated = pool.misses - before;

            assertThat(allocated)
                    .as("64 KiB direct buffers allocated by 20 frames of a 10-byte broadcast to %d peers", n)
                    .isLessThan(n / 10);
        }
    }

    /** Raw hosts take the same maxPeers option (README: "more are refused as full"). */
    @Test
    void rawHostHoldsToMaxPeers() throws IOException {
        try (Net net = Net.open()) {
            Host host = net.listen("tcp+raw://127.0.0.1:0?maxPeers=1");
            Loop loop = new Loop(net);
            List<Socket> clients = new ArrayList<>();
            try {
                clients.add(new Socket("127.0.0.1", host.port()));
                clients.add(new Socket("127.0.0.1", host.port()));
                assertThat(loop.until(() -> host.stats().accepted() == 2)).isTrue();
                loop.pollOnce();

                assertThat(host.peers()).hasSizeLessThanOrEqualTo(1);
                assertThat(loop.of(net, CONNECTED)).hasSizeLessThanOrEqualTo(1);
            } finally {
                for (Socket s : clients) {
                    s.close();
                }
            }
        }
    }

    /**
     * A plain client that sends its request and shuts its output down (as {@code printf 'hello\n' |
     * nc -N host port} does) still waits for the answer; the raw host must be able to give it.
     */
    @Test
    void rawHostStillAnswersAClientThatHalfClosedAfterItsRequest() throws IOException {
        try (Net net = Net.open();
                Socket client = new Socket()) {
            Host host = net.listen("tcp+raw://127.0.0.1:0");
            Loop loop = new Loop(net);
            client.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), host.port()), 5_000);
            client.getOutputStream().write("hello\n".getBytes(UTF_8));
            client.shutdownOutput();

            assertThat(loop.until(() -> !loop.of(net, DATA).isEmpty())).isTrue();
            Peer player = loop.of(net, DATA).get(0).peer();
            assertThat(player.send("HELLO\n".getBytes(UTF_8))).isEqualTo(SendResult.QUEUED);
            assertThat(loop.until(() -> player.state() == PeerState.DISCONNECTED))
                    .isTrue();

            client.setSoTimeout(5_000);
            assertThat(new String(client.getInputStream().readAllBytes(), UTF_8))
                    .as("the answer to a half-closed request")
                    .isEqualTo("HELLO\n");
        }
    }

    /** Guards the zero-copy path: the lent view may be passed straight back to send, twice. */
    @Test
    void echoingTheLentBufferFromOnReceiveSendsEveryMessageBackIntact() {
        try (Net serverNet = Net.open();
                Net clientNet = Net.open()) {
            Host host = serverNet.listen("tcp://127.0.0.1:0", new Listener() {
                @Override
                public void onReceive(Peer peer, int channel, ByteBuffer data, long sequence) {
                    peer.send(channel, data, Delivery.RELIABLE);
                    peer.send(channel, data, Delivery.RELIABLE); // send must not consume the view
                }
            });
            Peer client = clientNet.connect("tcp://127.0.0.1:" + host.port());
            Loop loop = new Loop(serverNet, clientNet);
            int n = 300;
            for (int i = 0; i < n; i++) {
                client.send(i % 3, bytes(1 + i * 37 % 500, (char) ('a' + i % 20)), Delivery.RELIABLE);
            }

            assertThat(loop.until(() -> loop.of(clientNet, DATA).size() == 2 * n))
                    .isTrue();

            List<List<byte[]>> perChannel = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (NetEvent e : loop.of(clientNet, DATA)) {
                perChannel.get(e.channel()).add(e.data());
            }
            for (int i = 0; i < n; i++) {
                List<byte[]> got = perChannel.get(i % 3);
                byte[] sent = bytes(1 + i * 37 % 500, (char) ('a' + i % 20));
                assertThat(got.get(2 * (i / 3))).as("message %d", i).isEqualTo(sent);
                assertThat(got.get(2 * (i / 3) + 1)).as("message %d again", i).isEqualTo(sent);
            }
        }
    }

    // ---- the reader: frames cut at every boundary ----

    /**
     * Guards TcpReader's carry and assembly: a stream of frames written in two parts, cut at every
     * byte of the small frames and around the carry limit (16 KiB) and the assembly growth of the
     * large ones, arrives whole and in order.
     */
    @Test
    void framesCutAtAnyByteArriveWholeAndInOrder() throws IOException {
        List<byte[]> payloads = List.of(
                bytes(1, 'a'),
                new byte[0],
                bytes(100, 'b'),
                bytes(16 * 1024 - 6, 'c'), // frame of exactly 16 KiB: the largest carried one
                bytes(16 * 1024 - 5, 'd'), // one byte more: assembled
                bytes(200_000, 'e'), // grows its assembly buffer twice
                bytes(3, 'f'));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            starts.add(stream.size());
            byte[] p = payloads.get(i);
            stream.writeBytes(ByteBuffer.allocate(6)
                    .putInt(p.length + 2)
                    .put((byte) KIND_DATA)
                    .put((byte) i)
                    .array());
            stream.writeBytes(p);
            if (i == 1) {
                stream.writeBytes(WireBytes.frame(9, KIND_PING, 0, 0, 0, 0, 0, 0, 0, 1));
            }
        }
        byte[] all = stream.toByteArray();
        TreeSet<Integer> cuts = new TreeSet<>();
        for (int i = 1; i < starts.get(3) + 8; i++) {
            cuts.add(i); // every byte of the small frames and the header of the carried one
        }
        for (int s : starts) {
            for (int d = -3; d <= 7; d++) {
                cuts.add(s + d);
            }
        }
        int big = starts.get(5) + 4;
        for (int at : new int[] {16 * 1024, 64 * 1024, 128 * 1024, 199_999}) {
            cuts.add(big + at);
        }
        cuts.add(all.length - 1);
        cuts.removeIf(c -> c <= 0 || c >= all.length);

        try (Net net = Net.open()) {
            Host host = net.listen("tcp://127.0.0.1:0");
            Loop loop = new Loop(net);
            try (SocketChannel out = handshaken(loop, host.port())) {
                assertThat(loop.until(() -> !loop.of(net, CONNECTED).isEmpty())).isTrue();
                Peer peer = loop.of(net, CONNECTED).get(0).peer();
                for (int cut : cuts) {
                    loop.clear();
                    long base = peer.stats().bytesReceived();
                    writeAll(loop, out, all, 0, cut);
                    assertThat(loop.until(() -> peer.stats().bytesReceived() == base + cut))
                            .isTrue();
                    writeAll(loop, out, all, cut, all.length - cut);
                    assertThat(loop.until(() -> loop.of(net, DATA).size() == payloads.size()))
                            .as("cut at %d", cut)
                            .isTrue();
                    List<NetEvent> got = loop.of(net, DATA);
                    for (int i = 0; i < payloads.size(); i++) {
                        assertThat(got.get(i).channel()).as("cut at %d", cut).isEqualTo(i);
                        assertThat(got.get(i).data()).as("cut at %d", cut).isEqualTo(payloads.get(i));
                    }
                    assertThat(loop.of(net, DISCONNECTED)).isEmpty();
                }
            }
        }
    }

    // ---- helpers ----

    /** The send-buffer pool's free list, counting the acquires that found it empty (and allocated). */
    static final class CountingDeque extends ArrayDeque<ByteBuffer> {
        private static final long serialVersionUID = 1L;
        int misses;

        @Override
        public ByteBuffer pollFirst() {
            ByteBuffer b = super.pollFirst();
            if (b == null) {
                misses++;
            }
            return b;
        }
    }

    /** Swaps a counting free list into the net's BufferPool; the only look inside the implementation. */
    private static CountingDeque countAllocations(Net net) {
        try {
            Field poolField = net.getClass().getDeclaredField("smallChunks");
            poolField.setAccessible(true);
            Object pool = poolField.get(net);
            Field free = pool.getClass().getDeclaredField("free");
            free.setAccessible(true);
            CountingDeque counting = new CountingDeque();
            @SuppressWarnings("unchecked")
            ArrayDeque<ByteBuffer> old = (ArrayDeque<ByteBuffer>) free.get(pool);
            counting.addAll(old);
            free.set(pool, counting);
            return counting;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("BufferPool changed shape; update this test", e);
        }
    }

    private static List<String> texts(List<NetEvent> events) {
        return events.stream().map(e -> new String(e.data(), UTF_8)).toList();
    }

    private static byte[] bytes(int n, char fill) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (fill + i % 7);
        }
        return b;
    }

    /** A plain socket that did the handshake by hand; non-blocking, so writes never stall the loop. */
    private static SocketChannel handshaken(Loop loop, int port) throws IOException {
        SocketChannel s = SocketChannel.open(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        s.configureBlocking(false);
        writeAll(loop, s, greeting(VERSION, HELLO, APP), 0, 9 + APP.length());
        ByteBuffer welcome = ByteBuffer.allocate(WELCOME_LENGTH);
        assertThat(loop.until(() -> {
                    try {
                        return s.read(welcome) < 0 || !welcome.hasRemaining();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }))
                .isTrue();
        assertThat(welcome.array()).isEqualTo(greeting(VERSION, WireBytes.WELCOME, APP));
        return s;
    }

    /** Writes all of a range, polling the loop while the socket is full. */
    private static void writeAll(Loop loop, SocketChannel out, byte[] b, int from, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, from, length);
        for (int i = 0; i < 1_000_000 && buf.hasRemaining(); i++) {
            if (out.write(buf) == 0) {
                loop.pollOnce();
            }
        }
        assertThat(buf.hasRemaining()).as("written").isFalse();
    }
}
