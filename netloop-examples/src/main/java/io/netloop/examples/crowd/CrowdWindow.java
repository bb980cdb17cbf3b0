package io.netloop.examples.crowd;

import io.netloop.Net;
import io.netloop.NetEvent;
import io.netloop.examples.Keys;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import javax.swing.JFrame;
import javax.swing.JPanel;
import javax.swing.Timer;

/**
 * The crowd's viewer: a player of its own, steered with the arrow keys or WASD, drawn at the
 * centre with its view radius, and every player its views told it about as a dot. The overlay
 * counts them, and the views and bytes a second that arrive. A Swing timer polls the net on the
 * event dispatch thread; closing the window closes the net.
 */
public final class CrowdWindow extends JPanel {
    private static final long serialVersionUID = 1L;
    private static final int SIZE = 640;

    private final transient Net net = Net.open(Protocol.config());
    private final transient CrowdClient client;
    private final Keys keys = new Keys();
    private long countedAt = System.nanoTime();
    private long viewsThen;
    private long bytesThen;
    private String rates = "";

    private CrowdWindow(String uri, String name) {
        this.client = new CrowdClient(net, uri, name);
        setPreferredSize(new Dimension(SIZE, SIZE));
        setBackground(new Color(0x10, 0x14, 0x1C));
        setFocusable(true);
        addKeyListener(keys);
    }

    /**
     * Opens a viewer that plays on a server. Call it on the event dispatch thread.
     *
     * @param uri the server, e.g. {@code udp://192.168.1.20:7779}
     * @param name the player's name
     * @return the window, shown
     */
    public static JFrame open(String uri, String name) {
        CrowdWindow view = new CrowdWindow(uri, name);
        JFrame frame = new JFrame("Crowd - " + name);
        Timer timer = new Timer(16, e -> view.frame());
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosed(WindowEvent e) {
                timer.stop();
                view.net.close();
            }
        });
        frame.setContentPane(view);
        frame.setDefaultCloseOperation(JFrame.DISPOSE_ON_CLOSE);
        frame.pack();
        frame.setLocationByPlatform(true);
        frame.setVisible(true);
        view.requestFocusInWindow();
        timer.start();
        return frame;
    }

    private void frame() {
        long now = System.nanoTime();
        for (NetEvent e : net.poll()) {
            client.handle(e, now);
        }
        int[] d = Keys.direction(keys.held());
        int heading = d[0] == 0 && d[1] == 0
                ? Protocol.STOP
                : (int) Math.round(Math.atan2(d[1], d[0]) / (2 * Math.PI) * 256) & 0xFF;
        client.steer(heading, now);
        if (now - countedAt > 1_000_000_000L) {
            double seconds = (now - countedAt) / 1e9;
            rates = String.format(
                    "%.0f views/s, %.1f KB/s",
                    (client.views() - viewsThen) / seconds, (client.viewBytes() - bytesThen) / 1024.0 / seconds);
            viewsThen = client.views();
            bytesThen = client.viewBytes();
            countedAt = now;
        }
        repaint();
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        super.paintComponent(graphics);
        Graphics2D g = (Graphics2D) graphics;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float[] me = client.position();
        int cx = getWidth() / 2;
        int cy = getHeight() / 2;
        double scale = client.view() == 0 ? 1 : (getWidth() / 2.0 - 20) / client.view();
        g.setColor(new Color(0x1E, 0x26, 0x34));
        int r = (int) (client.view() * scale);
        g.fillOval(cx - r, cy - r, 2 * r, 2 * r);
        g.setColor(new Color(0x3C, 0x4A, 0x63));
        g.setStroke(new BasicStroke(2));
        g.drawOval(cx - r, cy - r, 2 * r, 2 * r);
        int count = 0;
        for (CrowdClient.Seen s : client.seen()) {
            int x = cx + (int) ((s.x() - me[0]) * scale);
            int y = cy + (int) ((s.y() - me[1]) * scale);
            g.setColor(Color.getHSBColor((s.id() * 0.618f) % 1f, 0.55f, 0.95f));
            g.fillOval(x - 5, y - 5, 10, 10);
            count++;
        }
        g.setColor(new Color(0x66, 0xDD, 0x88));
        g.fillOval(cx - 8, cy - 8, 16, 16);
        g.setColor(Color.LIGHT_GRAY);
        String status = client.closed() == null ? rates : "disconnected: " + client.closed();
        g.drawString(
                String.format("you at %.0f, %.0f   %d players in sight   %s", me[0], me[1], count, status), 10, 20);
        g.drawString(
                "arrow keys or WASD to walk; only players within " + client.view() + " units are sent",
                10,
                getHeight() - 12);
    }
}
