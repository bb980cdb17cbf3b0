package io.netloop.bench;

import static io.netloop.bench.PeerProgram.before;

import io.netloop.Delivery;
import io.netloop.DisconnectReason;
import io.netloop.Host;
import io.netloop.Listener;
import io.netloop.Net;
import io.netloop.NetConfig;
import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.SendResult;
import io.netloop.bench.peer.Measure;
import io.netloop.bench.peer.Params;
import io.netloop.bench.peer.Result;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.HdrHistogram.Histogram;

/**
 * netloop's peer program for the side-by-side benchmark; the scenarios and their arguments are in
 * {@code io.netloop.bench.peer}. Each {@link Net} is driven by one thread, as a game would: in the
 * in-JVM scenarios the host and the client each run their own {@code Net} on their own thread.
 *
 * <p>netloop's own arguments: {@code transport=tcp|udp} (default tcp, every scenario); for
 * throughput {@code delivery=RELIABLE|UNRELIABLE}, {@code loss=0.01} (udp only, simulated on the
 * client's URI with a fixed seed) and {@code path=handler|events} (the host counts in {@link
 * Listener#onReceive}, which lends the message without a copy, or counts the DATA events of {@link
 * Net#poll()}); for latency {@code poll=spin|wait} (default spin: the client and the host call
 * {@code poll()} in a tight loop, which measured faster at p50 than {@code poll(Duration)}, whose
 * wait rides on the selector's wake-up; {@code hostPoll=} sets the host's apart); for fan-out
 * {@code delivery=} (default RELIABLE); for fan-out and storm {@code maxPending=} (the host's
 * limit on connections in the handshake, default the number of clients, at least netloop's 512);
 * for throughput and latency {@code sessions=off} (connections without a session to resume, so
 * nothing is kept for a resume and no ACK frames flow; default on).
 *
 * <pre>
 * java -cp ... io.netloop.bench.NetloopPeer throughput messages=1000000 transport=udp
 * </pre>
 */
public final class NetloopPeer {
    /** How the host of the in-JVM scenarios waits for its socket; it wakes as soon as bytes come. */
    private static final Duration HOST_WAIT = Duration.ofMillis(10);

    /** Every Net of the in-JVM scenarios: sessions on (the default) or off ({@code sessions=off}). */
    private static NetConfig config = NetConfig.defaults();

    private NetloopPeer() {}

    /**
     * Runs one scenario and prints its {@code RESULT} line.
     *
     * @param args the scenario, then {@code key=value} pairs
     */
    public static void main(String[] args) {
        PeerProgram.main("NetloopPeer", args, NetloopPeer::run);
    }

    static Result run(Params p, IntConsumer announce) throws Exception {
        config = switch (p.text("sessions", "on")) {
            case "on" -> NetConfig.defaults();
            case "off" -> NetConfig.builder().reconnect(false).build();
            default -> throw new IllegalArgumentException("sessions=" + p.text("sessions", "") + ": use on or off");
        };
        return switch (p.scenario()) {
            case "throughput" -> throughput(p);
            case "latency" -> latency(p);
            case "fanout" -> PeerProgram.isHost(p)
                    ? NetloopCrowd.fanoutHost(p, announce)
                    : NetloopCrowd.fanoutClients(p);
            case "storm" -> PeerProgram.isHost(p) ? NetloopCrowd.stormHost(p, announce) : NetloopCrowd.stormClients(p);
            default -> throw PeerProgram.unknown(p);
        };
    }

    static String transport(Params p) {
        String t = p.text("transport", "tcp");
        if (!t.equals("tcp") && !t.equals("udp")) {
            throw new IllegalArgumentException("transport=" + t + ": use transport=tcp or transport=udp");
        }
        return t;
    }

    // ---- throughput ----

    /** What the host thread of an in-JVM scenario publishes to the client's thread. */
    private static final class HostSide {
        final CompletableFuture<Integer> port = new CompletableFuture<>();
        volatile long counted;
        volatile long lastAt;
        volatile boolean stop;
        volatile Throwable failure;
    }

    static Result throughput(Params p) throws Exception {
        long messages = p.number("messages", 2_000_000);
        byte[] message = new byte[(int) p.number("size", 32)];
        String transport = transport(p);
        Delivery delivery = Delivery.valueOf(p.text("delivery", "RELIABLE"));
        String path = p.text("path", "handler");
        if (!path.equals("handler") && !path.equals("events")) {
            throw new IllegalArgumentException("path=" + path + ": use path=handler or path=events");
        }
        double loss = Double.parseDouble(p.text("loss", "0"));
        if (loss > 0 && !transport.equals("udp")) {
            throw new IllegalArgumentException("loss=" + loss + " is simulated over udp only: add transport=udp");
        }
        long deadline = PeerProgram.deadline(p);
        HostSide side = new HostSide();
        Thread host = hostThread(side, () -> countingHost(side, transport, path.equals("events"), messages, deadline));
        try (Net net = Net.open(config)) {
            String query = loss > 0 ? "?sim.loss=" + loss + "&sim.seed=1" : "";
            Peer peer = net.connect(transport + "://127.0.0.1:" + side.port.get(10, TimeUnit.SECONDS) + query);
            awaitConnected(net, deadline, p);
            long start = System.nanoTime();
            long sent = stream(net, peer, message, delivery, messages, side, deadline);
            if (!delivery.isReliable()) {
                drainLossy(net, peer, side, messages, deadline);
            }
            side.stop = true;
            host.join(10_000);
            checkHost(side, host);
            long counted = side.counted;
            if (counted == 0 || (delivery.isReliable() && counted < messages)) {
                throw PeerProgram.timedOut("the host counted " + counted + " of " + messages + " messages", p);
            }
            double seconds = (side.lastAt - start) / 1e9;
            return new Result()
                    .put("messagesPerSecond", counted / seconds)
                    .put("messages", counted)
                    .put("seconds", seconds)
                    .put("sent", sent);
        } finally {
            side.stop = true;
            host.join(10_000);
        }
    }

    /**
     * Queues until the queue is full ({@code BACKPRESSURED}, or {@code DROPPED} for lossy data),
     * polls, which writes, and again, as a game would; then polls until every message is counted.
     */
    private static long stream(
            Net net, Peer peer, byte[] message, Delivery delivery, long messages, HostSide side, long deadline) {
        long sent = 0;
        while (sent < messages && side.counted < messages && before(deadline) && side.failure == null) {
            for (SendResult r = SendResult.QUEUED; r == SendResult.QUEUED && sent < messages; ) {
                r = peer.send(0, message, delivery);
                if (r == SendResult.QUEUED) {
                    sent++;
                } else if (r == SendResult.NOT_CONNECTED) {
                    throw new IllegalStateException("the connection ended after " + sent + " messages");
                } // BACKPRESSURED or DROPPED: nothing was queued; the poll makes room
            }
            net.poll();
        }
        while (delivery.isReliable() && side.counted < messages && before(deadline) && side.failure == null) {
            net.poll(Duration.ofMillis(1)); // acks and retransmissions over udp://, the last write over tcp://
        }
        return sent;
    }

    /** Lossy messages may never arrive: wait until the queue is empty and the host has gone quiet. */
    private static void drainLossy(Net net, Peer peer, HostSide side, long messages, long deadline) {
        long seen = -1;
        long quietSince = System.nanoTime();
        while (side.counted < messages && before(deadline) && side.failure == null) {
            net.poll(Duration.ofMillis(1));
            long now = System.nanoTime();
            if (side.counted != seen || peer.stats().queuedBytes() > 0) {
                seen = side.counted;
                quietSince = now;
            } else if (now - quietSince > 200_000_000L) {
                return;
            }
        }
    }

    private static void countingHost(HostSide side, String transport, boolean events, long messages, long deadline) {
        long[] counted = {0};
        Listener counter = new Listener() {
            @Override
            public void onReceive(Peer peer, int channel, ByteBuffer data, long sequence) {
                counted[0]++;
            }
        };
        try (Net net = Net.open(config)) {
            String uri = transport + "://127.0.0.1:0";
            Host host = events ? net.listen(uri) : net.listen(uri, counter);
            side.port.complete(host.port());
            while (counted[0] < messages && !side.stop && before(deadline)) {
                long before = counted[0];
                for (NetEvent e : net.poll(HOST_WAIT)) {
                    if (e.type() == NetEvent.Type.DATA) {
                        counted[0]++;
                    }
                }
                if (counted[0] != before) {
                    side.lastAt = System.nanoTime();
                    side.counted = counted[0];
                }
            }
        }
    }

    // ---- latency ----

    static Result latency(Params p) throws Exception {
        long rounds = p.number("rounds", 100_000);
        long warmup = p.number("warmup", 20_000);
        byte[] message = new byte[(int) p.number("size", 32)];
        String transport = transport(p);
        boolean spin = spin(p, "poll");
        boolean hostSpin = spin(p, "hostPoll");
        long deadline = PeerProgram.deadline(p);
        HostSide side = new HostSide();
        Thread host = hostThread(side, () -> echoHost(side, transport, hostSpin, deadline));
        try (Net net = Net.open(config)) {
            Echoes echoes = new Echoes();
            Peer peer = net.connect(transport + "://127.0.0.1:" + side.port.get(10, TimeUnit.SECONDS), echoes);
            while (!echoes.connected && echoes.gone == null && before(deadline)) {
                net.poll(Duration.ofMillis(1));
            }
            if (!echoes.connected) {
                throw new IllegalStateException("could not connect: " + echoes.gone);
            }
            Histogram rtt = Measure.rttHistogram();
            long begin = System.nanoTime();
            for (long i = 0; i < warmup + rounds; i++) {
                long start = System.nanoTime();
                if (peer.send(0, message, Delivery.RELIABLE) != SendResult.QUEUED) {
                    throw new IllegalStateException("ping " + i + " was not queued: " + peer.state());
                }
                net.flush();
                while (echoes.count <= i && before(deadline) && side.failure == null) {
                    if (spin) {
                        net.poll();
                    } else {
                        net.poll(HOST_WAIT);
                    }
                }
                if (echoes.count <= i) {
                    checkHost(side, host);
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

    /** The latency client's listener: the echoes are counted without a copy. */
    private static final class Echoes implements Listener {
        boolean connected;
        String gone;
        long count;

        @Override
        public void onConnected(Peer peer) {
            connected = true;
        }

        @Override
        public void onReceive(Peer peer, int channel, ByteBuffer data, long sequence) {
            count++;
        }

        @Override
        public void onDisconnected(Peer peer, DisconnectReason reason, String detail) {
            gone = reason + " " + detail;
        }
    }

    /** {@code poll=spin} (the default, the faster here) calls {@code poll()} in a tight loop; {@code poll=wait} blocks. */
    private static boolean spin(Params p, String key) {
        String poll = p.text(key, p.text("poll", "spin"));
        if (!poll.equals("spin") && !poll.equals("wait")) {
            throw new IllegalArgumentException("poll=" + poll + ": use poll=spin or poll=wait");
        }
        return poll.equals("spin");
    }

    private static void echoHost(HostSide side, String transport, boolean spin, long deadline) {
        try (Net net = Net.open(config)) {
            Host host = net.listen(transport + "://127.0.0.1:0", new Listener() {
                @Override
                public void onReceive(Peer peer, int channel, ByteBuffer data, long sequence) {
                    peer.send(channel, data, Delivery.RELIABLE); // goes out at the end of this poll
                }
            });
            side.port.complete(host.port());
            while (!side.stop && before(deadline)) {
                if (spin) {
                    net.poll();
                } else {
                    net.poll(HOST_WAIT);
                }
            }
        }
    }

    // ---- shared ----

    private static Thread hostThread(HostSide side, Runnable body) {
        Thread t = new Thread(
                () -> {
                    try {
                        body.run();
                    } catch (RuntimeException | Error e) {
                        side.failure = e;
                        side.port.completeExceptionally(e);
                    }
                },
                "netloop-host");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void checkHost(HostSide side, Thread host) {
        if (side.failure != null) {
            throw new IllegalStateException("the host failed: " + side.failure, side.failure);
        }
        if (host.isAlive() && side.stop) {
            throw new IllegalStateException("the host did not stop within 10 s");
        }
    }

    /** Polls until the connection of a client is up; a failed connect throws with its reason. */
    static void awaitConnected(Net net, long deadline, Params p) {
        while (before(deadline)) {
            for (NetEvent e : net.poll(Duration.ofMillis(5))) {
                if (e.type() == NetEvent.Type.CONNECTED) {
                    return;
                }
                if (e.type() == NetEvent.Type.DISCONNECTED) {
                    throw new IllegalStateException("could not connect: " + e.reason() + " " + e.detail());
                }
            }
        }
        throw PeerProgram.timedOut("no connection", p);
    }
}
