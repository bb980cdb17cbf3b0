package io.netloop.examples.chat;

import io.netloop.Net;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A console chat that shows netloop's shape: one {@link Net}, polled once a frame from the
 * program's own loop, no threads.
 *
 * <pre>
 * (no arguments)          a room and three bots in one process, chatting for a few seconds
 * server [port]           a room on tcp://0.0.0.0:port (default 7777)
 * client host:port name   join a room; type lines, /quit to leave
 * </pre>
 */
public final class ChatDemo {
    private static final Duration FRAME = Duration.ofMillis(16);

    private ChatDemo() {}

    /**
     * Runs the demo.
     *
     * @param args see the class comment
     * @throws IOException if the console cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            demo();
        } else if (args[0].equals("server")) {
            server(args.length > 1 ? Integer.parseInt(args[1]) : 7777);
        } else if (args[0].equals("client") && args.length == 3) {
            client(args[1], args[2]);
        } else {
            System.err.println("usage: ChatDemo [server [port] | client host:port name]");
            System.exit(2);
        }
    }

    /** A room and three bots on one network; the bots say their lines, then leave. */
    static void demo() {
        try (Net net = Net.open(Chat.config())) {
            ChatServer room = new ChatServer(net, "tcp://127.0.0.1:0", System.out::println);
            String uri = "tcp://127.0.0.1:" + room.port();
            List<String> names = List.of("ada", "linus", "grace");
            List<ChatClient> bots = names.stream()
                    .map(n -> new ChatClient(net, uri, n, System.out::println))
                    .toList();
            String[][] script = {{"hello, room!", "anyone up for a game?"}, {"hi ada", "always"}, {"let's play", "gg"}};
            for (int frame = 0; frame < 150; frame++) {
                net.poll(FRAME);
                if (frame % 30 == 10 && frame / 30 < 2) {
                    for (int b = 0; b < bots.size(); b++) {
                        bots.get(b).say(script[b][frame / 30]);
                    }
                }
                if (frame == 120) {
                    bots.forEach(ChatClient::leave);
                }
            }
            int heard = bots.stream().mapToInt(ChatClient::linesHeard).sum();
            System.out.println("demo done: each bot heard " + heard / bots.size() + " chat lines");
        }
    }

    static void server(int port) {
        try (Net net = Net.open(Chat.config())) {
            ChatServer room = new ChatServer(net, "tcp://0.0.0.0:" + port, System.out::println);
            System.out.println("chat room on port " + room.port() + "; stop with Ctrl-C");
            while (true) {
                net.poll(Duration.ofMillis(100));
            }
        }
    }

    static void client(String address, String name) throws IOException {
        BufferedReader console = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Net net = Net.open(Chat.config())) {
            ChatClient me = new ChatClient(net, "tcp://" + address, name, System.out::println);
            while (me.isConnected()) {
                net.poll(FRAME);
                while (console.ready()) { // reading only what is there keeps the loop from blocking
                    String line = console.readLine();
                    if (line == null || line.equals("/quit")) {
                        me.leave();
                        break;
                    }
                    me.say(line);
                }
            }
        }
    }
}
