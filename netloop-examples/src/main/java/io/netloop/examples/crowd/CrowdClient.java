package io.netloop.examples.crowd;

import io.netloop.Delivery;
import io.netloop.DisconnectReason;
import io.netloop.Net;
import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.examples.Messages;
import io.netloop.examples.crowd.Protocol.Hello;
import io.netloop.examples.crowd.Protocol.Mover;
import io.netloop.examples.crowd.Protocol.Steer;
import io.netloop.examples.crowd.Protocol.View;
import io.netloop.examples.crowd.Protocol.Welcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One player of the crowd without a screen, for the viewer window and the bot swarm: it steers,
 * and keeps the players its views told it about, forgetting one not mentioned for a second (it
 * walked out of sight, or the budget put it off). Several may share one net: each attaches itself
 * to its connection, so events find their client.
 *
 * <p>Use it on the thread that polls its net.
 */
public final class CrowdClient {
    /**
     * Another player where the client last heard of it.
     *
     * @param id the player
     * @param x where it was, in units
     * @param y where it was, in units
     * @param heading where it was going, 0 to 255, or {@link Protocol#STOP}
     * @param heardNanos when
     */
    public record Seen(int id, float x, float y, int heading, long heardNanos) {}

    private static final long FORGET_NANOS = 1_000_000_000L;
    private static final long RESTEER_NANOS = 1_000_000_000L;

    private final Peer server;
    private final String name;
    private final Map<Integer, Seen> seen = new HashMap<>();
    private int id;
    private int view;
    private float x;
    private float y;
    private long views;
    private long viewBytes;
    private long lastViewNanos;
    private int heading = Protocol.STOP;
    private long steeredAt = Long.MIN_VALUE;
    private DisconnectReason closed;

    /**
     * Connects; the client says hello once connected.
     *
     * @param net a net opened with {@link Protocol#config()}
     * @param uri the server, e.g. {@code udp://192.168.1.20:7779}
     * @param name the player's name
     */
    public CrowdClient(Net net, String uri, String name) {
        new Hello(name); // refuses a bad name before anything is sent
        this.name = name;
        this.server = net.connect(uri);
        server.attach(this);
    }

    /**
     * Takes one event of this client's connection.
     *
     * @param event the event
     * @param nowNanos the time, from one clock on every call
     */
    public void handle(NetEvent event, long nowNanos) {
        switch (event.type()) {
            case CONNECTED -> hello();
            case RECONNECTED -> {
                if (!event.resumed()) {
                    hello(); // the server did not know the session: join again
                }
            }
            case DISCONNECTED -> closed = event.reason();
            case DATA -> receive(event, nowNanos);
            default -> {}
        }
    }

    private void hello() {
        id = 0;
        steeredAt = Long.MIN_VALUE;
        Protocol.CODEC.send(server, Protocol.EVENTS, new Hello(name), Delivery.RELIABLE);
    }

    private void receive(NetEvent event, long nowNanos) {
        Record message = Messages.decodeOrClose(Protocol.CODEC, event, line -> {}); // not a crowd server
        if (message == null) {
            return;
        }
        if (message instanceof Welcome w) {
            id = w.id();
            view = w.view();
        } else if (message instanceof View v) {
            views++;
            viewBytes += event.data().length;
            lastViewNanos = nowNanos;
            x = (float) v.x() / Protocol.SUBUNITS;
            y = (float) v.y() / Protocol.SUBUNITS;
            for (Mover m : v.movers()) {
                seen.put(m.id(), new Seen(m.id(), x + m.dx(), y + m.dy(), m.heading(), nowNanos));
            }
            seen.values().removeIf(s -> nowNanos - s.heardNanos() > FORGET_NANOS);
        }
    }

    /**
     * Steers; the heading goes out when it changes, and again once a second in case it was lost.
     *
     * @param newHeading 0 to 255 for a full turn clockwise from east, or {@link Protocol#STOP}
     * @param nowNanos the time, on the clock of {@link #handle}
     */
    public void steer(int newHeading, long nowNanos) {
        if (id != 0 && (newHeading != heading || steeredAt == Long.MIN_VALUE || nowNanos - steeredAt > RESTEER_NANOS)) {
            heading = newHeading;
            steeredAt = nowNanos;
            Protocol.CODEC.send(server, Protocol.INPUT, new Steer(newHeading), Delivery.SEQUENCED);
        }
    }

    /**
     * The players the client knows of, near it.
     *
     * @return a copy
     */
    public List<Seen> seen() {
        return new ArrayList<>(seen.values());
    }

    /**
     * Where the client's own player is, as the last view said.
     *
     * @return {x, y}, in units
     */
    public float[] position() {
        return new float[] {x, y};
    }

    /**
     * The client's player id.
     *
     * @return the id, or 0 before the welcome
     */
    public int id() {
        return id;
    }

    /**
     * How far the client sees.
     *
     * @return the radius, in units, or 0 before the welcome
     */
    public int view() {
        return view;
    }

    /**
     * Views received so far.
     *
     * @return how many
     */
    public long views() {
        return views;
    }

    /**
     * Bytes of views received so far, without netloop's headers.
     *
     * @return how many
     */
    public long viewBytes() {
        return viewBytes;
    }

    /**
     * When the last view came.
     *
     * @return the time, on the clock of {@link #handle}, or 0 before the first
     */
    public long lastViewNanos() {
        return lastViewNanos;
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
     * The connection to the server.
     *
     * @return the peer
     */
    public Peer server() {
        return server;
    }
}
