package io.netloop.examples.arena;

import io.netloop.Net;
import io.netloop.Simulation;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.GridLayout;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.time.Duration;
import java.util.Map;
import javax.swing.BorderFactory;
import javax.swing.BoxLayout;
import javax.swing.JCheckBox;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSlider;
import javax.swing.Timer;

/**
 * The arena window: the game, and beside it what makes it work over a bad network — sliders for
 * the simulated latency and loss of this client's link ({@link io.netloop.Peer#simulate}),
 * switches for prediction, reconciliation and interpolation, a live graph of round trip, loss and
 * bandwidth, and the score. A Swing timer runs a frame every 15 ms on the event dispatch thread:
 * the client polls its net there, so there is no other thread. Closing the window closes the net.
 */
public final class ArenaWindow {
    private final Net net = Net.open(Protocol.config());
    private final ArenaClient client;
    private final JFrame frame;
    private final ArenaPanel arena;
    private final NetGraph graph = new NetGraph();
    private final JLabel score = new JLabel();
    private final JSlider latency = new JSlider(0, 250, 0);
    private final JSlider loss = new JSlider(0, 50, 0);

    private ArenaWindow(String uri, String name) {
        this.client = new ArenaClient(net, uri, name);
        this.arena = new ArenaPanel(client);
        this.frame = new JFrame("Arena - " + name);
        Timer timer = new Timer(15, e -> frame());
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosed(WindowEvent e) {
                timer.stop();
                net.close();
            }
        });
        layOut();
        timer.start();
    }

    /**
     * Opens a window that plays on a server. Call it on the event dispatch thread.
     *
     * @param uri the server, e.g. {@code udp://192.168.1.20:7778}
     * @param name the player's name
     * @return the window, shown
     */
    public static JFrame open(String uri, String name) {
        ArenaWindow window = new ArenaWindow(uri, name);
        window.frame.setVisible(true);
        window.arena.requestFocusInWindow();
        return window.frame;
    }

    private void layOut() {
        JPanel side = new JPanel();
        side.setLayout(new BoxLayout(side, BoxLayout.Y_AXIS));
        side.setPreferredSize(new Dimension(250, Physics.HEIGHT));
        JPanel sim = new JPanel(new GridLayout(0, 1));
        sim.setBorder(BorderFactory.createTitledBorder("Network simulator (each way)"));
        JLabel latencyLabel = new JLabel();
        JLabel lossLabel = new JLabel();
        Runnable apply = () -> {
            latencyLabel.setText("latency " + latency.getValue() + " ms");
            lossLabel.setText("loss " + loss.getValue() + " %");
            client.server()
                    .simulate(Simulation.NONE
                            .withLatency(Duration.ofMillis(latency.getValue()), Duration.ZERO)
                            .withLoss(loss.getValue() / 100.0));
        };
        latency.addChangeListener(e -> apply.run());
        loss.addChangeListener(e -> apply.run());
        apply.run();
        sim.add(latencyLabel);
        sim.add(latency);
        sim.add(lossLabel);
        sim.add(loss);
        JPanel techniques = new JPanel(new GridLayout(0, 1));
        techniques.setBorder(BorderFactory.createTitledBorder("Techniques"));
        techniques.add(toggle("1 prediction", client::setPrediction));
        techniques.add(toggle("2 reconciliation", client::setReconciliation));
        techniques.add(toggle("3 interpolation", client::setInterpolation));
        graph.setBorder(BorderFactory.createTitledBorder("This connection"));
        score.setBorder(BorderFactory.createTitledBorder("Score"));
        score.setVerticalAlignment(JLabel.TOP);
        side.add(sim);
        side.add(techniques);
        side.add(graph);
        side.add(score);
        JPanel content = new JPanel(new BorderLayout());
        content.add(arena, BorderLayout.CENTER);
        content.add(side, BorderLayout.EAST);
        frame.setContentPane(content);
        frame.setDefaultCloseOperation(JFrame.DISPOSE_ON_CLOSE);
        frame.pack();
        frame.setLocationByPlatform(true);
    }

    private JCheckBox toggle(String label, java.util.function.Consumer<Boolean> set) {
        JCheckBox box = new JCheckBox(label, true);
        box.setFocusable(false); // the keys stay with the arena
        box.addActionListener(e -> set.accept(box.isSelected()));
        arena.addKeyListener(new java.awt.event.KeyAdapter() {
            @Override
            public void keyPressed(java.awt.event.KeyEvent e) {
                if (e.getKeyChar() == label.charAt(0)) {
                    box.doClick();
                }
            }
        });
        return box;
    }

    private void frame() {
        long now = System.nanoTime();
        arena.frame(now);
        graph.sample(client.server().stats(), now);
        graph.repaint();
        StringBuilder text = new StringBuilder("<html>");
        Map<Integer, String> names = client.names();
        client.scores().values().stream()
                .sorted((a, b) -> b.kills() - a.kills())
                .forEach(s -> text.append(names.getOrDefault(s.id(), "?"))
                        .append(s.id() == client.id() ? " (you)" : "")
                        .append(": ")
                        .append(s.kills())
                        .append(" / ")
                        .append(s.deaths())
                        .append("<br>"));
        score.setText(text.append("</html>").toString());
    }
}
