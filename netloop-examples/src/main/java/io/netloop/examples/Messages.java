package io.netloop.examples;

import io.netloop.NetConfig;
import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.codec.Codec;
import io.netloop.codec.CodecException;
import java.util.function.Consumer;

/** What every example does with its codec: agree on it at connect, and close whoever sends nonsense. */
public final class Messages {
    private Messages() {}

    /**
     * Settings whose agreement is the codec's fingerprint, so that a client and a server built from
     * other messages refuse each other at connect.
     *
     * @param applicationId the game's name
     * @param codec its messages
     * @return a builder, to set more
     */
    public static NetConfig.Builder config(String applicationId, Codec codec) {
        return NetConfig.builder().applicationId(applicationId).agreement("message set", codec.fingerprint());
    }

    /**
     * Decodes a message, or closes the peer that sent bytes that are not one (a broken or hostile
     * program: everyone else carries on) and says why.
     *
     * @param codec the messages
     * @param peer who sent them
     * @param data the bytes
     * @param log where the reason goes
     * @return the message, or null if the peer was closed
     */
    public static Record decodeOrClose(Codec codec, Peer peer, byte[] data, Consumer<String> log) {
        try {
            return codec.decode(data);
        } catch (CodecException bad) {
            log.accept("closing " + peer.remoteAddress() + ": " + bad.getMessage());
            peer.close();
            return null;
        }
    }

    /**
     * {@link #decodeOrClose(Codec, Peer, byte[], Consumer)} for a DATA event.
     *
     * @param codec the messages
     * @param event the event
     * @param log where the reason goes
     * @return the message, or null if the peer was closed
     */
    public static Record decodeOrClose(Codec codec, NetEvent event, Consumer<String> log) {
        return decodeOrClose(codec, event.peer(), event.data(), log);
    }
}
