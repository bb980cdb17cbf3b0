package io.netloop.awt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netloop.NetEvent;
import io.netloop.Peer;
import java.awt.AWTEvent;
import java.awt.Component;
import java.awt.Toolkit;
import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;
import javax.swing.JPanel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The AWT rule the bridge stands on: an event whose id is above {@code RESERVED_ID_MAX}, posted
 * into the system event queue, reaches {@code processEvent} of its source component on the EDT.
 * Runs with or without a display: the event queue and lightweight components need none.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NetAwtEventTest {
    private static final Peer PEER = (Peer) Proxy.newProxyInstance(
            Peer.class.getClassLoader(),
            new Class<?>[] {Peer.class},
            (proxy, method, args) -> method.getName().equals("toString") ? "peer" : null);

    /** A component that records the NetAwtEvents its processEvent receives, and where. */
    static final class Target extends JPanel {
        private static final long serialVersionUID = 1L;
        final Arrivals arrivals = new Arrivals();

        @Override
        protected void processEvent(AWTEvent e) {
            if (e instanceof NetAwtEvent n) {
                arrivals.accept(n.netEvent());
            } else {
                super.processEvent(e);
            }
        }
    }

    @Test
    void aPostedEventReachesProcessEventOfASwingComponentOnTheEdt() {
        Target panel = new Target();
        NetAwtEvent event = new NetAwtEvent(panel, NetEvent.connected(PEER));

        Toolkit.getDefaultToolkit().getSystemEventQueue().postEvent(event);
        Edt.drain();

        assertThat(panel.arrivals.all()).singleElement().satisfies(a -> {
            assertThat(a.event()).isSameAs(event.netEvent());
            assertThat(a.onEdt()).isTrue();
            assertThat(a.current()).isSameAs(event); // it came through the event queue
        });
        assertThat(event.getID()).isEqualTo(NetAwtEvent.NET_EVENT).isGreaterThan(AWTEvent.RESERVED_ID_MAX);
        assertThat(event.getSource()).isSameAs(panel);
    }

    @Test
    void aPlainAwtComponentReceivesItOnlyOnceEventsAreEnabled() {
        Arrivals untouched = new Arrivals();
        Arrivals enabled = new Arrivals();
        Component plain = new Component() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void processEvent(AWTEvent e) {
                untouched.accept(((NetAwtEvent) e).netEvent());
            }
        };
        Component withEvents = new Component() {
            private static final long serialVersionUID = 1L;

            {
                enableEvents(0); // any enableEvents, or any listener, opts in to processEvent
            }

            @Override
            protected void processEvent(AWTEvent e) {
                enabled.accept(((NetAwtEvent) e).netEvent());
            }
        };

        Toolkit.getDefaultToolkit().getSystemEventQueue().postEvent(new NetAwtEvent(plain, NetEvent.connected(PEER)));
        Toolkit.getDefaultToolkit()
                .getSystemEventQueue()
                .postEvent(new NetAwtEvent(withEvents, NetEvent.connected(PEER)));
        Edt.drain(); // the queue is FIFO: both have been dispatched

        assertThat(untouched.all()).isEmpty();
        assertThat(enabled.types()).containsExactly(NetEvent.Type.CONNECTED);
    }

    @Test
    void describesTheNetEventItCarries() {
        NetAwtEvent event = new NetAwtEvent(new JPanel(), NetEvent.data(PEER, 3, new byte[12], 5));

        assertThat(event.paramString()).isEqualTo("DATA peer channel 3 #5 (12 bytes)");
        assertThat(event.toString()).contains("DATA peer channel 3");
    }
}
