package io.netloop.examples.arena;

import io.netloop.NetConfig;
import io.netloop.codec.Codec;
import io.netloop.examples.Messages;
import java.util.List;

/**
 * Every message of the arena, in one place, over {@code udp://}.
 *
 * <ul>
 *   <li>{@link #INPUT}, {@code UNRELIABLE}: the client's {@link Inputs}, 30 a second. Each carries
 *       the commands the server has not acknowledged yet (at most {@link #REDUNDANCY}), so a lost
 *       datagram costs nothing: the next one repeats it.
 *   <li>{@link #STATE}, {@code SEQUENCED}: a {@link Snapshot} of every ship each server tick, with
 *       the last command the server applied for this client; an old one arriving late is dropped.
 *   <li>{@link #EVENTS}, {@code RELIABLE}: {@link Welcome}, {@link Joined}, {@link Left}, {@link
 *       Shot} and {@link Score}, which must arrive once each, in order.
 * </ul>
 */
public final class Protocol {
    /** Client commands. */
    public static final int INPUT = 0;

    /** Server snapshots. */
    public static final int STATE = 1;

    /** Game events. */
    public static final int EVENTS = 2;

    /** The port a server listens on unless told otherwise. */
    public static final int PORT = 7778;

    /** The game name servers advertise on the LAN. */
    public static final String LAN_NAME = "netloop-arena";

    /** The most commands one {@link Inputs} repeats. */
    public static final int REDUNDANCY = 12;

    /**
     * A client joins.
     *
     * @param name 1 to 32 characters
     */
    public record Hello(String name) {
        /**
         * Refuses a missing or overlong name.
         *
         * @param name the name
         */
        public Hello {
            if (name == null || name.isBlank() || name.length() > 32) {
                throw new IllegalArgumentException("a name has 1 to 32 characters");
            }
        }
    }

    /**
     * One client tick of input.
     *
     * @param sequence numbers the commands, from 1, one a client tick
     * @param keys {@link Physics#UP}, {@link Physics#DOWN}, {@link Physics#LEFT}, {@link
     *     Physics#RIGHT} bits
     * @param aim where the ship points, in radians
     * @param fire whether the trigger is down
     */
    public record Command(int sequence, int keys, float aim, boolean fire) {}

    /**
     * The commands the server has not acknowledged, oldest first.
     *
     * @param commands at most {@link #REDUNDANCY}
     */
    public record Inputs(List<Command> commands) {}

    /**
     * One ship in a snapshot.
     *
     * @param id the player's id
     * @param x where it is
     * @param y where it is
     * @param aim where it points, in radians
     * @param health 0 to 100
     */
    public record Ship(int id, float x, float y, float aim, int health) {}

    /**
     * The arena at one server tick.
     *
     * @param tick the server's tick number
     * @param acknowledged the last command of this client the server applied
     * @param ships every ship
     */
    public record Snapshot(int tick, int acknowledged, List<Ship> ships) {}

    /**
     * The server took the client in.
     *
     * @param id the client's ship
     */
    public record Welcome(int id) {}

    /**
     * A player is in the arena (sent for everyone already there, too).
     *
     * @param id its ship
     * @param name its name
     */
    public record Joined(int id, String name) {}

    /**
     * A player left.
     *
     * @param id its ship
     */
    public record Left(int id) {}

    /**
     * A shot, drawn as a tracer.
     *
     * @param shooter who fired
     * @param target who was hit, or 0
     * @param fromX where it started
     * @param fromY where it started
     * @param toX where it ended
     * @param toY where it ended
     */
    public record Shot(int shooter, int target, float fromX, float fromY, float toX, float toY) {}

    /**
     * A player's score changed.
     *
     * @param id the player
     * @param kills ships it destroyed
     * @param deaths times it was destroyed
     */
    public record Score(int id, int kills, int deaths) {}

    /** The codec of all messages above, in one order that client and server share. */
    public static final Codec CODEC = Codec.builder()
            .register(Hello.class, Command.class, Inputs.class, Ship.class, Snapshot.class)
            .register(Welcome.class, Joined.class, Left.class, Shot.class, Score.class)
            .maxElements(256)
            .maxStringBytes(128)
            .build();

    private Protocol() {}

    /**
     * Settings for both ends: a client and server built from other messages refuse each other.
     *
     * @return the configuration
     */
    public static NetConfig config() {
        return configBuilder().build();
    }

    /**
     * The settings of {@link #config()}, to change more of them, e.g. timeouts in a test.
     *
     * @return a builder with the application id and the message set's agreement
     */
    public static NetConfig.Builder configBuilder() {
        return Messages.config(LAN_NAME, CODEC);
    }
}
