package io.netloop.examples.arena;

import io.netloop.PeerStats;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import javax.swing.JComponent;

/**
 * A live graph of one connection over the last ten seconds: round-trip time, the share of packets
 * lost, and kilobytes a second each way, sampled from {@link PeerStats} ten times a second.
 */
final class NetGraph extends JComponent {
    private static final long serialVersionUID = 1L;
    private static final int SAMPLES = 100;
    private static final long EVERY_NANOS = 100_000_000L;

    private final double[] rtt = new double[SAMPLES];
    private final double[] loss = new double[SAMPLES];
    private final double[] in = new double[SAMPLES];
    private final double[] out = new double[SAMPLES];
    private int count;
    private long lastAt;
    private transient PeerStats last;

    NetGraph() {
        setPreferredSize(new Dimension(240, 230));
    }

    /** Takes a sample if a tenth of a second has passed since the last. */
    void sample(PeerStats stats, long nowNanos) {
        if (last != null && nowNanos - lastAt < EVERY_NANOS) {
            return;
        }
        if (last != null) {
            double seconds = (nowNanos - lastAt) / 1e9;
            int at = count % SAMPLES;
            long sent = stats.packetsSent() - last.packetsSent();
            rtt[at] = Math.max(0, stats.rttMillis());
            loss[at] = sent == 0 ? 0 : 100.0 * (stats.packetsLost() - last.packetsLost()) / sent;
            in[at] = (stats.bytesReceived() - last.bytesReceived()) / 1024.0 / seconds;
            out[at] = (stats.bytesSent() - last.bytesSent()) / 1024.0 / seconds;
            count++;
        }
        last = stats;
        lastAt = nowNanos;
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        Graphics2D g = (Graphics2D) graphics;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        java.awt.Insets border = getInsets();
        g.translate(border.left, border.top); // inside the titled border
        int h = (getHeight() - border.top - border.bottom) / 3;
        chart(g, 0, h, "round trip", "ms", 300, new Color(0x4F, 0xC3, 0xF7), rtt, null);
        chart(g, h, h, "loss", "%", 50, new Color(0xEF, 0x53, 0x50), loss, null);
        chart(g, 2 * h, h, "in / out", "KB/s", 20, new Color(0x81, 0xC7, 0x84), in, out);
        g.translate(-border.left, -border.top);
    }

    private void chart(
            Graphics2D g,
            int top,
            int h,
            String name,
            String unit,
            double floor,
            Color color,
            double[] values,
            double[] second) {
        int w = getWidth() - getInsets().left - getInsets().right;
        g.setColor(new Color(0x1A, 0x1D, 0x26));
        g.fillRect(0, top, w, h - 4);
        double max = floor;
        for (int i = 0; i < Math.min(count, SAMPLES); i++) {
            max = Math.max(max, Math.max(values[i], second == null ? 0 : second[i]));
        }
        line(g, top, h - 4, w, max, values, color);
        if (second != null) {
            line(g, top, h - 4, w, max, second, new Color(0xFF, 0xB7, 0x4D));
        }
        g.setColor(Color.LIGHT_GRAY);
        double now = count == 0 ? 0 : values[(count - 1) % SAMPLES];
        String label = String.format("%s %.1f %s", name, now, unit);
        if (second != null && count > 0) {
            label = String.format("in %.1f / out %.1f %s", now, second[(count - 1) % SAMPLES], unit);
        }
        g.drawString(label, 6, top + 14);
        g.drawString(String.format("%.0f", max), w - 34, top + 14);
    }

    private void line(Graphics2D g, int top, int h, int w, double max, double[] values, Color color) {
        g.setColor(color);
        int n = Math.min(count, SAMPLES);
        for (int i = 1; i < n; i++) {
            int a = (count - n + i - 1) % SAMPLES;
            int b = (count - n + i) % SAMPLES;
            int x1 = (i - 1) * w / SAMPLES;
            int x2 = i * w / SAMPLES;
            g.drawLine(
                    x1, top + h - (int) (values[a] / max * (h - 18)), x2, top + h - (int) (values[b] / max * (h - 18)));
        }
    }
}
