package io.netloop.examples.chat;

import java.nio.charset.StandardCharsets;

/**
 * The chat protocol in one place: its channels and its messages, which are UTF-8 text.
 *
 * <ul>
 *   <li>{@link #CHAT}: a line said by a client, or relayed by the server as {@code "name: text"}.
 *   <li>{@link #PRESENCE}: {@code "HELLO name"} from a client once connected; {@code "JOIN name"},
 *       {@code "LEAVE name"} and {@code "ROSTER a,b,c"} from the server.
 * </ul>
 */
public final class Chat {
    /** Chat lines, reliable and ordered. */
    public static final int CHAT = 0;

    /** Who is here, reliable and ordered, on a channel of its own so a long chat never delays it. */
    public static final int PRESENCE = 1;

    private Chat() {}

    /**
     * Encodes a message.
     *
     * @param text the text
     * @return its UTF-8 bytes
     */
    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes a message.
     *
     * @param data UTF-8 bytes
     * @return the text
     */
    public static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }
}
