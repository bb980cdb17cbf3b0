package io.netloop.examples.chat;

import io.netloop.Delivery;
import io.netloop.DisconnectReason;
import io.netloop.Host;
import io.netloop.Listener;
import io.netloop.Net;
import io.netloop.Peer;
import io.netloop.examples.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A chat room: relays every line to everyone and announces who comes and goes. It reacts to
 * callbacks, which netloop calls from inside {@code net.poll()} on the game's own thread.
 */
public final class ChatServer implements Listener {
    private final Host host;
    private final Consumer<String> log;

    /**
     * Starts listening.
     *
     * @param net the network to listen on
     * @param uri e.g. {@code tcp://0.0.0.0:7777}
     * @param log where the server reports what happens
     */
    public ChatServer(Net net, String uri, Consumer<String> log) {
        this.log = log;
        this.host = net.listen(uri, this);
    }

    /**
     * The port the room listens on.
     *
     * @return the bound port
     */
    public int port() {
        return host.port();
    }

    @Override
    public void onData(Peer peer, int channel, byte[] data, long sequence) {
        Record message = Messages.decodeOrClose(Chat.CODEC, peer, data, line -> log.accept("[server] " + line));
        if (message == null) {
            return;
        }
        String name = peer.attachment();
        if (message instanceof Chat.Hello hello && name == null) {
            Chat.CODEC.send(peer, Chat.PRESENCE, new Chat.Roster(names()), Delivery.RELIABLE);
            peer.attach(hello.name());
            tellEveryone(Chat.PRESENCE, new Chat.Joined(hello.name()));
            log.accept("[server] " + hello.name() + " joined from " + peer.remoteAddress());
        } else if (message instanceof Chat.Say say && name != null) {
            tellEveryone(Chat.CHAT, new Chat.Said(name, say.text()));
        }
    }

    @Override
    public void onDisconnected(Peer peer, DisconnectReason reason, String detail) {
        String name = peer.attachment();
        if (name != null) {
            tellEveryone(Chat.PRESENCE, new Chat.Left(name));
            log.accept("[server] " + name + " left (" + reason + ")");
        }
    }

    /** Sends to everyone who has said hello; a connection that has not is not in the room yet. */
    private void tellEveryone(int channel, Record message) {
        byte[] data = Chat.CODEC.encode(message);
        for (Peer p : host.peers()) {
            if (p.attachment() != null) {
                p.send(channel, data, Delivery.RELIABLE);
            }
        }
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        for (Peer p : host.peers()) {
            if (p.attachment() != null) {
                names.add(p.attachment());
            }
        }
        return names;
    }
}
