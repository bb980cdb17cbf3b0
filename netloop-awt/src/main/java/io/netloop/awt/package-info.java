/**
 * netloop for AWT and Swing games: network events handed to the event-dispatch thread (EDT), the
 * thread that already runs the game's mouse and key handlers and its painting.
 *
 * <p>Two ways to run a {@link io.netloop.Net}, pick one per game:
 *
 * <ul>
 *   <li>{@link io.netloop.awt.BackgroundNet}: a thread of its own polls the {@code Net} and posts
 *       each event into the system {@link java.awt.EventQueue} as a {@link
 *       io.netloop.awt.NetAwtEvent}; the UI reaches the {@code Net} only through the thread-safe
 *       door of {@code BackgroundNet} ({@code send}, {@code call}, {@code execute}).
 *   <li>{@link io.netloop.awt.SwingNetTimer}: no thread at all; a {@link javax.swing.Timer} polls
 *       the {@code Net} on the EDT, so the UI may use the {@code Net} and its peers directly.
 * </ul>
 *
 * <p>Either way every event, and every error report, reaches the game's code on the EDT, never on
 * another thread.
 */
package io.netloop.awt;
