package io.netloop.examples.connect4;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import javax.swing.JPanel;

/**
 * Draws a {@link Connect4Client}'s game: the board, its discs, the column under the mouse when it is
 * the player's turn, and a "reconnecting…" banner while the link is down. A click drops a disc.
 */
final class BoardPanel extends JPanel {
    private static final long serialVersionUID = 1L;
    private static final int CELL = 64;
    private static final int TOP = 40;
    static final Color RED = new Color(0xD6, 0x28, 0x28);
    static final Color YELLOW = new Color(0xF2, 0xC6, 0x1F);

    private final transient Connect4Client client;
    private int hover = -1;

    BoardPanel(Connect4Client client) {
        this.client = client;
        setPreferredSize(new Dimension(Board.COLUMNS * CELL, TOP + Board.ROWS * CELL));
        setBackground(new Color(0x20, 0x24, 0x30));
        MouseAdapter mouse = new MouseAdapter() {
            @Override
            public void mouseMoved(MouseEvent e) {
                hover = e.getX() / CELL;
                repaint();
            }

            @Override
            public void mouseExited(MouseEvent e) {
                hover = -1;
                repaint();
            }

            @Override
            public void mouseClicked(MouseEvent e) {
                if (client.myTurn()) {
                    client.drop(e.getX() / CELL);
                }
            }
        };
        addMouseListener(mouse);
        addMouseMotionListener(mouse);
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        super.paintComponent(graphics);
        Graphics2D g = (Graphics2D) graphics;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Connect4Client.View game = client.game();
        g.setColor(new Color(0x1E, 0x4F, 0xC8));
        g.fillRoundRect(0, TOP, Board.COLUMNS * CELL, Board.ROWS * CELL, 16, 16);
        for (int c = 0; c < Board.COLUMNS; c++) {
            for (int r = 0; r < Board.ROWS; r++) {
                int seat = game == null ? Board.NONE : game.board().at(c, r);
                g.setColor(seat == Board.RED ? RED : seat == Board.YELLOW ? YELLOW : getBackground());
                g.fillOval(c * CELL + 6, TOP + (Board.ROWS - 1 - r) * CELL + 6, CELL - 12, CELL - 12);
            }
        }
        if (client.myTurn() && hover >= 0 && hover < Board.COLUMNS) {
            g.setColor(game.seat() == Board.RED ? RED : YELLOW);
            g.setStroke(new BasicStroke(3));
            g.drawOval(hover * CELL + 6, 2, CELL - 12, TOP - 6);
        }
        if (client.reconnecting()) {
            g.setColor(new Color(0, 0, 0, 170));
            g.fillRect(0, getHeight() / 2 - 30, getWidth(), 60);
            g.setColor(Color.WHITE);
            g.setFont(getFont().deriveFont(Font.BOLD, 22f));
            g.drawString("reconnecting\u2026", getWidth() / 2 - 80, getHeight() / 2 + 8);
        }
    }
}
