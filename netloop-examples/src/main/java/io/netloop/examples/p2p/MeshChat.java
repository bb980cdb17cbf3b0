package io.netloop.examples.p2p;

import io.netloop.Delivery;
import io.netloop.Mesh;
import io.netloop.Net;
import io.netloop.NetConfig;
import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.codec.Codec;
import io.netloop.codec.CodecException;
import java.util.function.Consumer;

/**
 * A chat with no server: every member joins one mesh on the LAN and sends each line to every
 * other member directly. Drive it from the game loop with {@link #poll()}; it uses its own {@link
 * Net}, which it polls there.
 */
public final class MeshChat implements AutoCloseable {
    /**
     * A line said by a member.
     *
     * @param from the member's name
     * @param text the line
     */
    public record Line(String from, String text) {}

    /** The only message; its fingerprint is the handshake agreement, so other programs are refused. */
    public static final Codec CODEC = Codec.builder().register(Line.class).build();

    private final String name;
    private final Net net;
    private final Mesh mesh;
    private final Consumer<String> out;
    private int heard;

    /**
     * Joins the chat.
     *
     * @param name this member's name
     * @param lanUri the chat's name on the LAN, e.g. {@code lan://mesh-chat}
     * @param out where lines heard and members coming and going are printed
     */
    public MeshChat(String name, String lanUri, Consumer<String> out) {
        this.name = name;
        this.out = out;
        this.net = Net.open(NetConfig.builder()
                .applicationId("netloop-mesh-chat")
                .agreement("message set", CODEC.fingerprint())
                .build());
        this.mesh = net.mesh(lanUri, "tcp://0.0.0.0:0");
    }

    /**
     * Says a line to every member connected now.
     *
     * @param text the line
     * @return how many members it went to
     */
    public int sayToAll(String text) {
        int n = 0;
        for (Peer member : mesh.peers()) {
            CODEC.send(member, 0, new Line(name, text), Delivery.RELIABLE);
            n++;
        }
        return n;
    }

    /** Polls the network once; call it every frame. */
    public void poll() {
        for (NetEvent e : net.poll()) {
            switch (e.type()) {
                case CONNECTED -> out.accept(
                        "[" + name + "] a member joined from " + e.peer().remoteAddress());
                case DATA -> onData(e);
                case DISCONNECTED -> out.accept("[" + name + "] a member left (" + e.reason() + ")");
                default -> {}
            }
        }
    }

    private void onData(NetEvent e) {
        try {
            if (CODEC.decode(e) instanceof Line line) {
                heard++;
                out.accept("[" + name + "] " + line.from() + ": " + line.text());
            }
        } catch (CodecException bad) {
            e.peer().close(); // a member that sends nonsense is cut off; the others carry on
        }
    }

    /**
     * The members connected now.
     *
     * @return how many
     */
    public int members() {
        return mesh.peers().size();
    }

    /**
     * The lines heard so far.
     *
     * @return the count
     */
    public int linesHeard() {
        return heard;
    }

    /** Leaves the chat: the others see this member go. */
    @Override
    public void close() {
        mesh.close();
        net.close();
    }
}
