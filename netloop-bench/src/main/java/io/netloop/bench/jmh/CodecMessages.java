package io.netloop.bench.jmh;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Three typical game messages for {@link CodecBench}: a player's input each tick, a chat line, and
 * a state snapshot of 32 entities. They implement {@link Serializable} only so that Java
 * serialization can be measured beside them; netloop-codec never uses it.
 */
public final class CodecMessages {
    private CodecMessages() {}

    /** A team, sent as an enum. */
    public enum Team {
        /** The red team. */
        RED,
        /** The blue team. */
        BLUE
    }

    /**
     * A player's input for one tick.
     *
     * @param player the player's id
     * @param sequence the input's sequence number
     * @param x aim x
     * @param y aim y
     * @param angle facing, radians
     * @param firing whether the trigger is held
     */
    public record Move(int player, short sequence, float x, float y, float angle, boolean firing)
            implements Serializable {}

    /**
     * A chat line.
     *
     * @param from the sender's name
     * @param text the line
     */
    public record Chat(String from, String text) implements Serializable {}

    /**
     * One entity in a snapshot.
     *
     * @param id the entity's id
     * @param x position x
     * @param y position y
     * @param vx velocity x
     * @param vy velocity y
     * @param health hit points
     * @param team its team
     */
    public record Entity(int id, float x, float y, float vx, float vy, short health, Team team)
            implements Serializable {}

    /**
     * The state of the world at one tick.
     *
     * @param tick the server's tick
     * @param entities the entities near the receiver
     */
    public record Snapshot(long tick, List<Entity> entities) implements Serializable {}

    /**
     * A move as a client sends it 30 to 60 times a second.
     *
     * @return the move
     */
    public static Move move() {
        return new Move(17, (short) 4711, 312.5f, -80.25f, 1.57f, true);
    }

    /**
     * A short chat line with a non-ASCII character.
     *
     * @return the line
     */
    public static Chat chat() {
        return new Chat("Zoë", "gg, rematch in five?");
    }

    /**
     * A snapshot of 32 entities; the list is an {@link ArrayList}, which every codec can build.
     *
     * @return the snapshot
     */
    public static Snapshot snapshot() {
        List<Entity> entities = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            entities.add(new Entity(
                    1000 + i, i * 12.5f, 400 - i * 3.25f, 1.5f, -0.5f, (short) (100 - i), Team.values()[i % 2]));
        }
        return new Snapshot(987_654L, entities);
    }
}
