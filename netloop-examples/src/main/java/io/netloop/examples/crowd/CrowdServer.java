package io.netloop.examples.crowd;

import io.netloop.Delivery;
import io.netloop.DisconnectReason;
import io.netloop.Host;
import io.netloop.Listener;
import io.netloop.Net;
import io.netloop.Peer;
import io.netloop.examples.Messages;
import io.netloop.examples.crowd.Protocol.Hello;
import io.netloop.examples.crowd.Protocol.Mover;
import io.netloop.examples.crowd.Protocol.Steer;
import io.netloop.examples.crowd.Protocol.View;
import io.netloop.examples.crowd.Protocol.Welcome;
import java.util.List;
import java.util.function.Consumer;

/**
 * The crowd's server: hundreds of players in one world, each told {@value #TICK_RATE} times a
 * second only about the players near it (interest management over a {@link Grid}), within its
 * bandwidth budget (an {@link Interest} per client), in compact {@link View}s.
 *
 * <p>Drive it from one thread: poll its net and call {@link #update} once a loop.
 */
public final class CrowdServer implements Listener {
    /** Ticks a second. */
    public static final int TICK_RATE = 20;

    /** The world's width and height, in units. */
    public static final int WORLD = 4096;

    /** How far a player sees, in units. */
    public static final int VIEW = 300;

    /** Each client's budget unless told otherwise: 6,000 bytes of views a second. */
    public static final int DEFAULT_BUDGET = 6_000;

    private static final long TICK_NANOS = 1_000_000_000L / TICK_RATE;

    private final Host host;
    private final Consumer<String> log;
    private final int budgetPerTick;
    private final Crowd crowd = new Crowd();
    private final Grid grid = new Grid(WORLD, VIEW);
    private final CrowdStats stats = new CrowdStats();
    private int[] near = new int[1024];
    private long nextTickAt = Long.MIN_VALUE;
    private int tick;

    /**
     * Starts listening.
     *
     * @param net a net opened with {@link Protocol#config()}
     * @param uri e.g. {@code udp://0.0.0.0:7779}
     * @param budget each client's budget, in bytes of views a second
     * @param log where the server reports joins, leaves and bad clients
     */
    public CrowdServer(Net net, String uri, int budget, Consumer<String> log) {
        if (budget < TICK_RATE * (Interest.HEADER_BYTES + 16)) {
            throw new IllegalArgumentException("a budget of " + budget + " bytes a second leaves no room for a"
                    + " player; give at least " + TICK_RATE * (Interest.HEADER_BYTES + 16));
        }
        this.host = net.listen(uri, this);
        this.log = log;
        this.budgetPerTick = budget / TICK_RATE;
    }

    /**
     * Runs the ticks that are due. Call it once a loop, after polling.
     *
     * @param nowNanos the time, from one clock (e.g. {@link System#nanoTime()}) on every call
     */
    public void update(long nowNanos) {
        if (nextTickAt == Long.MIN_VALUE || nowNanos - nextTickAt > 5 * TICK_NANOS) {
            nextTickAt = nowNanos; // the first tick, or a stall: skip ahead rather than burst
        }
        while (nowNanos - nextTickAt >= 0) {
            long began = System.nanoTime();
            tick();
            stats.ticked(System.nanoTime() - began);
            nextTickAt += TICK_NANOS;
        }
    }

    private void tick() {
        tick++;
        crowd.move(1f / TICK_RATE, WORLD);
        int count = crowd.capacity();
        grid.rebuild(crowd.x, crowd.y, count);
        for (int s = 0; s < count; s++) {
            Peer p = crowd.peer[s];
            if (p == null) {
                continue;
            }
            int found = grid.near(crowd.x[s], crowd.y[s], VIEW, crowd.x, crowd.y, s, near);
            if (found == near.length) {
                near = new int[near.length * 2]; // a dense spot: see more of it next tick
            }
            List<Mover> movers = crowd.interest[s].pick(near, found, crowd, s, budgetPerTick, VIEW);
            View view = new View(
                    tick,
                    Math.round(crowd.x[s] * Protocol.SUBUNITS),
                    Math.round(crowd.y[s] * Protocol.SUBUNITS),
                    movers);
            Protocol.CODEC.send(p, Protocol.STATE, view, Delivery.SEQUENCED);
        }
    }

    @Override
    public void onData(Peer peer, int channel, byte[] data, long sequence) {
        Record message = Messages.decodeOrClose(Protocol.CODEC, peer, data, log);
        if (message == null) {
            return;
        }
        Integer slot = peer.attachment();
        if (message instanceof Hello && slot == null) {
            int s = crowd.join(peer, WORLD);
            peer.attach(s);
            Protocol.CODEC.send(peer, Protocol.EVENTS, new Welcome(crowd.id[s], WORLD, VIEW), Delivery.RELIABLE);
        } else if (message instanceof Steer steer
                && slot != null
                && steer.heading() >= Protocol.STOP
                && steer.heading() < 256) {
            crowd.heading[slot] = steer.heading();
        } else {
            log.accept("closing " + peer.remoteAddress() + ": a client does not send " + message + " now");
            peer.close();
        }
    }

    @Override
    public void onDisconnected(Peer peer, DisconnectReason reason, String detail) {
        Integer slot = peer.attachment();
        if (slot != null) {
            crowd.leave(slot);
        }
    }

    /**
     * The figures since the last report, and starts counting anew. Call it on the server's thread:
     * the CPU time is that thread's.
     *
     * @param nowNanos the time, on the clock of {@link #update}
     * @return players, tick times, bytes per client per second, CPU and heap
     */
    public CrowdStats.Report report(long nowNanos) {
        return stats.report(host, nowNanos);
    }

    /**
     * The host the server listens on.
     *
     * @return the host
     */
    public Host host() {
        return host;
    }

    /**
     * The bytes of views each client may get per tick.
     *
     * @return the per-tick budget
     */
    public int budgetPerTick() {
        return budgetPerTick;
    }
}
