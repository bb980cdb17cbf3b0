package io.netloop.loops.jme;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.jme3.app.Application;
import com.jme3.app.SimpleApplication;
import com.jme3.app.state.BaseAppState;
import com.jme3.font.BitmapFont;
import com.jme3.font.BitmapText;
import com.jme3.math.Vector3f;
import io.netloop.Delivery;
import io.netloop.Net;
import io.netloop.NetEvent;
import io.netloop.Peer;
import java.nio.ByteBuffer;

/** A jMonkeyEngine app state that polls its {@link Net} in {@code update}, on the render thread. */
public class NetState extends BaseAppState {
    private final String uri;
    private Net net;
    private Peer server;
    private BitmapText status;

    /**
     * A state that connects to a server once attached.
     *
     * @param uri the server, e.g. {@code tcp://localhost:7777}
     */
    public NetState(String uri) {
        this.uri = uri;
    }

    @Override
    protected void initialize(Application app) { // on the render thread: it owns the Net
        BitmapFont font = app.getAssetManager().loadFont("Interface/Fonts/Default.fnt");
        status = new BitmapText(font);
        status.setText("connecting");
        status.setLocalTranslation(10, 10 + status.getLineHeight(), 0);
        ((SimpleApplication) app).getGuiNode().attachChild(status);
        net = Net.open();
        server = net.connect(uri); // returns at once; CONNECTED comes from a later poll
    }

    @Override
    public void update(float tpf) { // once a frame while enabled, on the render thread
        for (NetEvent e : net.poll()) {
            switch (e.type()) {
                case CONNECTED, RECONNECTED -> status.setText("connected");
                case DATA -> status.setText(new String(e.data(), UTF_8)); // scene graph, directly
                case RECONNECTING -> status.setText("reconnecting...");
                case DISCONNECTED -> status.setText("gone: " + e.reason());
                default -> {}
            }
        }
        Vector3f eye = getApplication().getCamera().getLocation();
        byte[] position = ByteBuffer.allocate(12)
                .putFloat(eye.x)
                .putFloat(eye.y)
                .putFloat(eye.z)
                .array();
        server.send(1, position, Delivery.SEQUENCED); // only the newest position matters
    }

    @Override
    protected void cleanup(Application app) { // on the render thread: detached, or the app stopped
        net.close(); // tells the server goodbye
        status.removeFromParent();
    }

    @Override
    protected void onEnable() {}

    @Override
    protected void onDisable() {}
}
