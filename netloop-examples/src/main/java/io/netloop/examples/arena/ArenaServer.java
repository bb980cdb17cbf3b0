package io.netloop.examples.arena;

import io.netloop.Delivery;
import io.netloop.DisconnectReason;
import io.netloop.Host;
import io.netloop.Listener;
import io.netloop.Net;
import io.netloop.Peer;
import io.netloop.examples.Messages;
import io.netloop.examples.arena.Protocol.Command;
import io.netloop.examples.arena.Protocol.Hello;
import io.netloop.examples.arena.Protocol.Inputs;
import io.netloop.examples.arena.Protocol.Joined;
import io.netloop.examples.arena.Protocol.Left;
import io.netloop.examples.arena.Protocol.Ship;
import io.netloop.examples.arena.Protocol.Shot;
import io.netloop.examples.arena.Protocol.Snapshot;
import io.netloop.examples.arena.Protocol.Welcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The arena's server, the authority on every ship: it applies each client's commands once and in
 * order as they arrive (one a tick at most, so a modified client moves no faster and fires no more
 * often than anyone), resolves shots, and at a fixed {@value Physics#TICK_RATE} ticks a second sends
 * every client a snapshot with the last command it applied.
 *
 * <p>Drive it from one thread: poll its net and call {@link #update} once a loop.
 */
public final class ArenaServer implements Listener {
    /** A ship's health when it spawns. */
    static final int MAX_HEALTH = 100;

    /** Health one hit takes. */
    static final int DAMAGE = 25;

    /** Ticks between two shots of one ship: a quarter of a second. */
    static final int FIRE_TICKS = Physics.TICK_RATE / 4;

    private static final float[][] SPAWNS = {{60, 60}, {740, 60}, {60, 500}, {740, 500}, {400, 280}, {400, 60}};

    private final Host host;
    private final Consumer<String> log;
    private final Map<Integer, Pilot> pilots = new LinkedHashMap<>();
    private int nextId = 1;
    private int tick;
    private long nextTickAt = Long.MIN_VALUE;
    private int shots;

    /**
     * Starts listening.
     *
     * @param net a net opened with {@link Protocol#config()}
     * @param uri e.g. {@code udp://0.0.0.0:7778}
     * @param log where the server reports what happens
     */
    public ArenaServer(Net net, String uri, Consumer<String> log) {
        this.host = net.listen(uri, this);
        this.log = log;
    }

    /**
     * Runs the ticks that are due. Call it once a loop, after polling.
     *
     * @param nowNanos the time, from one clock (e.g. {@link System#nanoTime()}) on every call
     */
    public void update(long nowNanos) {
        if (nextTickAt == Long.MIN_VALUE || nowNanos - nextTickAt > 5 * Physics.TICK_NANOS) {
            nextTickAt = nowNanos; // the first tick, or a stall: skip ahead rather than burst
        }
        while (nowNanos - nextTickAt >= 0) {
            runTick();
            nextTickAt += Physics.TICK_NANOS;
        }
    }

    private void runTick() {
        tick++;
        List<Ship> ships = new ArrayList<>();
        for (Pilot p : pilots.values()) {
            p.credit = Math.min(p.credit + 1, Protocol.REDUNDANCY);
            ships.add(p.ship());
        }
        for (Pilot p : pilots.values()) {
            Protocol.CODEC.send(p.peer, Protocol.STATE, new Snapshot(tick, p.acknowledged, ships), Delivery.SEQUENCED);
        }
    }

    @Override
    public void onData(Peer peer, int channel, byte[] data, long sequence) {
        Record message = Messages.decodeOrClose(Protocol.CODEC, peer, data, log);
        if (message == null) {
            return;
        }
        Pilot pilot = peer.attachment();
        if (message instanceof Hello hello && pilot == null) {
            join(peer, hello.name());
        } else if (message instanceof Inputs inputs && pilot != null) {
            inputs.commands().forEach(c -> apply(pilot, c));
        } else {
            log.accept("closing " + peer.remoteAddress() + ": a client does not send " + message + " now");
            peer.close();
        }
    }

    private void join(Peer peer, String name) {
        Pilot pilot = new Pilot(nextId++, name, peer);
        spawn(pilot);
        peer.attach(pilot);
        event(pilot, new Welcome(pilot.id));
        for (Pilot other : pilots.values()) {
            event(pilot, new Joined(other.id, other.name));
            event(pilot, other.score());
        }
        pilots.put(pilot.id, pilot);
        everyone(new Joined(pilot.id, name));
        everyone(pilot.score());
        log.accept(name + " joined as ship " + pilot.id);
    }

    private void apply(Pilot pilot, Command c) {
        if (c.sequence() <= pilot.acknowledged || pilot.credit <= 0) {
            return; // old, repeated, or more than real time allows: it comes again next time
        }
        pilot.credit--;
        pilot.acknowledged = c.sequence();
        double[] at = Physics.step(pilot.x, pilot.y, c.keys());
        pilot.x = (float) at[0];
        pilot.y = (float) at[1];
        pilot.aim = Float.isFinite(c.aim()) ? c.aim() : 0;
        if (c.fire() && tick - pilot.firedAt >= FIRE_TICKS) {
            pilot.firedAt = tick;
            fire(pilot);
        }
    }

    private void fire(Pilot shooter) {
        double reach = Physics.reach(shooter.x, shooter.y, shooter.aim);
        Pilot target = null;
        for (Pilot p : pilots.values()) {
            double d = p == shooter ? Double.NaN : Physics.hit(shooter.x, shooter.y, shooter.aim, p.x, p.y);
            if (d < reach) {
                reach = d;
                target = p;
            }
        }
        shots++;
        float toX = (float) (shooter.x + Math.cos(shooter.aim) * reach);
        float toY = (float) (shooter.y + Math.sin(shooter.aim) * reach);
        everyone(new Shot(shooter.id, target == null ? 0 : target.id, shooter.x, shooter.y, toX, toY));
        if (target != null) {
            target.health -= DAMAGE;
            if (target.health <= 0) {
                shooter.kills++;
                target.deaths++;
                spawn(target);
                everyone(shooter.score());
                everyone(target.score());
            }
        }
    }

    private void spawn(Pilot pilot) {
        float[] at = SPAWNS[(pilot.id + pilot.deaths) % SPAWNS.length];
        pilot.x = at[0];
        pilot.y = at[1];
        pilot.health = MAX_HEALTH;
    }

    @Override
    public void onDisconnected(Peer peer, DisconnectReason reason, String detail) {
        Pilot pilot = peer.attachment();
        if (pilot != null && pilots.remove(pilot.id) != null) {
            everyone(new Left(pilot.id));
            log.accept(pilot.name + " left (" + reason + ")");
        }
    }

    private void everyone(Record event) {
        pilots.values().forEach(p -> event(p, event));
    }

    private static void event(Pilot to, Record event) {
        Protocol.CODEC.send(to.peer, Protocol.EVENTS, event, Delivery.RELIABLE);
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
     * The ticks run so far.
     *
     * @return the tick number of the last snapshot
     */
    public int tick() {
        return tick;
    }

    /**
     * A ship as the server has it.
     *
     * @param id the ship
     * @return its state, or null if there is no such ship
     */
    public Ship ship(int id) {
        Pilot p = pilots.get(id);
        return p == null ? null : p.ship();
    }

    /**
     * Every score as the server has it.
     *
     * @return the scores, by ship
     */
    public Map<Integer, Protocol.Score> scores() {
        Map<Integer, Protocol.Score> scores = new LinkedHashMap<>();
        pilots.values().forEach(p -> scores.put(p.id, p.score()));
        return scores;
    }

    /**
     * Shots fired so far.
     *
     * @return how many {@link Shot} events went out
     */
    public int shots() {
        return shots;
    }
}
