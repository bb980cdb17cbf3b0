package io.netloop.awt;

import static io.netloop.NetEvent.Type.CONNECTED;
import static io.netloop.NetEvent.Type.DATA;
import static io.netloop.NetEvent.Type.DISCONNECTED;
import static io.netloop.awt.TestHost.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.netloop.Delivery;
import io.netloop.Net;
import io.netloop.Peer;
import io.netloop.SendResult;
import java.awt.AWTEvent;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.Toolkit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.swing.JFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Both modes as a game uses them: a window on a real display, a panel in it that overrides {@code
 * processEvent}, and a real host on 127.0.0.1. Skipped without a display; {@code .ci/run} starts
 * Xvfb for it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SwingWindowTest {
    /** Stands in for the system event queue and records every NetAwtEvent it dispatches. */
    static final class RecordingQueue extends EventQueue {
        final List<AWTEvent> dispatched = new CopyOnWriteArrayList<>();

        @Override
        protected void dispatchEvent(AWTEvent event) {
            if (event instanceof NetAwtEvent) {
                dispatched.add(event);
            }
            super.dispatchEvent(event);
        }

        void uninstall() {
            pop();
        }
    }

    private final TestHost host = new TestHost();
    private final RecordingQueue queue = new RecordingQueue();
    private NetAwtEventTest.Target panel;
    private JFrame frame;

    @BeforeEach
    void showWindow() {
        Assumptions.assumeFalse(
                GraphicsEnvironment.isHeadless(), "no display: run under Xvfb, e.g. .ci/run starts one");
        Toolkit.getDefaultToolkit().getSystemEventQueue().push(queue);
        Edt.run(() -> {
            panel = new NetAwtEventTest.Target();
            frame = new JFrame("netloop-awt test");
            frame.add(panel);
            frame.setSize(320, 240);
            frame.setVisible(true);
        });
    }

    @AfterEach
    void closeWindow() {
        if (frame != null) {
            Edt.run(frame::dispose);
            queue.uninstall();
        }
        host.close();
    }

    @Test
    void threadedModeDeliversToThePanelThroughTheSystemEventQueueOnTheEdt() {
        BackgroundNet bridge = BackgroundNet.start(panel);
        Peer server = bridge.connect(host.uri());
        Peer client = host.awaitClient();
        host.send(client, "one");
        host.send(client, "two");
        host.pollUntil(
                "two messages reach the panel", () -> panel.arrivals.texts().size() == 2);

        assertThat(panel.arrivals.types()).containsExactly(CONNECTED, DATA, DATA);
        assertThat(panel.arrivals.texts()).containsExactly("one", "two");
        assertThat(panel.arrivals.all()).allSatisfy(a -> assertThat(a.onEdt()).isTrue());
        List<AWTEvent> current =
                panel.arrivals.all().stream().map(Arrivals.Arrival::current).toList();
        assertThat(queue.dispatched).containsExactlyElementsOf(current); // the same objects, in order
        assertThat(current).allSatisfy(e -> {
            assertThat(e).isInstanceOf(NetAwtEvent.class);
            assertThat(e.getSource()).isSameAs(panel);
        });

        SendResult sent = Edt.get(() -> bridge.send(server, 0, bytes("from the window"), Delivery.RELIABLE));
        assertThat(sent).isEqualTo(SendResult.QUEUED);
        host.pollUntil("the window's message arrives", () -> !host.texts().isEmpty());
        assertThat(host.texts()).containsExactly("from the window");

        Edt.run(bridge::close);
        assertThat(Edt.pollThreadAlive()).isFalse();
        host.pollUntil(
                "the host sees DISCONNECTED", () -> !host.of(DISCONNECTED).isEmpty());
    }

    @Test
    void timerModeDeliversToThePanelOnTheEdtWhichSendsDirectly() {
        Net net = Edt.get(Net::open); // owned by the EDT from now on
        SwingNetTimer timer = Edt.get(() -> new SwingNetTimer(net, panel));
        try {
            Peer server = Edt.get(() -> net.connect(host.uri()));
            Edt.run(timer::start);
            Peer client = host.awaitClient();
            host.pollUntil("CONNECTED reaches the panel", () -> panel.arrivals.has(CONNECTED));

            SendResult sent = Edt.get(() -> server.send(0, bytes("hello from the EDT"), Delivery.RELIABLE));
            host.send(client, "ping");
            host.pollUntil("DATA reaches the panel", () -> panel.arrivals.has(DATA));
            host.pollUntil("the EDT's message arrives", () -> !host.texts().isEmpty());

            assertThat(sent).isEqualTo(SendResult.QUEUED);
            assertThat(host.texts()).containsExactly("hello from the EDT");
            assertThat(panel.arrivals.types()).containsExactly(CONNECTED, DATA);
            assertThat(panel.arrivals.texts()).containsExactly("ping");
            assertThat(panel.arrivals.all())
                    .allSatisfy(a -> assertThat(a.onEdt()).isTrue());
            assertThat(queue.dispatched).isEmpty(); // handed over inside the tick, not posted
        } finally {
            Edt.run(timer::close);
        }
        host.pollUntil(
                "the host sees DISCONNECTED", () -> !host.of(DISCONNECTED).isEmpty());
    }
}
