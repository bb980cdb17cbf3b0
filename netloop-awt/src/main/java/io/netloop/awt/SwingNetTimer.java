package io.netloop.awt;

import io.netloop.Net;
import io.netloop.NetEvent;
import java.awt.Component;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.swing.Timer;

/**
 * Polls a {@link Net} from a Swing {@link Timer}, on the event-dispatch thread (EDT): no thread at
 * all, and the game may use the {@code Net} and its peers directly from its Swing code.
 *
 * <pre>{@code
 * SwingUtilities.invokeLater(() -> {
 *     Net net = Net.open();                                // owned by the EDT from now on
 *     SwingNetTimer timer = new SwingNetTimer(net, e -> {
 *         if (e.type() == NetEvent.Type.CONNECTED) {
 *             e.peer().send(0, hello, Delivery.RELIABLE);  // fine: we are on the EDT
 *         }
 *     });
 *     net.connect("tcp://localhost:7777");
 *     timer.start();
 * });
 * }</pre>
 *
 * <p><b>Threading.</b> The {@code Net} belongs to the EDT: open it there, and call it, its hosts
 * and its peers only there (inside Swing listeners, {@code invokeLater}, or the event handler).
 * Call this class's methods on the EDT too. Each tick calls {@link Net#poll()}, which never waits,
 * and hands the events, in order, to the handler or to the component's {@code processEvent} as
 * {@link NetAwtEvent}s, right there inside the tick: posting them to the event queue would only
 * delay each by a trip through the queue while the {@code Net} moved on. Do not call {@code
 * net.poll()} yourself while the timer runs.
 *
 * <p><b>When to use it.</b> A turn-based or casual game whose EDT is never busy for long. Network
 * work waits for the next tick (every {@value #DEFAULT_PERIOD_MS} ms unless {@link #setPeriod}
 * says otherwise) and stalls while the EDT is busy; a game with long paints or a heavy EDT is
 * better served by {@link BackgroundNet}.
 *
 * <p><b>Errors.</b> What the handler or the component throws goes to the error handler, see {@link
 * #setErrorHandler}, and the tick goes on with the remaining events, so none is lost. A {@link
 * io.netloop.Listener} that throws makes that tick's {@code poll()} throw once its work is done;
 * that goes to the error handler too, and the next tick returns the events it kept. If {@code
 * poll()} throws on two ticks in a row (the {@code Net} was closed behind the timer's back, or a
 * listener keeps throwing), the timer stops and says so to the error handler.
 */
public final class SwingNetTimer implements AutoCloseable {
    /** The default period between two polls, in ms: about one frame at 60 frames a second. */
    public static final int DEFAULT_PERIOD_MS = 16;

    private final Net net;
    private final Component target;
    private final Consumer<? super NetEvent> handler;
    private final Timer timer;
    private final ErrorReporter errors = new ErrorReporter();
    private int failedPolls;
    private boolean closed;

    /**
     * A stopped timer that hands each event of {@code net} to a handler, on the EDT.
     *
     * @param net the network, owned by the EDT
     * @param onEvent called on the EDT for every event, in order
     */
    public SwingNetTimer(Net net, Consumer<? super NetEvent> onEvent) {
        this(net, null, Objects.requireNonNull(onEvent, "onEvent"));
    }

    /**
     * A stopped timer that hands each event of {@code net} to {@code target.processEvent} as a
     * {@link NetAwtEvent}, on the EDT.
     *
     * @param net the network, owned by the EDT
     * @param target the component that receives the events, e.g. the game's panel
     */
    public SwingNetTimer(Net net, Component target) {
        this(net, Objects.requireNonNull(target, "target"), null);
    }

    private SwingNetTimer(Net net, Component target, Consumer<? super NetEvent> handler) {
        this.net = Objects.requireNonNull(net, "net");
        this.target = target;
        this.handler = handler;
        this.timer = new Timer(DEFAULT_PERIOD_MS, tick -> tick());
    }

    /**
     * Starts polling, the first time after one period. EDT.
     *
     * @throws IllegalStateException if the timer was closed
     */
    public void start() {
        if (closed) {
            throw new IllegalStateException("this SwingNetTimer is closed, and its Net with it");
        }
        failedPolls = 0;
        timer.start();
    }

    /** Stops polling; the {@code Net} stays open, and {@link #start()} resumes. EDT. */
    public void stop() {
        timer.stop();
    }

    /**
     * Whether the timer is polling. EDT.
     *
     * @return true between {@link #start()} and {@link #stop()}
     */
    public boolean isRunning() {
        return timer.isRunning();
    }

    /**
     * Sets the period between two polls, from the next tick on. EDT.
     *
     * @param periodMs the period in ms, at least 1
     * @throws IllegalArgumentException if {@code periodMs} is below 1
     */
    public void setPeriod(int periodMs) {
        if (periodMs < 1) {
            throw new IllegalArgumentException("periodMs must be at least 1, was " + periodMs);
        }
        timer.setDelay(periodMs);
        timer.setInitialDelay(periodMs);
    }

    /**
     * The network this timer polls, for use on the EDT.
     *
     * @return the {@code Net}
     */
    public Net net() {
        return net;
    }

    /**
     * Sets what receives the errors of the game's code (see the class comment), called on the EDT
     * in an event of its own, once per error. Without one, or with {@code null}, each error is
     * rethrown from such an event, where the EDT's uncaught-exception handler reports it as it does
     * for any Swing listener. Any thread.
     *
     * @param handler the error handler, or {@code null} for the default
     */
    public void setErrorHandler(Consumer<? super Throwable> handler) {
        errors.setHandler(handler);
    }

    /**
     * Stops the timer and closes the {@code Net}: each peer is told goodbye and ends with {@link
     * io.netloop.DisconnectReason#NET_CLOSED}; no event reaches the game afterwards. Calling it
     * again does nothing. EDT.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.stop();
        net.close();
    }

    /** One tick, on the EDT. Never throws: a Swing timer whose action throws stops firing. */
    private void tick() {
        if (closed) {
            return;
        }
        List<NetEvent> events;
        try {
            events = net.poll();
            failedPolls = 0;
        } catch (RuntimeException | Error e) {
            if (++failedPolls < 2) {
                errors.report(e); // e.g. a Listener threw: its events stay pending for the next poll
            } else {
                timer.stop();
                errors.report(new IllegalStateException("SwingNetTimer stopped: Net.poll() failed twice in a row", e));
            }
            return;
        }
        for (int i = 0; i < events.size() && !closed; i++) {
            try {
                deliver(events.get(i));
            } catch (RuntimeException | Error e) {
                errors.report(e);
            }
        }
    }

    private void deliver(NetEvent event) {
        if (handler != null) {
            handler.accept(event);
        } else {
            target.dispatchEvent(new NetAwtEvent(target, event));
        }
    }
}
