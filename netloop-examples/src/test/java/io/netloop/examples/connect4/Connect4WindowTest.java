package io.netloop.examples.connect4;

import static org.assertj.core.api.Assertions.assertThat;

import io.netloop.Net;
import io.netloop.examples.Screenshots;
import java.awt.event.MouseEvent;
import java.util.ArrayList;
import java.util.List;
import javax.swing.JFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The window on a real display (Xvfb under .ci/run): a game against a bot, played by clicks. */
@Timeout(30)
class Connect4WindowTest {
    @Test
    void aGameAgainstABotIsPlayedByClicksAndDrawn() {
        Screenshots.assumeDisplay();
        List<String> log = new ArrayList<>();
        try (Net serverNet = Net.open(Protocol.config());
                Net botNet = Net.open(Protocol.config())) {
            Connect4Server server = new Connect4Server(serverNet, "tcp://127.0.0.1:0", log::add);
            String uri = "tcp://127.0.0.1:" + server.host().port();
            Connect4Bot bot = new Connect4Bot(botNet, uri, "bot", 30, 7);
            JFrame frame = Screenshots.onEdt(() -> Connect4Window.open(uri, "you"));
            try {
                BoardPanel board = Screenshots.onEdt(() -> Screenshots.find(frame.getContentPane(), BoardPanel.class));
                long end = System.nanoTime() + 15_000_000_000L;
                int clicks = 0;
                boolean said = false;
                while (bot.client().game() == null
                        || (bot.client().game().moves().size() < 9
                                && bot.client().ending() == null)) {
                    assertThat(System.nanoTime() - end)
                            .as(
                                    "six moves or the end within 15 s: %s; bot sees %s ending %s",
                                    log, bot.client().game(), bot.client().ending())
                            .isNegative();
                    serverNet.poll();
                    long now = System.nanoTime();
                    server.update(now);
                    bot.update(now);
                    if (bot.client().waitingForMatch() && clicks == 0) {
                        clicks++;
                        Screenshots.onEdt(() -> {
                            Screenshots.button(frame.getContentPane(), "Quick match")
                                    .doClick();
                            return null;
                        });
                    }
                    if (bot.client().game() != null && !said) {
                        bot.client().say("good luck!");
                        said = true;
                    }
                    if (bot.client().game() != null
                            && bot.client().ending() == null
                            && !bot.client().myTurn()) {
                        int column = new int[] {3, 2, 4, 3, 5, 1}[clicks++ % 6];
                        Screenshots.onEdt(() -> click(board, column));
                    }
                }
                long settle = System.nanoTime() + 300_000_000L; // the window's timer polls every 16 ms
                while (System.nanoTime() - settle < 0) {
                    serverNet.poll(java.time.Duration.ofMillis(5));
                    bot.client().poll();
                }
                assertThat(bot.client().chat()).as("log %s", log).contains("bot: good luck!");
                assertThat(Screenshots.onEdt(() -> Screenshots.find(frame.getContentPane(), javax.swing.JTextArea.class)
                                .getText()))
                        .contains("bot: good luck!");
                Screenshots.onEdt(() -> {
                    frame.repaint();
                    return null;
                });
                Screenshots.capture(frame.getContentPane(), "connect4");
            } finally {
                Screenshots.onEdt(() -> {
                    frame.dispose();
                    return null;
                });
            }
        }
    }

    private static Object click(BoardPanel board, int column) {
        int x = column * 64 + 32; // BoardPanel.CELL
        for (int id : new int[] {MouseEvent.MOUSE_MOVED, MouseEvent.MOUSE_CLICKED}) {
            board.dispatchEvent(new MouseEvent(board, id, System.currentTimeMillis(), 0, x, 100, 1, false));
        }
        return null;
    }
}
