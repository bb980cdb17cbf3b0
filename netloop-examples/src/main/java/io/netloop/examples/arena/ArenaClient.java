package io.netloop.examples.arena;

import io.netloop.Delivery;
import io.netloop.DisconnectReason;
import io.netloop.Net;
import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.examples.Messages;
import io.netloop.examples.arena.Protocol.Command;
import io.netloop.examples.arena.Protocol.Hello;
import io.netloop.examples.arena.Protocol.Inputs;
import io.netloop.examples.arena.Protocol.Joined;
import io.netloop.examples.arena.Protocol.Left;
import io.netloop.examples.arena.Protocol.Score;
import io.netloop.examples.arena.Protocol.Ship;
import io.netloop.examples.arena.Protocol.Shot;
import io.netloop.examples.arena.Protocol.Snapshot;
import io.netloop.examples.arena.Protocol.Welcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An arena client without a screen, for the window and the bots: it turns the player's keys into
 * numbered commands {@value Physics#TICK_RATE} times a second and applies them at once (client-side
 * prediction); when a snapshot says which command the server applied last, it starts from the
 * server's position and replays the commands after it (reconciliation); other ships are drawn 100
 * ms in the past between two snapshots (interpolation). Each technique can be turned off to see
 * what it does.
 *
 * <p>Use it on the thread that polls its net: call {@link #update} once a frame.
 */
public final class ArenaClient {
    private final Net net;
    private final Peer server;
    private final String name;
    private final Interpolator others = new Interpolator();
    private final ArrayDeque<Command> pending = new ArrayDeque<>();
    private final Map<Integer, String> names = new LinkedHashMap<>();
    private final Map<Integer, Score> scores = new LinkedHashMap<>();
    private final List<Shot> shots = new ArrayList<>();
    private boolean prediction = true;
    private boolean reconciliation = true;
    private boolean interpolation = true;
    private int me;
    private int sequence;
    private long nextTickAt = Long.MIN_VALUE;
    private float x = -1;
    private float y = -1;
    private Ship onServer;
    private double largestCorrection;
    private int shotsHeard;
    private DisconnectReason closed;

    /**
     * Connects; the client says hello once connected.
     *
     * @param net a net opened with {@link Protocol#config()}
     * @param uri the server, e.g. {@code udp://192.168.1.20:7778}
     * @param name the player's name
     */
    public ArenaClient(Net net, String uri, String name) {
        new Hello(name); // refuses a bad name before anything is sent
        this.net = net;
        this.name = name;
        this.server = net.connect(uri);
    }

    /**
     * Polls the net, then runs the client ticks that are due with the player's controls.
     *
     * @param nowNanos the time, from one clock on every call
     * @param keys {@link Physics#UP}, {@link Physics#DOWN}, {@link Physics#LEFT}, {@link Physics#RIGHT}
     * @param aim where the ship points, in radians
     * @param fire whether the trigger is down
     */
    public void update(long nowNanos, int keys, float aim, boolean fire) {
        for (NetEvent e : net.poll()) {
            if (e.peer() != server) {
                continue;
            }
            switch (e.type()) {
                case CONNECTED -> hello();
                case RECONNECTED -> {
                    if (!e.resumed()) {
                        hello(); // the server did not know the session: join again as a new ship
                    }
                }
                case DISCONNECTED -> closed = e.reason();
                case DATA -> receive(e, nowNanos);
                default -> {}
            }
        }
        if (me == 0 || onServer == null) {
            return;
        }
        if (nextTickAt == Long.MIN_VALUE || nowNanos - nextTickAt > 5 * Physics.TICK_NANOS) {
            nextTickAt = nowNanos; // a stall: skip ahead, the server would not take a burst anyway
        }
        while (nowNanos - nextTickAt >= 0) {
            tick(new Command(++sequence, keys, aim, fire));
            nextTickAt += Physics.TICK_NANOS;
        }
    }

    private void hello() {
        me = 0;
        onServer = null;
        pending.clear();
        Protocol.CODEC.send(server, Protocol.EVENTS, new Hello(name), Delivery.RELIABLE);
    }

    private void tick(Command command) {
        pending.addLast(command);
        while (pending.size() > 4 * Protocol.REDUNDANCY) {
            pending.removeFirst();
        }
        if (prediction) {
            move(command);
        }
        List<Command> unacknowledged = new ArrayList<>(pending);
        int from = Math.max(0, unacknowledged.size() - Protocol.REDUNDANCY);
        Protocol.CODEC.send(
                server,
                Protocol.INPUT,
                new Inputs(unacknowledged.subList(from, unacknowledged.size())),
                Delivery.UNRELIABLE);
    }

    private void move(Command command) {
        double[] at = Physics.step(x, y, command.keys());
        x = (float) at[0]; // the server keeps floats too, so a replay lands exactly where it will
        y = (float) at[1];
    }

    private void receive(NetEvent event, long nowNanos) {
        Record message = Messages.decodeOrClose(Protocol.CODEC, event, line -> {}); // not an arena server
        if (message == null) {
            return;
        }
        if (message instanceof Snapshot s) {
            others.add(s, nowNanos);
            reconcile(s);
        } else if (message instanceof Welcome w) {
            me = w.id();
        } else if (message instanceof Joined j) {
            names.put(j.id(), j.name());
        } else if (message instanceof Left l) {
            names.remove(l.id());
            scores.remove(l.id());
        } else if (message instanceof Score s) {
            scores.put(s.id(), s);
        } else if (message instanceof Shot s) {
            shotsHeard++;
            shots.add(s);
            if (shots.size() > 32) {
                shots.remove(0);
            }
        }
    }

    private void reconcile(Snapshot s) {
        Ship mine = null;
        for (Ship ship : s.ships()) {
            if (ship.id() == me) {
                mine = ship;
            }
        }
        if (mine == null) {
            return;
        }
        boolean first = onServer == null;
        onServer = mine;
        while (!pending.isEmpty() && pending.peekFirst().sequence() <= s.acknowledged()) {
            pending.removeFirst();
        }
        if (first || !prediction) {
            x = mine.x();
            y = mine.y();
        } else if (reconciliation) {
            float wasX = x;
            float wasY = y;
            x = mine.x();
            y = mine.y();
            pending.forEach(this::move);
            largestCorrection = Math.max(largestCorrection, Math.hypot(x - wasX, y - wasY));
        }
    }

    /**
     * Where the player's own ship is drawn: predicted, or as the server last said.
     *
     * @return {x, y}
     */
    public float[] position() {
        return new float[] {x, y};
    }

    /**
     * The player's ship in the last snapshot.
     *
     * @return the server's view, or null before the first snapshot
     */
    public Ship onServer() {
        return onServer;
    }

    /**
     * The other ships as they are drawn now: interpolated 100 ms behind, or as the newest snapshot has them.
     *
     * @param nowNanos the time, on the clock of {@link #update}
     * @return the ships
     */
    public List<Ship> others(long nowNanos) {
        Snapshot newest = others.newest();
        if (newest == null) {
            return List.of();
        }
        return others.at(interpolation ? others.renderTick(nowNanos) : newest.tick(), me);
    }

    /**
     * The server tick the other ships are drawn at.
     *
     * @param nowNanos the time, on the clock of {@link #update}
     * @return the tick, with a fraction
     */
    public double renderTick(long nowNanos) {
        return others.renderTick(nowNanos);
    }

    /**
     * Turns client-side prediction on or off.
     *
     * @param on false to draw the ship only where snapshots put it
     */
    public void setPrediction(boolean on) {
        prediction = on;
    }

    /**
     * Turns reconciliation on or off.
     *
     * @param on false to keep predicting without ever taking the server's word
     */
    public void setReconciliation(boolean on) {
        reconciliation = on;
    }

    /**
     * Turns interpolation on or off.
     *
     * @param on false to draw others where the newest snapshot has them
     */
    public void setInterpolation(boolean on) {
        interpolation = on;
    }

    /**
     * The largest jump reconciliation made to the predicted position.
     *
     * @return the distance, in units
     */
    public double largestCorrection() {
        return largestCorrection;
    }

    /**
     * The player's ship id.
     *
     * @return the id, or 0 before the server's welcome
     */
    public int id() {
        return me;
    }

    /**
     * The names of the players, by ship.
     *
     * @return a copy
     */
    public Map<Integer, String> names() {
        return Map.copyOf(names);
    }

    /**
     * The scores, by ship.
     *
     * @return a copy
     */
    public Map<Integer, Score> scores() {
        return Map.copyOf(scores);
    }

    /**
     * The latest shots, oldest first.
     *
     * @return at most 32
     */
    public List<Shot> shots() {
        return List.copyOf(shots);
    }

    /**
     * Every shot heard so far.
     *
     * @return how many {@link Shot} events arrived
     */
    public int shotsHeard() {
        return shotsHeard;
    }

    /**
     * The connection to the server, for its stats and its simulated network.
     *
     * @return the peer
     */
    public Peer server() {
        return server;
    }

    /**
     * Why the connection ended.
     *
     * @return the reason, or null while it lasts
     */
    public DisconnectReason closed() {
        return closed;
    }

    /**
     * The commands sent but not yet applied by the server.
     *
     * @return how many
     */
    public int pending() {
        return pending.size();
    }
}
