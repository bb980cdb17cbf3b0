package io.netloop.examples.launcher;

import io.netloop.Net;
import io.netloop.awt.SwingNetTimer;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.GraphicsEnvironment;
import java.awt.GridLayout;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.ButtonGroup;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JRadioButton;
import javax.swing.JScrollPane;
import javax.swing.JSpinner;
import javax.swing.JTextField;
import javax.swing.SpinnerNumberModel;
import javax.swing.SwingUtilities;

/**
 * The first thing a newcomer runs: pick a game, then host it (a server in this process, with bots,
 * and a window to play in), run only its server for players on other machines, or join a server
 * that LAN discovery found or whose address you type. Without a display it prints how to run the
 * games headless instead.
 *
 * <p>The launcher's own net only searches, polled on the event dispatch thread by a {@link
 * SwingNetTimer}; each hosted server runs its own loop on a thread of its own, and each game window
 * has its own net.
 */
public final class Launcher {
    private final List<ExampleGame> games;
    private final Net net = Net.open();
    private final HostList hosts;
    private final SwingNetTimer timer;
    private final List<AtomicBoolean> stops = new ArrayList<>();
    private final List<Thread> servers = new ArrayList<>();
    private final JFrame frame = new JFrame("netloop games");
    private final JTextField name = new JTextField(System.getProperty("user.name", "player"), 12);
    private final JSpinner port = new JSpinner(new SpinnerNumberModel(7777, 1, 65535, 1));
    private final JSpinner bots = new JSpinner(new SpinnerNumberModel(1, 0, 1000, 1));
    private final JTextField address = new JTextField(24);
    private final JLabel status = new JLabel(" ");
    private ExampleGame chosen;

    private Launcher(List<ExampleGame> games) {
        this.games = games;
        this.hosts = new HostList(net, games);
        this.timer = new SwingNetTimer(net, hosts::onEvent);
        port.setEditor(new JSpinner.NumberEditor(port, "#"));
    }

    /**
     * Opens the launcher, or prints the headless commands when there is no display.
     *
     * @param args none
     */
    public static void main(String[] args) {
        if (GraphicsEnvironment.isHeadless() || args.length > 0) {
            System.out.println(headlessHelp(Games.ALL));
            return;
        }
        SwingUtilities.invokeLater(() -> open(Games.ALL));
    }

    /**
     * Shows the launcher. Call it on the event dispatch thread.
     *
     * @param games the games to offer
     * @return the launcher's window
     */
    public static JFrame open(List<ExampleGame> games) {
        Launcher launcher = new Launcher(games);
        launcher.show();
        return launcher.frame;
    }

    /**
     * What to run where there is no display: each game's server, bots and window commands.
     *
     * @param games the games
     * @return the text to print
     */
    public static String headlessHelp(List<ExampleGame> games) {
        StringBuilder text = new StringBuilder(
                "No display here, so the launcher cannot open its window. Every game also runs headless:\n");
        String run = "  mvn -q -pl netloop-examples -am compile exec:java -Dexec.mainClass=";
        for (ExampleGame g : games) {
            String main = g.mainClass().getName();
            String local = g.scheme() + "://127.0.0.1:" + g.defaultPort();
            text.append('\n')
                    .append(g.title())
                    .append(": ")
                    .append(g.description())
                    .append('\n');
            text.append(run)
                    .append(main)
                    .append(" -Dexec.args=\"server --bots ")
                    .append(g.defaultBots());
            text.append("\"\n")
                    .append(run)
                    .append(main)
                    .append(" -Dexec.args=\"bots ")
                    .append(local);
            text.append(" 2\"\n");
        }
        text.append("\nOn a machine with a display, `play <uri> [name]` opens a game's window on a server.");
        return text.toString();
    }

    private void show() {
        JPanel content = new JPanel(new BorderLayout(8, 8));
        content.setBorder(BorderFactory.createEmptyBorder(10, 10, 10, 10));
        content.add(gamePanel(), BorderLayout.NORTH);
        content.add(joinPanel(), BorderLayout.CENTER);
        content.add(status, BorderLayout.SOUTH);
        frame.setContentPane(content);
        frame.setDefaultCloseOperation(JFrame.DO_NOTHING_ON_CLOSE);
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                quit();
            }
        });
        choose(games.get(0));
        hosts.search(HostList.THIS_MACHINE);
        timer.start();
        frame.pack();
        frame.setLocationByPlatform(true);
        frame.setVisible(true);
    }

    private JPanel gamePanel() {
        JPanel choice = new JPanel(new GridLayout(0, 1));
        choice.setBorder(BorderFactory.createTitledBorder("Game"));
        ButtonGroup group = new ButtonGroup();
        for (ExampleGame g : games) {
            JRadioButton button = new JRadioButton(g.title() + " - " + g.description(), g == games.get(0));
            button.addActionListener(e -> choose(g));
            group.add(button);
            choice.add(button);
        }
        JPanel settings = row(new JLabel("Your name"), name, new JLabel("Port"), port, new JLabel("Bots"), bots);
        JButton host = new JButton("Host and play");
        host.addActionListener(e -> hostAndPlay());
        JButton serverOnly = new JButton("Run a server only");
        serverOnly.addActionListener(e -> startServer());
        JPanel panel = new JPanel();
        panel.setLayout(new BoxLayout(panel, BoxLayout.Y_AXIS));
        panel.add(choice);
        panel.add(settings);
        panel.add(row(host, serverOnly));
        return panel;
    }

    private JPanel joinPanel() {
        JList<HostList.Found> list = new JList<>(hosts.model());
        list.setVisibleRowCount(5);
        list.addListSelectionListener(e -> {
            HostList.Found found = list.getSelectedValue();
            if (found != null) {
                choose(found.game());
                address.setText(found.host().uri());
            }
        });
        JCheckBox lan = new JCheckBox("Search the whole LAN (otherwise this machine only)");
        lan.addActionListener(e -> hosts.search(lan.isSelected() ? "" : HostList.THIS_MACHINE));
        JButton join = new JButton("Join");
        join.addActionListener(e -> play(address.getText().trim()));
        JPanel panel = new JPanel(new BorderLayout(4, 4));
        panel.setBorder(BorderFactory.createTitledBorder("Join a game"));
        JScrollPane scroll = new JScrollPane(list);
        scroll.setPreferredSize(new Dimension(520, 110));
        panel.add(scroll, BorderLayout.CENTER);
        JPanel south = new JPanel(new GridLayout(0, 1));
        south.add(row(lan));
        south.add(row(new JLabel("Address"), address, join));
        panel.add(south, BorderLayout.SOUTH);
        return panel;
    }

    private static JPanel row(java.awt.Component... parts) {
        JPanel row = new JPanel();
        row.setLayout(new BoxLayout(row, BoxLayout.X_AXIS));
        for (java.awt.Component part : parts) {
            row.add(part);
            row.add(Box.createHorizontalStrut(6));
        }
        row.add(Box.createHorizontalGlue());
        return row;
    }

    private void choose(ExampleGame game) {
        chosen = game;
        port.setValue(game.defaultPort());
        bots.setValue(game.defaultBots());
        address.setText(game.scheme() + "://127.0.0.1:" + game.defaultPort());
    }

    private void hostAndPlay() {
        startServer();
        play(chosen.scheme() + "://127.0.0.1:" + port.getValue());
    }

    private void startServer() {
        ExampleGame game = chosen;
        int onPort = (Integer) port.getValue();
        int botCount = (Integer) bots.getValue();
        AtomicBoolean stop = new AtomicBoolean();
        Thread server = new Thread(
                () -> {
                    try {
                        game.serve(onPort, botCount, stop::get);
                    } catch (RuntimeException e) {
                        SwingUtilities.invokeLater(() -> status.setText("The server stopped: " + e.getMessage()));
                    }
                },
                game.lanName() + "-server");
        stops.add(stop);
        servers.add(server);
        server.start();
        status.setText("<html><body style='width:400px'>" + game.title() + " server on port " + onPort + " with "
                + botCount + " bots. Other machines join it at " + game.scheme() + "://&lt;this machine's address&gt;:"
                + onPort + ", or find it with \"Search the whole LAN\".</body></html>");
    }

    private void play(String uri) {
        try {
            chosen.play(
                    uri, name.getText().isBlank() ? "player" : name.getText().trim());
        } catch (IllegalArgumentException e) {
            status.setText(e.getMessage()); // a malformed address: the message names the fix
        }
    }

    private void quit() {
        stops.forEach(s -> s.set(true));
        for (Thread server : servers) {
            try {
                server.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        timer.stop();
        net.close();
        frame.dispose(); // game windows opened from here stay until their player closes them
    }
}
