package io.netloop.examples.arena;

import io.netloop.examples.Keys;
import io.netloop.examples.arena.Protocol.Ship;
import io.netloop.examples.arena.Protocol.Shot;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.swing.JPanel;

/**
 * Draws the arena as an {@link ArenaClient} sees it, and turns the keyboard (WASD or arrows) and
 * mouse (aim, click to fire) into the player's controls. The own ship is drawn where prediction
 * puts it, with a thin ring where the last snapshot had it, so reconciliation can be watched.
 */
final class ArenaPanel extends JPanel {
    private static final long serialVersionUID = 1L;
    private static final long TRACER_NANOS = 250_000_000L;

    private final transient ArenaClient client;
    private final List<long[]> tracerTimes = new ArrayList<>();
    private final List<Shot> tracers = new ArrayList<>();
    private final Keys keys = new Keys();
    private float aim;
    private boolean fire;
    private int shotsSeen;
    private long now;

    ArenaPanel(ArenaClient client) {
        this.client = client;
        setPreferredSize(new Dimension(Physics.WIDTH, Physics.HEIGHT));
        setBackground(new Color(0x12, 0x16, 0x20));
        setFocusable(true);
        addKeyListener(keys);
        addKeyListener(new KeyAdapter() {
            @Override
            public void keyPressed(KeyEvent e) {
                fire |= e.getKeyCode() == KeyEvent.VK_SPACE;
            }

            @Override
            public void keyReleased(KeyEvent e) {
                fire &= e.getKeyCode() != KeyEvent.VK_SPACE;
            }
        });
        MouseAdapter mouse = new MouseAdapter() {
            @Override
            public void mouseMoved(MouseEvent e) {
                float[] me = client.position();
                aim = (float) Math.atan2(e.getY() - me[1], e.getX() - me[0]);
            }

            @Override
            public void mouseDragged(MouseEvent e) {
                mouseMoved(e);
            }

            @Override
            public void mousePressed(MouseEvent e) {
                requestFocusInWindow();
                fire = true;
            }

            @Override
            public void mouseReleased(MouseEvent e) {
                fire = false;
            }
        };
        addMouseListener(mouse);
        addMouseMotionListener(mouse);
    }

    /** One frame: the player's controls go to the client, then the panel is drawn anew. */
    void frame(long nowNanos) {
        now = nowNanos;
        client.update(nowNanos, keys.held(), aim, fire);
        int heard = client.shotsHeard();
        List<Shot> latest = client.shots();
        for (int i = Math.max(0, latest.size() - (heard - shotsSeen)); i < latest.size(); i++) {
            tracers.add(latest.get(i));
            tracerTimes.add(new long[] {nowNanos});
        }
        shotsSeen = heard;
        while (!tracerTimes.isEmpty() && nowNanos - tracerTimes.get(0)[0] > TRACER_NANOS) {
            tracerTimes.remove(0);
            tracers.remove(0);
        }
        repaint();
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        super.paintComponent(graphics);
        Graphics2D g = (Graphics2D) graphics;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0x3A, 0x42, 0x55));
        for (Physics.Wall w : Physics.WALLS) {
            g.fillRect((int) w.x(), (int) w.y(), (int) w.w(), (int) w.h());
        }
        g.setStroke(new BasicStroke(2));
        g.setColor(new Color(0xFF, 0xEE, 0x88));
        for (Shot s : tracers) {
            g.drawLine((int) s.fromX(), (int) s.fromY(), (int) s.toX(), (int) s.toY());
        }
        Map<Integer, String> names = client.names();
        for (Ship s : client.others(now)) {
            ship(g, s.x(), s.y(), s.aim(), s.health(), new Color(0xE5, 0x73, 0x73), names.get(s.id()));
        }
        if (client.closed() != null) {
            g.setColor(Color.WHITE);
            g.drawString("Disconnected: " + client.closed(), 20, 30);
        }
        Ship server = client.onServer();
        if (server != null) {
            float[] me = client.position();
            g.setColor(new Color(255, 255, 255, 110));
            g.setStroke(new BasicStroke(1));
            int r = (int) Physics.RADIUS + 3;
            g.drawOval((int) server.x() - r, (int) server.y() - r, 2 * r, 2 * r);
            ship(g, me[0], me[1], aim, server.health(), new Color(0x66, 0xDD, 0x88), "you");
        }
    }

    private static void ship(Graphics2D g, float x, float y, float aim, int health, Color color, String name) {
        int r = (int) Physics.RADIUS;
        g.setColor(color);
        g.fillOval((int) x - r, (int) y - r, 2 * r, 2 * r);
        g.setStroke(new BasicStroke(3));
        g.drawLine((int) x, (int) y, (int) (x + Math.cos(aim) * (r + 8)), (int) (y + Math.sin(aim) * (r + 8)));
        g.setColor(Color.DARK_GRAY);
        g.fillRect((int) x - r, (int) y - r - 8, 2 * r, 4);
        g.setColor(new Color(0x8B, 0xC3, 0x4A));
        g.fillRect((int) x - r, (int) y - r - 8, 2 * r * Math.max(0, health) / ArenaServer.MAX_HEALTH, 4);
        if (name != null) {
            g.setColor(Color.LIGHT_GRAY);
            g.drawString(name, (int) x - r, (int) y + r + 14);
        }
    }
}
