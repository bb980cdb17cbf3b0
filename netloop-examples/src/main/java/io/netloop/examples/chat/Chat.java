package io.netloop.examples.chat;

import io.netloop.NetConfig;
import io.netloop.codec.Codec;
import io.netloop.examples.Messages;
import java.util.List;

/**
 * The chat protocol in one place: its channels, its messages as records, and the codec that
 * registers them all, in one order that client and server share.
 *
 * <ul>
 *   <li>{@link #CHAT}: {@link Say} from a client, relayed by the server to everyone as {@link Said}.
 *   <li>{@link #PRESENCE}: {@link Hello} from a client once connected; {@link Roster} to it in
 *       answer, and {@link Joined} and {@link Left} to everyone.
 * </ul>
 */
public final class Chat {
    /** Chat lines, reliable and ordered. */
    public static final int CHAT = 0;

    /** Who is here, reliable and ordered, on a channel of its own so a long chat never delays it. */
    public static final int PRESENCE = 1;

    /** The longest name, in characters; a longer one is refused when the message is decoded. */
    public static final int MAX_NAME = 32;

    /**
     * A client introduces itself.
     *
     * @param name 1 to {@link #MAX_NAME} characters, checked on both ends by the constructor
     */
    public record Hello(String name) {
        /**
         * Refuses a missing, blank or overlong name, also when a hostile client sends one.
         *
         * @param name the name to check
         */
        public Hello {
            if (name == null || name.isBlank() || name.length() > MAX_NAME) {
                throw new IllegalArgumentException("a name has 1 to " + MAX_NAME + " characters");
            }
        }
    }

    /**
     * A line a client says.
     *
     * @param text the line
     */
    public record Say(String text) {}

    /**
     * A line relayed by the server.
     *
     * @param from who said it
     * @param text the line
     */
    public record Said(String from, String text) {}

    /**
     * Someone entered the room.
     *
     * @param name their name
     */
    public record Joined(String name) {}

    /**
     * Someone left the room.
     *
     * @param name their name
     */
    public record Left(String name) {}

    /**
     * Who was in the room when a client arrived.
     *
     * @param names everyone who had said hello
     */
    public record Roster(List<String> names) {}

    /** Every message, registered once; the order is part of the protocol. */
    public static final Codec CODEC = Codec.builder()
            .register(Hello.class, Say.class, Said.class, Joined.class, Left.class, Roster.class)
            .build();

    private Chat() {}

    /**
     * The settings for a chat {@code Net}: a client built with other messages is refused at
     * connect, with a reason saying so, instead of misreading them.
     *
     * @return the configuration for client and server alike
     */
    public static NetConfig config() {
        return Messages.config("netloop-chat", CODEC).build();
    }
}
