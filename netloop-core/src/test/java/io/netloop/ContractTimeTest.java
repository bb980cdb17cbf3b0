package io.netloop;

import static io.netloop.NetEvent.Type.CONNECTED;
import static io.netloop.NetEvent.Type.DATA;
import static io.netloop.NetEvent.Type.DISCONNECTED;
import static io.netloop.NetEvent.Type.RECONNECTED;
import static io.netloop.NetEvent.Type.RECONNECTING;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Timeout;

/** Timeouts, keep-alive and round trips on a fake clock, and how long poll() takes, over every transport. */
@Timeout(30)
class ContractTimeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration KEEP_ALIVE = Duration.ofMillis(500);

    private static final Duration RESUME_WINDOW = Duration.ofSeconds(5);

    private static NetConfig onClock(FakeClock clock) {
        return NetConfig.builder()
                .clock(clock)
                .timeout(TIMEOUT)
                .keepAliveInterval(KEEP_ALIVE)
                .resumeWindow(RESUME_WINDOW)
                .build();
    }

    private static NetConfig withoutSessions(FakeClock clock) {
        return NetConfig.builder()
                .clock(clock)
                .timeout(TIMEOUT)
                .keepAliveInterval(KEEP_ALIVE)
                .reconnect(false)
                .build();
    }

    @EachTransport
    void aPeerThatStopsPollingIsDisconnectedByTimeoutWhenSessionsAreOff(Transport t) {
        FakeClock serverClock = new FakeClock();
        FakeClock clientClock = new FakeClock();
        try (Pair pair = Pair.open(t, withoutSessions(serverClock), withoutSessions(clientClock), "", "")) {
            Duration step = Duration.ofMillis(100);
            Duration elapsed = Duration.ZERO;
            List<NetEvent> serverEvents = new ArrayList<>();
            // the client vanishes: it is never polled again, and only the server's time moves on
            while (serverEvents.isEmpty() && elapsed.compareTo(TIMEOUT.multipliedBy(3)) < 0) {
                serverClock.advance(step);
                elapsed = elapsed.plus(step);
                serverEvents.addAll(pair.serverNet.poll());
            }

            assertThat(serverEvents).hasSize(1);
            NetEvent gone = serverEvents.get(0);
            assertThat(gone.type()).isEqualTo(DISCONNECTED);
            assertThat(gone.reason()).isEqualTo(DisconnectReason.TIMEOUT);
            assertThat(gone.peer()).isSameAs(pair.server);
            assertThat(elapsed).as("not before the timeout").isGreaterThanOrEqualTo(TIMEOUT);
            assertThat(elapsed).as("soon after the timeout").isLessThanOrEqualTo(TIMEOUT.plus(step.multipliedBy(2)));
            assertThat(pair.server.state()).isEqualTo(PeerState.DISCONNECTED);
            assertThat(pair.host.peers()).isEmpty();

            serverClock.advance(TIMEOUT.multipliedBy(5));
            assertThat(pair.serverNet.poll()).as("one DISCONNECTED only").isEmpty();

            // the client comes back: over tcp:// it finds the stream ended without a goodbye; over udp://
            // nothing ends, the host ignores a connection it forgot, and the client's own timeout ends it
            List<NetEvent> clientEvents = new ArrayList<>();
            for (int i = 0; i < 10_000 && clientEvents.isEmpty(); i++) {
                clientClock.advance(step);
                clientEvents.addAll(pair.clientNet.poll());
            }
            assertThat(clientEvents).extracting(NetEvent::type).containsExactly(DISCONNECTED);
            assertThat(clientEvents.get(0).reason())
                    .isEqualTo(t == Transport.TCP ? DisconnectReason.CONNECTION_LOST : DisconnectReason.TIMEOUT);
            clientClock.advance(TIMEOUT.multipliedBy(5));
            assertThat(pair.clientNet.poll()).as("one DISCONNECTED only").isEmpty();
        }
    }

    @EachTransport
    void aPeerThatStopsPollingIsWaitedForThroughTheResumeWindowAndThenForgotten(Transport t) {
        FakeClock serverClock = new FakeClock();
        FakeClock clientClock = new FakeClock();
        try (Pair pair = Pair.open(t, onClock(serverClock), onClock(clientClock), "", "")) {
            Duration step = Duration.ofMillis(100);
            Duration elapsed = Duration.ZERO;
            List<NetEvent> serverEvents = new ArrayList<>();
            // the client vanishes: it is never polled again, and only the server's time moves on
            while (serverEvents.size() < 2
                    && elapsed.compareTo(TIMEOUT.plus(RESUME_WINDOW).multipliedBy(2)) < 0) {
                serverClock.advance(step);
                elapsed = elapsed.plus(step);
                List<NetEvent> now = pair.serverNet.poll();
                serverEvents.addAll(now);
                if (serverEvents.size() == 1 && now.size() == 1) {
                    assertThat(serverEvents.get(0).type()).isEqualTo(RECONNECTING);
                    assertThat(elapsed).as("at the timeout").isBetween(TIMEOUT, TIMEOUT.plus(step.multipliedBy(2)));
                    assertThat(pair.server.state()).isEqualTo(PeerState.RECONNECTING);
                    assertThat(pair.host.peers())
                            .as("a host keeps a peer it waits for")
                            .contains(pair.server);
                }
            }

            assertThat(serverEvents).extracting(NetEvent::type).containsExactly(RECONNECTING, DISCONNECTED);
            NetEvent gone = serverEvents.get(1);
            assertThat(gone.reason()).isEqualTo(DisconnectReason.RECONNECT_FAILED);
            assertThat(gone.detail()).contains("resume window");
            assertThat(gone.peer()).isSameAs(pair.server);
            assertThat(elapsed)
                    .as("after the resume window")
                    .isBetween(
                            TIMEOUT.plus(RESUME_WINDOW),
                            TIMEOUT.plus(RESUME_WINDOW).plus(step.multipliedBy(3)));
            assertThat(pair.host.peers()).isEmpty();

            // the client comes back: it finds its link dead, reconnects, and the host no longer knows
            // the session, so the same Peer object gets a new one and says it was not resumed
            List<NetEvent> clientEvents = new ArrayList<>();
            List<NetEvent> laterServerEvents = new ArrayList<>();
            for (int i = 0; i < 2_000 && (clientEvents.size() < 2 || laterServerEvents.isEmpty()); i++) {
                clientClock.advance(step);
                clientEvents.addAll(pair.clientNet.poll());
                laterServerEvents.addAll(pair.serverNet.poll());
            }
            assertThat(clientEvents).extracting(NetEvent::type).containsExactly(RECONNECTING, RECONNECTED);
            assertThat(clientEvents.get(1).resumed()).isFalse();
            assertThat(clientEvents.get(1).detail()).contains("did not know the session");
            assertThat(clientEvents.get(1).peer()).isSameAs(pair.client);
            assertThat(pair.client.state()).isEqualTo(PeerState.CONNECTED);
            assertThat(laterServerEvents).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo(CONNECTED);
                assertThat(e.peer()).as("a new peer for the new session").isNotSameAs(pair.server);
            });
        }
    }

    @EachTransport
    void keepAlivePingsKeepAnIdleButPollingConnectionAlivePastTheTimeout(Transport t) {
        FakeClock serverClock = new FakeClock();
        FakeClock clientClock = new FakeClock();
        try (Pair pair = Pair.open(t, onClock(serverClock), onClock(clientClock), "", "")) {
            Duration step = Duration.ofMillis(100);
            for (Duration elapsed = Duration.ZERO;
                    elapsed.compareTo(TIMEOUT.multipliedBy(5)) < 0;
                    elapsed = elapsed.plus(step)) {
                serverClock.advance(step);
                clientClock.advance(step);
                pair.loop.pollNow();
                pair.loop.pollNow(); // a ping written in the first round is answered in the second
            }

            assertThat(pair.loop.events(pair.serverNet)).isEmpty();
            assertThat(pair.loop.events(pair.clientNet)).isEmpty();
            assertThat(pair.server.state()).isEqualTo(PeerState.CONNECTED);
            assertThat(pair.client.state()).isEqualTo(PeerState.CONNECTED);
            assertThat(pair.client.stats().rttNanos())
                    .as("a round trip was measured")
                    .isNotNegative();
            assertThat(pair.server.stats().rttNanos()).isNotNegative();
            assertThat(pair.client.stats().rttNanos())
                    .isLessThan(step.multipliedBy(2).toNanos());
        }
    }

    @EachTransport
    void pingsMeasureTheRoundTripTime(Transport t) {
        try (Pair pair = Pair.open(t, "?keepAlive=20ms", "?keepAlive=20ms")) {
            assertThat(pair.client.stats().rttNanos())
                    .as("no measurement before the first ping")
                    .isEqualTo(-1);
            assertThat(pair.client.stats().rttMillis()).isEqualTo(-1);
            assertThat(pair.loop.until(() -> pair.client.stats().rttNanos() >= 0
                            && pair.server.stats().rttNanos() >= 0))
                    .isTrue();

            PeerStats stats = pair.client.stats();
            assertThat(stats.rttNanos())
                    .isPositive()
                    .isLessThan(Duration.ofSeconds(2).toNanos());
            assertThat(stats.rttVarianceNanos()).isNotNegative();
            assertThat(stats.rttMillis()).isEqualTo(stats.rttNanos() / 1e6);
            assertThat(stats.bytesSent()).isPositive();
            assertThat(stats.bytesReceived()).isPositive();
        }
    }

    @EachTransport
    void pollReturnsAtOnceWhenIdle(Transport t) {
        try (Pair pair = Pair.open(t)) {
            long start = System.nanoTime();
            for (int i = 0; i < 1_000; i++) {
                assertThat(pair.serverNet.poll()).isEmpty();
                assertThat(pair.clientNet.poll()).isEmpty();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @EachTransport
    void pollWithDurationWaitsWhenIdle(Transport t) {
        try (Net net = Net.open()) {
            net.listen(t.listenUri());
            long start = System.nanoTime();
            assertThat(net.poll(Duration.ofMillis(100))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(90))
                    .isLessThan(Duration.ofSeconds(5));
        }
    }

    @EachTransport
    void pollWithDurationReturnsEarlyWhenDataArrives(Transport t) throws Exception {
        try (Pair pair = Pair.open(t)) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            // the client net moves to another thread (handed over by start()) and sends while the server waits
            Thread sender = new Thread(() -> {
                try {
                    Thread.sleep(100); // unavoidable: the data must arrive while the server's poll is waiting
                    pair.client.send(new byte[] {42});
                    pair.clientNet.flush();
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            long start = System.nanoTime();
            sender.start();
            List<NetEvent> events = new ArrayList<>(pair.serverNet.poll(Duration.ofSeconds(20)));
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            sender.join();

            assertThat(failure.get()).isNull();
            assertThat(events).extracting(NetEvent::type).containsExactly(DATA);
            assertThat(events.get(0).data()).containsExactly(42);
            assertThat(waited).isLessThan(Duration.ofSeconds(5));
        }
    }

    @EachTransport
    void pollWithDurationReturnsEarlyWhenAnotherThreadCallsWakeup(Transport t) throws Exception {
        try (Net net = Net.open()) {
            net.listen(t.listenUri());
            AtomicBoolean returned = new AtomicBoolean();
            // keeps waking until the poll returns, so it cannot matter when the poll starts waiting
            Thread waker = new Thread(() -> {
                while (!returned.get()) {
                    net.wakeup();
                    LockSupport.parkNanos(5_000_000);
                }
            });
            long start = System.nanoTime();
            waker.start();
            List<NetEvent> events = net.poll(Duration.ofSeconds(20));
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            returned.set(true);
            waker.join();

            assertThat(events).isEmpty();
            assertThat(waited).isLessThan(Duration.ofSeconds(5));
        }
    }

    @EachTransport
    void aWakeupJustBeforePollIsNotLost(Transport t) {
        try (Net net = Net.open()) {
            net.listen(t.listenUri());
            // another thread queued work for the game and woke it just before the game started waiting
            net.wakeup();
            long start = System.nanoTime();
            assertThat(net.poll(Duration.ofSeconds(3))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
    }
}
