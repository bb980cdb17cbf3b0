package io.netloop.awt;

import static io.netloop.NetEvent.Type.CONNECTED;
import static io.netloop.NetEvent.Type.DATA;
import static io.netloop.NetEvent.Type.DISCONNECTED;
import static io.netloop.awt.TestHost.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netloop.Delivery;
import io.netloop.DisconnectReason;
import io.netloop.NetConfig;
import io.netloop.Peer;
import io.netloop.SendResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The threaded mode against a real host on 127.0.0.1. Needs no display: the system event queue
 * and its dispatch thread run headless too. {@link SwingWindowTest} repeats the main path with a
 * window on a real display.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BackgroundNetTest {
    private final TestHost host = new TestHost();
    private final Arrivals arrivals = new Arrivals();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final List<Boolean> errorsOnEdt = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        host.close();
    }

    private BackgroundNet start() {
        BackgroundNet bridge = BackgroundNet.start(arrivals);
        bridge.setErrorHandler(this::recordError);
        return bridge;
    }

    private void recordError(Throwable t) {
        errorsOnEdt.add(SwingUtilities.isEventDispatchThread());
        errors.add(t);
    }

    /** Connects the bridge to the host and waits until both sides have seen CONNECTED. */
    private Peer connect(BackgroundNet bridge) {
        bridge.connect(host.uri());
        Peer client = host.awaitClient();
        host.pollUntil("CONNECTED reaches the EDT", () -> arrivals.has(CONNECTED));
        return client;
    }

    @Test
    void eventsReachTheHandlerOnTheEdtInOrderThroughTheSystemEventQueue() {
        try (BackgroundNet bridge = start()) {
            Peer client = connect(bridge);
            for (String text : List.of("one", "two", "three")) {
                host.send(client, text);
            }
            host.pollUntil(
                    "three messages reach the EDT", () -> arrivals.texts().size() == 3);

            assertThat(arrivals.types()).containsExactly(CONNECTED, DATA, DATA, DATA);
            assertThat(arrivals.texts()).containsExactly("one", "two", "three");
            assertThat(arrivals.all()).allSatisfy(a -> {
                assertThat(a.onEdt()).isTrue();
                assertThat(a.current()).isInstanceOfSatisfying(NetAwtEvent.class, n -> {
                    assertThat(n.netEvent()).isSameAs(a.event());
                    assertThat(n.getSource()).isSameAs(bridge);
                });
            });
        }
    }

    @Test
    void eventsReachProcessEventOfTheTargetComponent() {
        NetAwtEventTest.Target panel = new NetAwtEventTest.Target();
        try (BackgroundNet bridge = BackgroundNet.start(panel, NetConfig.defaults())) {
            bridge.connect(host.uri());
            Peer client = host.awaitClient();
            host.send(client, "hello");
            host.pollUntil("DATA reaches processEvent", () -> panel.arrivals.has(DATA));

            assertThat(panel.arrivals.types()).containsExactly(CONNECTED, DATA);
            assertThat(panel.arrivals.all()).allSatisfy(a -> {
                assertThat(a.onEdt()).isTrue();
                assertThat(a.current()).isInstanceOf(NetAwtEvent.class);
                assertThat(a.current().getSource()).isSameAs(panel);
            });
        }
    }

    @Test
    void aSendFromTheEdtGoesThroughTheDoorAndArrives() {
        try (BackgroundNet bridge = start()) {
            connect(bridge);
            Peer server = arrivals.first(CONNECTED).peer();

            SendResult result = Edt.get(() -> bridge.send(server, 0, bytes("from the EDT"), Delivery.RELIABLE));

            assertThat(result).isEqualTo(SendResult.QUEUED);
            host.pollUntil("the message arrives", () -> !host.texts().isEmpty());
            assertThat(host.texts()).containsExactly("from the EDT");
        }
    }

    @Test
    void callReturnsWhatTheWorkReturnsAndThrowsWhatItThrew() {
        try (BackgroundNet bridge = start()) {
            assertThat(bridge.<Integer>call(n -> n.config().maxMessageSize())).isPositive();
            assertThatThrownBy(() -> bridge.listen("nonsense://x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nonsense");
            Peer server = bridge.connect(host.uri());
            assertThatThrownBy(() -> bridge.send(server, 256, bytes("x"), Delivery.RELIABLE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("256");

            AtomicReference<String> inner = new AtomicReference<>();
            bridge.execute(
                    n -> inner.set(bridge.call(m -> Thread.currentThread().getName()))); // runs inline
            host.pollUntil("the nested call runs", () -> inner.get() != null);
            assertThat(inner.get()).isEqualTo(BackgroundNet.THREAD_NAME);
            assertThat(errors).isEmpty();
        }
    }

    @Test
    void workThatThrowsIsReportedOnTheEdtAndThePollThreadCarriesOn() {
        try (BackgroundNet bridge = start()) {
            bridge.execute(n -> {
                throw new IllegalStateException("boom");
            });
            host.pollUntil("the error is reported", () -> !errors.isEmpty());
            assertThat(errors).singleElement().satisfies(e -> assertThat(e).hasMessage("boom"));
            assertThat(errorsOnEdt).containsExactly(true);

            Peer client = connect(bridge); // still polling
            host.send(client, "still here");
            host.pollUntil("DATA after the error", () -> arrivals.has(DATA));
        }
    }

    @Test
    void aHandlerThatThrowsIsReportedAndLaterEventsStillArrive() {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (BackgroundNet bridge = BackgroundNet.start(e -> {
            if (e.type() == DATA) {
                seen.add(TestHost.text(e));
                if (seen.size() == 1) {
                    throw new IllegalArgumentException("bad first message");
                }
            }
        })) {
            bridge.setErrorHandler(this::recordError);
            bridge.connect(host.uri());
            Peer client = host.awaitClient();
            host.send(client, "a");
            host.send(client, "b");
            host.pollUntil("both messages are handled", () -> seen.size() == 2);

            assertThat(seen).containsExactly("a", "b");
            host.pollUntil("the error is reported", () -> !errors.isEmpty());
            assertThat(errors).singleElement().satisfies(e -> assertThat(e).hasMessage("bad first message"));
        }
    }

    @Test
    void withoutAnErrorHandlerTheErrorIsRethrownOnTheEdt() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            threads.add(t);
            uncaught.add(e);
        });
        try (BackgroundNet bridge = BackgroundNet.start(arrivals)) {
            bridge.execute(n -> {
                throw new IllegalStateException("nobody listens");
            });
            host.pollUntil("the EDT reports it", () -> !uncaught.isEmpty());

            assertThat(uncaught).singleElement().satisfies(e -> assertThat(e).hasMessage("nobody listens"));
            assertThat(threads.get(0).getName()).startsWith("AWT-EventQueue");
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    @Test
    void closeEndsThePollThreadTellsTheOtherSideAndShutsTheDoor() {
        BackgroundNet bridge = start();
        connect(bridge);
        Peer server = arrivals.first(CONNECTED).peer();
        assertThat(Edt.pollThreadAlive()).isTrue();

        Edt.run(bridge::close);

        assertThat(Edt.pollThreadAlive()).isFalse();
        host.pollUntil(
                "the host sees DISCONNECTED", () -> !host.of(DISCONNECTED).isEmpty());
        assertThat(host.of(DISCONNECTED).get(0).reason()).isEqualTo(DisconnectReason.CLOSED_BY_PEER);
        bridge.close(); // again: nothing happens
        assertThatThrownBy(() -> bridge.execute(n -> {})).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> bridge.send(server, 0, bytes("late"), Delivery.RELIABLE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void workGivenBeforeCloseStillRunsBeforeTheGoodbye() {
        BackgroundNet bridge = start();
        connect(bridge);
        Peer server = arrivals.first(CONNECTED).peer();

        bridge.execute(n -> server.send(0, bytes("last words"), Delivery.RELIABLE));
        bridge.close();

        host.pollUntil(
                "the host sees DISCONNECTED", () -> !host.of(DISCONNECTED).isEmpty());
        assertThat(host.texts()).containsExactly("last words");
    }

    @Test
    void closeCalledFromDoorWorkEndsThePollThread() {
        BackgroundNet bridge = start();
        bridge.execute(n -> bridge.close());

        host.pollUntil("the poll thread ends", () -> !Edt.pollThreadAlive());
    }

    @Test
    void noEventReachesTheGameAfterClose() throws InterruptedException {
        BackgroundNet bridge = start();
        Peer client = connect(bridge);
        CountDownLatch release = new CountDownLatch(1);
        SwingUtilities.invokeLater(() -> {
            try {
                release.await(); // hold the EDT while a DATA event is posted behind this one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            bridge.close();
        });

        host.send(client, "too late");
        host.pollUntil("the DATA event is posted", () -> bridge.backlog() == 1);
        release.countDown();
        host.pollUntil("the poll thread ends", () -> !Edt.pollThreadAlive());
        Edt.drain();

        assertThat(arrivals.types()).containsExactly(CONNECTED);
        assertThat(bridge.backlog()).isZero();
    }

    @Test
    void aBusyEdtHoldsThePollThreadBackAndLosesNothing() {
        int limit = 4;
        try (BackgroundNet bridge = BackgroundNet.start(null, arrivals, NetConfig.defaults(), limit)) {
            bridge.connect(host.uri());
            Peer client = host.awaitClient();
            host.pollUntil("CONNECTED reaches the EDT", () -> arrivals.has(CONNECTED));
            CountDownLatch release = new CountDownLatch(1);
            SwingUtilities.invokeLater(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            for (int i = 0; i < limit; i++) { // one at a time, so each is one poll's batch
                host.send(client, "m" + i);
                int posted = i + 1;
                host.pollUntil("message " + i + " is posted", () -> bridge.backlog() == posted);
            }
            for (int i = limit; i < 20; i++) {
                host.send(client, "m" + i);
            }
            assertThat(host.pollWhile(300, () -> bridge.backlog() == limit))
                    .as("the poll thread reads nothing while the EDT is behind")
                    .isFalse();
            release.countDown();

            host.pollUntil(
                    "all 20 messages reach the EDT", () -> arrivals.texts().size() == 20);
            assertThat(arrivals.texts())
                    .containsExactlyElementsOf(
                            IntStream.range(0, 20).mapToObj(i -> "m" + i).toList());
        }
    }
}
