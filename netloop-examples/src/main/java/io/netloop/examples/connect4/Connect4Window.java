package io.netloop.examples.connect4;

import io.netloop.Net;
import io.netloop.awt.SwingNetTimer;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import javax.swing.BorderFactory;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.JTextField;

/**
 * The Connect Four window: the board (click a column to drop a disc), the lobby with quick match and
 * watch, and the chat. Its net is polled on the event dispatch thread by a {@link SwingNetTimer};
 * closing the window closes the net.
 */
public final class Connect4Window {
    private final Connect4Client client;
    private final JFrame frame;
    private final BoardPanel board;
    private final JLabel status = new JLabel(" ");
    private final DefaultListModel<Protocol.GameInfo> games = new DefaultListModel<>();
    private final JList<Protocol.GameInfo> gameList = new JList<>(games);
    private final JLabel waiting = new JLabel(" ");
    private final JTextArea chat = new JTextArea(6, 40);

    private Connect4Window(String uri, String name) {
        Net net = Net.open(Protocol.config());
        this.client = new Connect4Client(net, uri, name);
        this.frame = new JFrame("Connect Four - " + name);
        this.board = new BoardPanel(client);
        SwingNetTimer timer = new SwingNetTimer(net, e -> {
            client.handle(e);
            refresh();
        });
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosed(WindowEvent e) {
                timer.close();
            }
        });
        layOut();
        timer.start();
    }

    /**
     * Opens a window that connects to a server and plays. Call it on the event dispatch thread.
     *
     * @param uri the server, e.g. {@code tcp://192.168.1.20:7777}
     * @param name the player's name, 1 to 32 characters
     * @return the window, shown
     */
    public static JFrame open(String uri, String name) {
        Connect4Window window = new Connect4Window(uri, name);
        window.frame.setVisible(true);
        return window.frame;
    }

    private void layOut() {
        JButton quick = new JButton("Quick match");
        quick.addActionListener(e -> client.quickMatch());
        JButton watch = new JButton("Watch");
        watch.addActionListener(e -> {
            Protocol.GameInfo g = gameList.getSelectedValue();
            if (g != null) {
                client.watch(g.id());
            }
        });
        gameList.setCellRenderer((list, g, index, selected, focus) -> {
            JLabel row = new JLabel("#" + g.id() + "  " + g.red() + " vs " + g.yellow() + "  (" + g.moves() + " moves, "
                    + g.spectators() + " watching)");
            row.setOpaque(selected);
            row.setBackground(list.getSelectionBackground());
            return row;
        });
        JPanel buttons = new JPanel();
        buttons.add(quick);
        buttons.add(watch);
        JPanel lobby = new JPanel(new BorderLayout(4, 4));
        lobby.setBorder(BorderFactory.createTitledBorder("Lobby"));
        JScrollPane list = new JScrollPane(gameList);
        list.setPreferredSize(new Dimension(260, 200));
        lobby.add(list, BorderLayout.CENTER);
        lobby.add(waiting, BorderLayout.NORTH);
        lobby.add(buttons, BorderLayout.SOUTH);

        chat.setEditable(false);
        chat.setLineWrap(true);
        JTextField say = new JTextField();
        say.addActionListener(e -> {
            String text = say.getText().trim();
            if (!text.isEmpty() && text.length() <= Protocol.MAX_TEXT) {
                client.say(text);
                say.setText("");
            }
        });
        JPanel talk = new JPanel(new BorderLayout());
        talk.setBorder(BorderFactory.createTitledBorder("Chat"));
        talk.add(new JScrollPane(chat), BorderLayout.CENTER);
        talk.add(say, BorderLayout.SOUTH);

        status.setBorder(BorderFactory.createEmptyBorder(4, 8, 4, 8));
        status.setFont(status.getFont().deriveFont(16f));
        JPanel content = new JPanel(new BorderLayout(6, 6));
        content.add(status, BorderLayout.NORTH);
        content.add(board, BorderLayout.CENTER);
        content.add(lobby, BorderLayout.EAST);
        content.add(talk, BorderLayout.SOUTH);
        frame.setContentPane(content);
        frame.setDefaultCloseOperation(JFrame.DISPOSE_ON_CLOSE);
        frame.pack();
        frame.setLocationByPlatform(true);
    }

    private void refresh() {
        status.setText(describe());
        Protocol.Lobby lobby = client.lobby();
        if (!lobby.games().equals(java.util.Collections.list(games.elements()))) {
            games.clear();
            lobby.games().forEach(games::addElement);
        }
        waiting.setText(lobby.online() + " online; waiting: " + String.join(", ", lobby.waiting()));
        String lines = String.join("\n", client.chat());
        if (!lines.equals(chat.getText())) {
            chat.setText(lines);
        }
        board.repaint();
    }

    private String describe() {
        Connect4Client.View game = client.game();
        if (client.closed() != null) {
            return "Disconnected: " + client.closed();
        }
        if (client.reconnecting()) {
            return "Reconnecting\u2026 your seat is kept";
        }
        if (client.waitingForMatch()) {
            return "Waiting for an opponent\u2026";
        }
        if (game == null) {
            return "Press Quick match to play, or pick a game to watch";
        }
        String players = game.red() + " (red) vs " + game.yellow() + " (yellow)";
        if (client.ending() != null) {
            int result = client.result();
            String who = result == Board.RED
                    ? game.red() + " won"
                    : result == Board.YELLOW ? game.yellow() + " won" : "Draw";
            return who + ": " + client.ending() + ". Quick match for another game.";
        }
        String turn = game.board().toMove() == Board.RED ? game.red() : game.yellow();
        if (game.seat() == Protocol.SPECTATOR) {
            return "Watching " + players + "; " + turn + " to move";
        }
        String refusal = client.refusal() == null ? "" : "  (" + client.refusal() + ")";
        return players + ": " + (client.myTurn() ? "your turn" : turn + "'s turn") + refusal;
    }
}
