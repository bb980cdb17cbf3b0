package io.netloop.examples.connect4;

import static org.assertj.core.api.Assertions.assertThat;

import io.netloop.Delivery;
import io.netloop.Net;
import io.netloop.NetConfig;
import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.testkit.LinkProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whole games over tcp://127.0.0.1: bots play to a legal end watched by a spectator, a modified
 * client's illegal requests are refused, and a player whose link drops mid-game (resumed, or on a
 * new session with its ticket) finishes the same game.
 */
@Timeout(30)
class Connect4GameTest {
    private final List<Net> nets = new ArrayList<>();
    private final List<Connect4Bot> bots = new ArrayList<>();
    private final List<Connect4Client> clients = new ArrayList<>();
    private final List<LinkProxy> proxies = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private Net serverNet;
    private Connect4Server server;

    @AfterEach
    void close() {
        proxies.forEach(LinkProxy::close);
        nets.forEach(Net::close);
    }

    @Test
    void twoBotsPlayAGameToALegalEndWatchedByASpectatorWhoChats() {
        startServer(Protocol.config());
        Connect4Bot red = bot("ada", serverUri(), 15);
        Connect4Bot yellow = bot("bob", serverUri(), 15);
        Connect4Client fan = client("fan", serverUri());
        until(() -> !fan.lobby().games().isEmpty(), "a game is listed in the lobby");
        fan.watch(fan.lobby().games().get(0).id());
        until(() -> fan.game() != null, "the spectator sees the game");
        fan.say("go ada");
        until(() -> server.gamesFinished() == 1, "the game ends");
        until(() -> fan.ending() != null && yellow.client().ending() != null, "everyone hears the end");

        List<Integer> moves = red.client().game().moves();
        assertLegalGame(moves, red.client().ending());
        assertThat(yellow.client().game().moves()).isEqualTo(moves);
        assertThat(fan.game().moves()).isEqualTo(moves);
        assertThat(fan.game().seat()).isEqualTo(Protocol.SPECTATOR);
        assertThat(List.of(red.client().game().red(), red.client().game().yellow()))
                .containsExactlyInAnyOrder("ada", "bob");
        assertThat(red.client().chat()).contains("fan: go ada");
        assertThat(yellow.client().chat()).contains("fan: go ada");
    }

    @Test
    void aModifiedClientCannotCheatAndGarbageEndsOnlyItsSender() {
        startServer(Protocol.config());
        Connect4Client red = client("red", serverUri());
        until(red::welcomed, "red is welcomed");
        red.quickMatch();
        Connect4Client yellow = client("yellow", serverUri());
        until(yellow::welcomed, "yellow is welcomed");
        yellow.quickMatch();
        until(() -> red.game() != null && yellow.game() != null, "both are seated");
        int id = red.game().id();

        refused(yellow, () -> yellow.drop(3), "it is not your turn");
        refused(red, () -> red.drop(9), "there is no column 9");
        for (int i = 0; i < 6; i++) {
            Connect4Client mover = i % 2 == 0 ? red : yellow;
            mover.drop(0);
            int expected = i + 1;
            until(() -> red.game().moves().size() == expected, "move " + expected);
        }
        refused(red, () -> red.drop(0), "column 0 is full");
        refused(
                red,
                () -> Protocol.CODEC.send(red.server(), Protocol.GAME, new Protocol.Drop(id + 1, 3), Delivery.RELIABLE),
                "you are not in game " + (id + 1));
        Connect4Client fan = client("fan", serverUri());
        until(fan::welcomed, "the spectator is welcomed");
        fan.watch(id);
        until(() -> fan.game() != null, "the spectator is seated");
        refused(fan, () -> fan.drop(1), "spectators cannot move");
        assertThat(red.game().moves()).as("nothing refused was played").hasSize(6);

        Net hostileNet = net(Protocol.config());
        Peer hostile = hostileNet.connect(serverUri());
        List<NetEvent> hostileEvents = new ArrayList<>();
        until(
                () -> {
                    hostileEvents.addAll(hostileNet.poll());
                    return hostileEvents.stream().anyMatch(e -> e.type() == NetEvent.Type.CONNECTED);
                },
                "the hostile client connects");
        hostile.send(Protocol.GAME, new byte[] {(byte) 0xC1, 1, 2, 3}, Delivery.RELIABLE);
        until(
                () -> {
                    hostileEvents.addAll(hostileNet.poll());
                    return hostileEvents.stream().anyMatch(e -> e.type() == NetEvent.Type.DISCONNECTED);
                },
                "the server closes the hostile client");
        red.drop(1);
        until(() -> yellow.game().moves().size() == 7, "the game goes on");
        assertThat(red.closed()).isNull();
    }

    @Test
    void aPlayerWhoseLinkIsCutMidGameFinishesTheSameGame() {
        startServer(Protocol.config());
        LinkProxy proxy = proxy();
        Connect4Bot red = bot("ada", proxy.uri(), 10);
        Connect4Bot yellow = bot("bob", serverUri(), 10);
        until(() -> red.client().game() != null && red.client().game().moves().size() >= 6, "six moves");
        proxy.cut();
        boolean[] sawBanner = {false};
        until(
                () -> {
                    sawBanner[0] |= red.client().reconnecting();
                    return server.gamesFinished() == 1 && red.client().ending() != null;
                },
                "the game ends after the cut");

        assertThat(sawBanner[0]).as("the client showed reconnecting").isTrue();
        assertThat(red.client().reconnecting()).isFalse();
        assertThat(red.client().closed()).isNull();
        assertThat(proxy.cuts()).isEqualTo(1);
        assertLegalGame(red.client().game().moves(), red.client().ending());
        assertThat(yellow.client().game().moves()).isEqualTo(red.client().game().moves());
        assertThat(red.client().game().id()).isEqualTo(yellow.client().game().id());
    }

    /**
     * The server forgets the session (its resume window is shorter than the outage), so the client
     * comes back on a new session and takes its seat back with its ticket.
     */
    @Test
    void aPlayerBackOnANewSessionTakesItsSeatBackWithItsTicket() {
        Duration timeout = Duration.ofMillis(300);
        startServer(Protocol.configBuilder()
                .timeout(timeout)
                .resumeWindow(Duration.ofMillis(300))
                .build());
        LinkProxy proxy = proxy();
        NetConfig patient = Protocol.configBuilder()
                .timeout(timeout)
                .keepAliveInterval(Duration.ofMillis(100))
                .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(200))
                .build();
        Connect4Bot red = new Connect4Bot(net(patient), proxy.uri(), "ada", 10, 1);
        bots.add(red);
        Connect4Bot yellow = bot("bob", serverUri(), 10);
        until(() -> red.client().game() != null && red.client().game().moves().size() >= 4, "four moves");
        proxy.blackHole();
        until(() -> log.stream().anyMatch(l -> l.startsWith("ada left")), "the server gives up the session");
        proxy.heal();
        until(() -> log.stream().anyMatch(l -> l.startsWith("ada is back")), "ada is back with her ticket");
        until(() -> server.gamesFinished() == 1 && red.client().ending() != null, "the game ends");

        assertLegalGame(red.client().game().moves(), red.client().ending());
        assertThat(yellow.client().game().moves()).isEqualTo(red.client().game().moves());
        Connect4Client.View game = red.client().game();
        assertThat(game.seat()).as("ada's own seat").isEqualTo(game.red().equals("ada") ? Board.RED : Board.YELLOW);
    }

    // ---- helpers ----

    private static void assertLegalGame(List<Integer> moves, String ending) {
        Board replay = new Board();
        for (int i = 0; i < moves.size(); i++) {
            assertThat(replay.refusal(replay.toMove(), moves.get(i)))
                    .as("move %d legal", i + 1)
                    .isNull();
            replay.drop(moves.get(i));
        }
        assertThat(replay.result()).as("the board ended").isNotEqualTo(Board.NONE);
        assertThat(ending).isEqualTo(replay.result() == Board.DRAW ? "the board is full" : "four in a row");
    }

    private void refused(Connect4Client client, Runnable request, String why) {
        request.run();
        until(() -> why.equals(client.refusal()), "refused: " + why);
    }

    private void startServer(NetConfig config) {
        serverNet = net(config);
        server = new Connect4Server(serverNet, "tcp://127.0.0.1:0", log::add);
    }

    private String serverUri() {
        return "tcp://127.0.0.1:" + server.host().port();
    }

    private LinkProxy proxy() {
        LinkProxy proxy = LinkProxy.tcp(server.host().localAddress());
        proxies.add(proxy);
        return proxy;
    }

    private Connect4Bot bot(String name, String uri, long thinkMillis) {
        Connect4Bot bot = new Connect4Bot(net(Protocol.config()), uri, name, thinkMillis, name.hashCode());
        bots.add(bot);
        return bot;
    }

    private Connect4Client client(String name, String uri) {
        Connect4Client client = new Connect4Client(net(Protocol.config()), uri, name);
        clients.add(client);
        return client;
    }

    private Net net(NetConfig config) {
        Net net = Net.open(config);
        nets.add(net);
        return net;
    }

    /** Runs every part a loop at a time until {@code done}, for at most ten seconds. */
    private void until(BooleanSupplier done, String what) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime() - end)
                    .as("%s within 10 s; server log %s", what, log)
                    .isNegative();
            serverNet.poll();
            long now = System.nanoTime();
            server.update(now);
            proxies.forEach(LinkProxy::pump);
            bots.forEach(b -> b.update(now));
            clients.forEach(Connect4Client::poll);
        }
    }
}
