package io.netloop.examples.chat;

import io.netloop.Delivery;
import io.netloop.DisconnectReason;
import io.netloop.Listener;
import io.netloop.Net;
import io.netloop.Peer;
import io.netloop.PeerState;
import io.netloop.codec.CodecException;
import java.util.function.Consumer;

/** One person in the chat room: says hello once connected and prints what the room says. */
public final class ChatClient implements Listener {
    private final String name;
    private final Peer server;
    private final Consumer<String> out;
    private int linesHeard;

    /**
     * Connects; returns at once, the hello goes out once connected.
     *
     * @param net the network to connect with
     * @param uri the room, e.g. {@code tcp://localhost:7777}
     * @param name the name shown to others
     * @param out where the client prints what it hears
     */
    public ChatClient(Net net, String uri, String name, Consumer<String> out) {
        this.name = name;
        this.out = out;
        this.server = net.connect(uri, this);
    }

    /**
     * Says a line to the room.
     *
     * @param line the text
     */
    public void say(String line) {
        Chat.CODEC.send(server, Chat.CHAT, new Chat.Say(line), Delivery.RELIABLE);
    }

    /**
     * Leaves the room gracefully: what was said still arrives.
     */
    public void leave() {
        server.close();
    }

    /**
     * Whether the client is still connected or connecting.
     *
     * @return false once disconnected
     */
    public boolean isConnected() {
        return server.state() != PeerState.DISCONNECTED;
    }

    /**
     * How many chat lines this client has heard.
     *
     * @return the count
     */
    public int linesHeard() {
        return linesHeard;
    }

    @Override
    public void onConnected(Peer peer) {
        Chat.CODEC.send(peer, Chat.PRESENCE, new Chat.Hello(name), Delivery.RELIABLE);
    }

    @Override
    public void onData(Peer peer, int channel, byte[] data, long sequence) {
        Record message;
        try {
            message = Chat.CODEC.decode(data);
        } catch (CodecException bad) {
            out.accept("[" + name + "] the room sent nonsense: " + bad.getMessage());
            peer.close();
            return;
        }
        if (message instanceof Chat.Said said) {
            linesHeard++;
            out.accept("[" + name + "] " + said.from() + ": " + said.text());
        } else if (message instanceof Chat.Joined joined) {
            out.accept("[" + name + "] * JOIN " + joined.name());
        } else if (message instanceof Chat.Left left) {
            out.accept("[" + name + "] * LEAVE " + left.name());
        } else if (message instanceof Chat.Roster roster) {
            out.accept("[" + name + "] * ROSTER " + String.join(",", roster.names()));
        }
    }

    @Override
    public void onReconnecting(Peer peer, String detail) {
        out.accept("[" + name + "] reconnecting... (" + detail + ")");
    }

    @Override
    public void onReconnected(Peer peer, boolean resumed, String detail) {
        out.accept("[" + name + "] " + (resumed ? "back, nothing missed" : "back in a new session"));
        if (!resumed) {
            onConnected(peer); // the room forgot us (it restarted): say hello again
        }
    }

    @Override
    public void onDisconnected(Peer peer, DisconnectReason reason, String detail) {
        out.accept("[" + name + "] disconnected: " + reason + (detail.isEmpty() ? "" : " (" + detail + ")"));
    }
}
