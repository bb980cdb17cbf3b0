package io.netloop.loops.fx;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netloop.Delivery;
import io.netloop.Net;
import io.netloop.NetEvent;
import io.netloop.Peer;
import java.nio.ByteBuffer;
import java.util.List;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;

/** A JavaFX application whose {@link AnimationTimer} polls its {@link Net} on the FX thread. */
public class NetApp extends Application {
    private Net net;
    private AnimationTimer loop;

    @Override
    public void start(Stage stage) { // on the FX application thread: it owns the Net from here on
        List<String> args = getParameters().getUnnamed();
        net = Net.open();
        Peer server = net.connect(args.isEmpty() ? "tcp://localhost:7777" : args.get(0));

        Text status = new Text("connecting");
        Scene scene = new Scene(new StackPane(status), 480, 320);
        // Input handlers run on the FX application thread too: they use the Net directly.
        scene.setOnMouseMoved(m -> {
            byte[] pointer = ByteBuffer.allocate(16)
                    .putDouble(m.getX())
                    .putDouble(m.getY())
                    .array();
            server.send(1, pointer, Delivery.SEQUENCED); // only the newest position matters
        });

        loop = new AnimationTimer() {
            @Override
            public void handle(long now) { // once a frame (pulse), on the FX application thread
                for (NetEvent e : net.poll()) {
                    switch (e.type()) {
                        case CONNECTED, RECONNECTED -> status.setText("connected");
                        case DATA -> status.setText(new String(e.data(), UTF_8));
                        case RECONNECTING -> status.setText("reconnecting...");
                        case DISCONNECTED -> status.setText("gone: " + e.reason());
                        default -> {}
                    }
                }
            }
        };
        loop.start();
        stage.setScene(scene);
        stage.show();
    }

    @Override
    public void stop() { // on the FX application thread, after the last window has closed
        loop.stop();
        net.close(); // tells the server goodbye
    }
}
