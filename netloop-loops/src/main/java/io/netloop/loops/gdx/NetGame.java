package io.netloop.loops.gdx;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.badlogic.gdx.ApplicationAdapter;
import com.badlogic.gdx.Gdx;
import com.badlogic.gdx.graphics.g2d.BitmapFont;
import com.badlogic.gdx.graphics.g2d.SpriteBatch;
import com.badlogic.gdx.utils.ScreenUtils;
import io.netloop.Delivery;
import io.netloop.Net;
import io.netloop.NetEvent;
import io.netloop.Peer;
import java.nio.ByteBuffer;

/** A LibGDX game that polls its {@link Net} at the top of {@code render()}, on the GL thread. */
public class NetGame extends ApplicationAdapter {
    private final String uri;
    private Net net;
    private Peer server;
    private SpriteBatch batch;
    private BitmapFont font;
    private String status = "connecting";

    /**
     * A game that connects to a server.
     *
     * @param uri the server, e.g. {@code tcp://localhost:7777}
     */
    public NetGame(String uri) {
        this.uri = uri;
    }

    @Override
    public void create() { // on the GL thread: it owns the Net from here on
        batch = new SpriteBatch();
        font = new BitmapFont();
        net = Net.open();
        server = net.connect(uri); // returns at once; CONNECTED comes from a later poll
    }

    @Override
    public void render() { // once a frame, on the GL thread
        for (NetEvent e : net.poll()) {
            switch (e.type()) {
                case CONNECTED, RECONNECTED -> status = "connected";
                case DATA -> status = new String(e.data(), UTF_8);
                case RECONNECTING -> status = "reconnecting...";
                case DISCONNECTED -> status = "gone: " + e.reason();
                default -> {}
            }
        }
        byte[] pointer = ByteBuffer.allocate(8)
                .putFloat(Gdx.input.getX())
                .putFloat(Gdx.input.getY())
                .array();
        server.send(1, pointer, Delivery.SEQUENCED); // only the newest position matters

        ScreenUtils.clear(0, 0, 0, 1);
        batch.begin();
        font.draw(batch, status, 10, 20);
        batch.end();
    }

    @Override
    public void dispose() { // on the GL thread, when the game ends
        net.close(); // tells the server goodbye
        font.dispose();
        batch.dispose();
    }
}
