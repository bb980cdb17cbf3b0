package io.netloop.bench;

import static io.netloop.bench.PeerProgram.before;

import io.netloop.Delivery;
import io.netloop.DisconnectReason;
import io.netloop.Host;
import io.netloop.Listener;
import io.netloop.Net;
import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.bench.peer.Measure;
import io.netloop.bench.peer.Params;
import io.netloop.bench.peer.Result;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * netloop's two-process scenarios, fan-out and connect storm: a host {@link Net} on the main thread
 * of one JVM, and all the clients in one {@code Net} polled by the main thread of another, as a
 * load-testing bot would hold them.
 *
 * <p>Besides the contract's figures, the fan-out host prints {@code heapPerConnectionAfterBytes}:
 * heap per connection again after the broadcasts, which shows what the traffic left behind.
 */
final class NetloopCrowd {
    private NetloopCrowd() {}

    /** What a clients {@code Net} counts, from inside its polls. */
    private static final class Crowd implements Listener {
        int connected;
        int gone;
        long delivered;
        long lastConnectedAt;
        String firstFailure;

        @Override
        public void onConnected(Peer peer) {
            connected++;
            lastConnectedAt = System.nanoTime();
        }

        @Override
        public void onReceive(Peer peer, int channel, ByteBuffer data, long sequence) {
            delivered++;
        }

        @Override
        public void onDisconnected(Peer peer, DisconnectReason reason, String detail) {
            gone++;
            if (firstFailure == null) {
                firstFailure = reason + " " + detail;
            }
        }
    }

    /**
     * A host that takes thousands of connections at once: netloop's default {@code maxPending}
     * (512) may shed a larger storm, as it should on the open internet, so it is raised to the
     * crowd unless {@code maxPending=} says otherwise.
     */
    private static String hostUri(Params p, int clients) {
        return NetloopPeer.transport(p) + "://127.0.0.1:0?maxPending=" + p.number("maxPending", Math.max(512, clients));
    }

    // ---- fan-out ----

    static Result fanoutHost(Params p, IntConsumer announce) {
        int clients = (int) p.number("clients", 500);
        long hz = p.number("hz", 20);
        long seconds = p.number("seconds", 10);
        byte[] state = new byte[(int) p.number("size", 64)];
        Delivery delivery = Delivery.valueOf(p.text("delivery", "RELIABLE"));
        long deadline = PeerProgram.deadline(p);
        try (Net net = Net.open()) {
            Host host = net.listen(hostUri(p, clients));
            long heapBefore = Measure.heapAfterGc();
            long rssBefore = Measure.rssBytes();
            announce.accept(host.port());
            while (host.peers().size() < clients && before(deadline)) {
                net.poll(Duration.ofMillis(20));
            }
            if (host.peers().size() < clients) {
                throw PeerProgram.timedOut("only " + host.peers().size() + " of " + clients + " clients connected", p);
            }
            long heapPer = (Measure.heapAfterGc() - heapBefore) / clients;
            long rssPer = (Measure.rssBytes() - rssBefore) / clients;
            long cpuBefore = Measure.processCpuNanos();
            long sent = broadcast(net, host, state, delivery, hz * seconds, 1_000_000_000L / hz, deadline);
            double cpuSeconds = (Measure.processCpuNanos() - cpuBefore) / 1e9;
            long heapPerAfter = (Measure.heapAfterGc() - heapBefore) / clients; // what the traffic left behind
            host.close();
            long closing = Math.min(deadline, System.nanoTime() + 10_000_000_000L);
            while (!host.peers().isEmpty() && before(closing)) {
                net.poll(Duration.ofMillis(20)); // the graceful close delivers what is queued
            }
            return new Result()
                    .put("hostCpuSeconds", cpuSeconds)
                    .put("heapPerConnectionBytes", heapPer)
                    .put("rssPerConnectionBytes", rssPer)
                    .put("heapPerConnectionAfterBytes", heapPerAfter)
                    .put("sent", sent);
        }
    }

    /** Broadcasts once per tick at a fixed rate, sleeping in {@link Net#poll(Duration)} between ticks. */
    private static long broadcast(
            Net net, Host host, byte[] state, Delivery delivery, long ticks, long period, long deadline) {
        long sent = 0;
        long start = System.nanoTime();
        for (long t = 0; t < ticks && before(deadline); t++) {
            long due = start + t * period;
            for (long now = System.nanoTime(); now - due < 0; now = System.nanoTime()) {
                net.poll(Duration.ofNanos(due - now));
            }
            sent += host.broadcast(0, state, delivery);
            net.flush();
        }
        return sent;
    }

    static Result fanoutClients(Params p) {
        int clients = (int) p.number("clients", 500);
        long hz = p.number("hz", 20);
        long seconds = p.number("seconds", 10);
        long deadline = PeerProgram.deadline(p);
        Crowd crowd = new Crowd();
        try (Net net = Net.open()) {
            connectAll(net, p, clients, crowd, deadline);
            long until = Math.min(deadline, System.nanoTime() + (seconds + 10) * 1_000_000_000L);
            while (crowd.gone < clients && before(until)) {
                net.poll(Duration.ofMillis(20));
            }
            long expected = hz * seconds * clients;
            return new Result()
                    .put("delivered", crowd.delivered)
                    .put("deliveredPerSecond", crowd.delivered / (double) seconds)
                    .put("missed", expected - crowd.delivered);
        }
    }

    // ---- connect storm ----

    static Result stormHost(Params p, IntConsumer announce) {
        int clients = (int) p.number("clients", 1000);
        long deadline = PeerProgram.deadline(p);
        try (Net net = Net.open()) {
            Host host = net.listen(hostUri(p, clients));
            announce.accept(host.port());
            int connected = 0;
            int gone = 0;
            long first = 0;
            long last = 0;
            while ((connected < clients || gone < connected) && before(deadline)) {
                for (NetEvent e : net.poll(Duration.ofMillis(20))) {
                    if (e.type() == NetEvent.Type.CONNECTED) {
                        last = System.nanoTime();
                        first = connected++ == 0 ? last : first;
                    } else if (e.type() == NetEvent.Type.DISCONNECTED) {
                        gone++;
                    }
                }
            }
            if (connected < clients) {
                throw PeerProgram.timedOut("only " + connected + " of " + clients + " clients connected", p);
            }
            return new Result().put("seconds", (last - first) / 1e9).put("connections", connected);
        }
    }

    static Result stormClients(Params p) {
        int clients = (int) p.number("clients", 1000);
        long deadline = PeerProgram.deadline(p);
        Crowd crowd = new Crowd();
        try (Net net = Net.open()) {
            long start = System.nanoTime();
            List<Peer> peers = connectAll(net, p, clients, crowd, deadline);
            double seconds = (crowd.lastConnectedAt - start) / 1e9;
            for (Peer peer : peers) {
                peer.close();
            }
            long closing = Math.min(deadline, System.nanoTime() + 10_000_000_000L);
            while (crowd.gone < clients && before(closing)) {
                net.poll(Duration.ofMillis(20));
            }
            return new Result().put("seconds", seconds).put("connections", crowd.connected);
        }
    }

    /** Starts every connect at once, then polls until all are connected; any failure throws. */
    private static List<Peer> connectAll(Net net, Params p, int clients, Crowd crowd, long deadline) {
        String uri = NetloopPeer.transport(p) + "://127.0.0.1:" + p.port();
        List<Peer> peers = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            peers.add(net.connect(uri, crowd));
        }
        while (crowd.connected < clients && crowd.gone == 0 && before(deadline)) {
            net.poll(Duration.ofMillis(20));
        }
        if (crowd.gone > 0) {
            throw new IllegalStateException(
                    crowd.gone + " of " + clients + " clients failed to connect, the first: " + crowd.firstFailure);
        }
        if (crowd.connected < clients) {
            throw PeerProgram.timedOut("only " + crowd.connected + " of " + clients + " clients connected", p);
        }
        return peers;
    }
}
