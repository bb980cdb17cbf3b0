package io.netloop.awt;

import static io.netloop.NetEvent.Type.CONNECTED;
import static io.netloop.NetEvent.Type.DATA;
import static io.netloop.NetEvent.Type.DISCONNECTED;
import static io.netloop.awt.TestHost.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netloop.Delivery;
import io.netloop.DisconnectReason;
import io.netloop.Net;
import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.SendResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The mode with no thread: a Swing timer polls on the EDT. Needs no display (Swing timers run
 * headless too); {@link SwingWindowTest} repeats it with a window on a real display.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SwingNetTimerTest {
    private final TestHost host = new TestHost();
    private final Arrivals arrivals = new Arrivals();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private SwingNetTimer timer;

    @AfterEach
    void tearDown() {
        if (timer != null) {
            Edt.run(timer::close);
        }
        host.close();
    }

    /** Opens a Net on the EDT, starts a timer on it that hands events to {@code onEvent}, connects. */
    private void startAndConnect(Consumer<NetEvent> onEvent) {
        Edt.run(() -> {
            timer = new SwingNetTimer(Net.open(), onEvent);
            timer.setErrorHandler(errors::add);
            timer.setPeriod(5);
            timer.net().connect(host.uri());
            timer.start();
        });
    }

    @Test
    void eventsAreHandledOnTheEdtWhichMaySendDirectly() {
        List<SendResult> results = new CopyOnWriteArrayList<>();
        startAndConnect(e -> {
            arrivals.accept(e);
            if (e.type() == CONNECTED) {
                results.add(e.peer().send(0, bytes("hi from the EDT"), Delivery.RELIABLE));
            }
        });
        Peer client = host.awaitClient();
        host.send(client, "one");
        host.send(client, "two");

        host.pollUntil("two messages reach the EDT", () -> arrivals.texts().size() == 2);
        host.pollUntil("the EDT's message arrives", () -> !host.texts().isEmpty());

        assertThat(arrivals.types()).containsExactly(CONNECTED, DATA, DATA);
        assertThat(arrivals.texts()).containsExactly("one", "two");
        assertThat(arrivals.all()).allSatisfy(a -> assertThat(a.onEdt()).isTrue());
        assertThat(results).containsExactly(SendResult.QUEUED);
        assertThat(host.texts()).containsExactly("hi from the EDT");
    }

    @Test
    void aTargetComponentReceivesNetAwtEventsInProcessEvent() {
        NetAwtEventTest.Target panel = new NetAwtEventTest.Target();
        Edt.run(() -> {
            timer = new SwingNetTimer(Net.open(), panel);
            timer.net().connect(host.uri());
            timer.start();
        });
        Peer client = host.awaitClient();
        host.send(client, "to the panel");

        host.pollUntil("DATA reaches processEvent", () -> panel.arrivals.has(DATA));
        assertThat(panel.arrivals.types()).containsExactly(CONNECTED, DATA);
        assertThat(panel.arrivals.all()).allSatisfy(a -> assertThat(a.onEdt()).isTrue());
    }

    @Test
    void aHandlerThatThrowsIsReportedAndTheRestOfTheTickIsStillDelivered() {
        startAndConnect(e -> {
            arrivals.accept(e);
            if (e.type() == DATA && TestHost.text(e).equals("a")) {
                throw new IllegalArgumentException("bad a");
            }
        });
        Peer client = host.awaitClient();
        host.send(client, "a");
        host.send(client, "b");
        host.send(client, "c");

        host.pollUntil("all three reach the EDT", () -> arrivals.texts().size() == 3);
        host.pollUntil("the error is reported", () -> !errors.isEmpty());
        assertThat(arrivals.texts()).containsExactly("a", "b", "c");
        assertThat(errors).singleElement().satisfies(e -> assertThat(e).hasMessage("bad a"));
        assertThat(Edt.get(timer::isRunning)).isTrue();
    }

    @Test
    void aNetClosedBehindItsBackStopsTheTimerAfterTwoFailedTicks() {
        startAndConnect(arrivals);
        host.awaitClient();

        Edt.run(() -> timer.net().close());

        host.pollUntil("the timer stops", () -> !Edt.get(timer::isRunning));
        host.pollUntil("both failures are reported", () -> errors.size() == 2);
        assertThat(errors.get(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stopped")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeStopsTheTimerAndTellsTheOtherSide() {
        startAndConnect(arrivals);
        host.awaitClient();
        host.pollUntil("CONNECTED reaches the EDT", () -> arrivals.has(CONNECTED)); // a goodbye needs it

        Edt.run(timer::close);
        Edt.run(timer::close); // again: nothing happens

        host.pollUntil(
                "the host sees DISCONNECTED", () -> !host.of(DISCONNECTED).isEmpty());
        assertThat(host.of(DISCONNECTED).get(0).reason()).isEqualTo(DisconnectReason.CLOSED_BY_PEER);
        assertThat(Edt.get(timer::isRunning)).isFalse();
        assertThatThrownBy(() -> Edt.run(timer::start)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Edt.run(() -> timer.setPeriod(0))).isInstanceOf(IllegalArgumentException.class);
    }
}
