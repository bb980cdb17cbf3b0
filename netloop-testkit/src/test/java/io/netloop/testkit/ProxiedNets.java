package io.netloop.testkit;

import io.netloop.Host;
import io.netloop.Net;
import io.netloop.NetConfig;
import io.netloop.NetEvent;
import io.netloop.Peer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A host on one {@link Net} and clients on another, joined through a {@link LinkProxy} on
 * 127.0.0.1 and driven from the test thread the way a game loop would: each {@link #frame()} pumps
 * the proxy and polls both nets once. Real time is only a safety bound on every wait.
 */
final class ProxiedNets implements AutoCloseable {
    /** The most frames any one wait runs, whatever its time limit. */
    private static final long MAX_FRAMES = 50_000_000L;

    final String scheme;
    final Side server;
    final Side client;
    final LinkProxy proxy;
    /** The host's port; a restarted host binds it again. */
    final int hostPort;

    Host host;

    private ProxiedNets(String scheme, String hostQuery) {
        this.scheme = scheme;
        this.server = new Side("host", Net.open());
        this.client = new Side("client", Net.open());
        try {
            host = server.net.listen(scheme + "://127.0.0.1:0" + query(hostQuery));
            hostPort = host.port();
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", hostPort);
            proxy = scheme.equals("tcp") ? LinkProxy.tcp(target) : LinkProxy.udp(target);
        } catch (RuntimeException | Error e) {
            client.net.close();
            server.net.close();
            throw e;
        }
    }

    /** A host listening on a free port with {@code hostQuery} (e.g. "timeout=300ms"), and its proxy. */
    static ProxiedNets open(String scheme, String hostQuery) {
        return new ProxiedNets(scheme, hostQuery);
    }

    /** Starts connecting a client through the proxy with {@code clientQuery}; nothing is waited for. */
    Peer connect(String clientQuery) {
        return client.net.connect(proxy.uri() + query(clientQuery));
    }

    /** Connects one client and runs frames until both sides saw CONNECTED; returns the client's peer. */
    Peer connectOne(String clientQuery) {
        Peer peer = connect(clientQuery);
        until(
                "CONNECTED on both sides",
                Duration.ofSeconds(10),
                () -> client.count(NetEvent.Type.CONNECTED) == 1 && server.count(NetEvent.Type.CONNECTED) == 1);
        return peer;
    }

    /** The host's peer for the first client that connected. */
    Peer serverPeer() {
        return server.of(NetEvent.Type.CONNECTED).get(0).peer();
    }

    /** One frame: the proxy forwards, then each net polls once. Rests briefly if nothing happened. */
    void frame() {
        proxy.pump();
        boolean any = server.poll();
        any |= client.poll();
        if (!any) {
            LockSupport.parkNanos(50_000);
        }
    }

    /** Runs frames until {@code done} holds; fails, naming {@code what}, after {@code limit}. */
    void until(String what, Duration limit, BooleanSupplier done) {
        until(what, limit, done, () -> {});
    }

    /** Like {@link #until(String, Duration, BooleanSupplier)}, running {@code eachFrame} before each frame. */
    void until(String what, Duration limit, BooleanSupplier done, Runnable eachFrame) {
        long end = System.nanoTime() + limit.toNanos();
        for (long frames = 0; !done.getAsBoolean(); frames++) {
            if (System.nanoTime() - end > 0 || frames > MAX_FRAMES) {
                throw new AssertionError("gave up after " + limit + " (" + frames + " frames) waiting for " + what
                        + "; client saw " + client.recent() + ", host saw " + server.recent());
            }
            eachFrame.run();
            frame();
        }
    }

    /** Runs frames for {@code time}, to show that nothing more happens in it. */
    void during(Duration time) {
        long end = System.nanoTime() + time.toNanos();
        for (long frames = 0; System.nanoTime() - end < 0 && frames < MAX_FRAMES; frames++) {
            frame();
        }
    }

    /**
     * Replaces the host's net by a new one listening on the same port: with the proxy
     * black-holing, the old one's goodbye never reaches the client, which is what a crash looks
     * like from there.
     */
    void restartHost(String hostQuery) {
        restartHost(hostQuery, NetConfig.defaults());
    }

    /** Like {@link #restartHost(String)}, for a new build of the host with another {@code config}. */
    void restartHost(String hostQuery, NetConfig config) {
        server.net.close();
        server.lifecycle.clear(); // a new process: it knows nothing of the old one's events
        server.data.clear();
        server.net = Net.open(config);
        host = server.net.listen(scheme + "://127.0.0.1:" + hostPort + query(hostQuery));
    }

    private static String query(String q) {
        return q.isEmpty() ? "" : "?" + q;
    }

    @Override
    public void close() {
        try {
            proxy.close();
        } finally {
            client.net.close();
            server.net.close();
        }
    }
}
