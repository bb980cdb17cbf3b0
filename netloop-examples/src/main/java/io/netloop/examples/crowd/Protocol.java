package io.netloop.examples.crowd;

import io.netloop.NetConfig;
import io.netloop.codec.Codec;
import io.netloop.examples.Messages;
import java.util.List;

/**
 * Every message of the crowd, in one place, over {@code udp://}. State is compact: a client's own
 * position in sixteenths of a unit, every other player as whole units relative to it, so that a
 * nearby player costs about ten bytes.
 *
 * <ul>
 *   <li>{@link #INPUT}, {@code SEQUENCED}: {@link Steer} when the heading changes, and once a second
 *       in case one was lost.
 *   <li>{@link #STATE}, {@code SEQUENCED}: one {@link View} a tick, with as many nearby players as
 *       the client's bandwidth budget allows, the most overdue first.
 *   <li>{@link #EVENTS}, {@code RELIABLE}: {@link Hello} and {@link Welcome}.
 * </ul>
 */
public final class Protocol {
    /** Steering. */
    public static final int INPUT = 0;

    /** Views of the world. */
    public static final int STATE = 1;

    /** Joining. */
    public static final int EVENTS = 2;

    /** The port a server listens on unless told otherwise. */
    public static final int PORT = 7779;

    /** The game name servers advertise on the LAN. */
    public static final String LAN_NAME = "netloop-crowd";

    /** A position in a {@link View}'s {@code x} and {@code y}: sixteenths of a unit. */
    public static final int SUBUNITS = 16;

    /** A heading that stands still. */
    public static final int STOP = -1;

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
     * The server took the client in.
     *
     * @param id its player
     * @param world the world's width and height, in units
     * @param view how far it sees, in units
     */
    public record Welcome(int id, int world, int view) {}

    /**
     * Where the player wants to go.
     *
     * @param heading 0 to 255 for a full turn clockwise from east, or {@link #STOP}
     */
    public record Steer(int heading) {}

    /**
     * Another player as a client sees it.
     *
     * @param id the player
     * @param dx its x minus the client's, in whole units
     * @param dy its y minus the client's, in whole units
     * @param heading 0 to 255, or {@link #STOP}
     */
    public record Mover(int id, int dx, int dy, int heading) {}

    /**
     * What a client sees at one tick.
     *
     * @param tick the server's tick
     * @param x the client's own x, in {@link #SUBUNITS}
     * @param y the client's own y, in {@link #SUBUNITS}
     * @param movers players near it, at most what its budget allows
     */
    public record View(int tick, int x, int y, List<Mover> movers) {}

    /** The codec of all messages above, in one order that client and server share. */
    public static final Codec CODEC = Codec.builder()
            .register(Hello.class, Welcome.class, Steer.class, Mover.class, View.class)
            .maxElements(4096)
            .maxStringBytes(128)
            .build();

    private Protocol() {}

    /**
     * Settings for both ends: a client and server built from other messages refuse each other.
     *
     * @return the configuration
     */
    public static NetConfig config() {
        return Messages.config(LAN_NAME, CODEC).build();
    }
}
