package io.netloop.awt;

import io.netloop.Delivery;
import io.netloop.Host;
import io.netloop.Net;
import io.netloop.NetConfig;
import io.netloop.NetEvent;
import io.netloop.Peer;
import io.netloop.SendResult;
import java.awt.Component;
import java.awt.EventQueue;
import java.awt.Toolkit;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link Net} polled by a thread of its own, which posts every event into the system {@link
 * EventQueue} as a {@link NetAwtEvent}: the game receives network events on the event-dispatch
 * thread (EDT), mixed in order with its mouse and key events, and the EDT never waits for the
 * network.
 *
 * <pre>{@code
 * BackgroundNet net = BackgroundNet.start(gamePanel);   // gamePanel.processEvent gets NetAwtEvents
 * Peer server = net.connect("tcp://localhost:7777");   // CONNECTED follows as an event
 * sendButton.addActionListener(a -> net.send(server, 0, text.getBytes(UTF_8), Delivery.RELIABLE));
 * frame.addWindowListener(new WindowAdapter() {
 *     @Override public void windowClosing(WindowEvent e) { net.close(); }
 * });
 * }</pre>
 *
 * <p><b>Threading.</b> The {@code Net}, and every {@link Peer} and {@link Host} it hands out, belong
 * to the poll thread, named {@value #THREAD_NAME}. Never call them from the EDT or any other
 * thread: go through the door of this class, whose methods any thread may call. {@link #send},
 * {@link #connect}, {@link #listen} and {@link #call} run their work on the poll thread and wait
 * for its result (one hand-off: the poll thread never waits for the EDT, so this cannot deadlock);
 * {@link #execute} queues work and returns at once. Events reach the game on the EDT only: the
 * component's {@code processEvent}, or the handler given to {@link #start(Consumer)}. Do not give
 * the {@code Net} a {@link io.netloop.Listener}: its methods would run on the poll thread.
 *
 * <p><b>Errors.</b> Whatever the game's code throws (work given to the door, the handler, or the
 * component's {@code processEvent} for a {@code NetAwtEvent}) goes to the error handler on the
 * EDT, see {@link #setErrorHandler}, and the poll thread carries on. {@link #call}, {@link #send},
 * {@link #connect} and {@link #listen} throw to their caller instead.
 *
 * <p><b>Bounded.</b> When {@value #MAX_BACKLOG} posted events wait for a busy EDT, the poll thread
 * stops reading the network until the EDT catches up, so a flood slows the sender down instead of
 * filling the heap; the door stays open meanwhile.
 *
 * <p>The poll thread is a daemon: a game that closes its last window without calling {@link
 * #close()} still exits, but its peers then see the link drop instead of a goodbye.
 */
public final class BackgroundNet implements AutoCloseable {
    /** The name of the poll thread. */
    public static final String THREAD_NAME = "netloop-poll";

    /** How many posted events may wait for the EDT before the poll thread stops reading. */
    public static final int MAX_BACKLOG = 4096;

    private static final long CLOSE_WAIT_MS = 5_000;

    private final Net net;
    private final ErrorReporter errors = new ErrorReporter();
    private final PollLoop loop;

    private BackgroundNet(Net net, Component target, Consumer<? super NetEvent> handler, int maxBacklog) {
        this.net = net;
        this.loop = new PollLoop(net, target != null ? target : this, handler, maxBacklog, errors);
    }

    /**
     * Opens a {@link Net} with the default settings and starts polling it; each event reaches
     * {@code target.processEvent} on the EDT as a {@link NetAwtEvent}. Any thread may call this.
     *
     * @param target the component that receives the events, e.g. the game's panel
     * @return the running bridge; {@link #close()} it when the game ends
     */
    public static BackgroundNet start(Component target) {
        return start(target, NetConfig.defaults());
    }

    /**
     * Like {@link #start(Component)}, with settings.
     *
     * @param target the component that receives the events
     * @param config the settings of the {@code Net}
     * @return the running bridge
     */
    public static BackgroundNet start(Component target, NetConfig config) {
        return start(Objects.requireNonNull(target, "target"), null, config, MAX_BACKLOG);
    }

    /**
     * Opens a {@link Net} with the default settings and starts polling it; each event is handed to
     * {@code onEvent} on the EDT, still by way of the system event queue (the {@link
     * java.awt.EventQueue#getCurrentEvent() current event} is then a {@link NetAwtEvent} whose
     * source is this bridge). Any thread may call this.
     *
     * @param onEvent called on the EDT for every event, in order
     * @return the running bridge; {@link #close()} it when the game ends
     */
    public static BackgroundNet start(Consumer<? super NetEvent> onEvent) {
        return start(onEvent, NetConfig.defaults());
    }

    /**
     * Like {@link #start(Consumer)}, with settings.
     *
     * @param onEvent called on the EDT for every event, in order
     * @param config the settings of the {@code Net}
     * @return the running bridge
     */
    public static BackgroundNet start(Consumer<? super NetEvent> onEvent, NetConfig config) {
        return start(null, Objects.requireNonNull(onEvent, "onEvent"), config, MAX_BACKLOG);
    }

    static BackgroundNet start(Component target, Consumer<? super NetEvent> handler, NetConfig config, int maxBacklog) {
        Objects.requireNonNull(config, "config");
        Toolkit.getDefaultToolkit().getSystemEventQueue(); // fails here, not on the poll thread, if AWT cannot start
        BackgroundNet bridge = new BackgroundNet(Net.open(config), target, handler, maxBacklog);
        bridge.loop.thread().start();
        return bridge;
    }

    /**
     * Sets what receives the errors of the game's code (see the class comment), called on the EDT
     * once per error. Without one, or with {@code null}, each error is rethrown on the EDT, where
     * the uncaught-exception handler reports it as it does for any Swing listener. Any thread.
     *
     * @param handler the error handler, or {@code null} for the default
     */
    public void setErrorHandler(Consumer<? super Throwable> handler) {
        errors.setHandler(handler);
    }

    /**
     * Queues work to run on the poll thread, with the {@code Net}, and returns at once; the {@code
     * Net} is woken to run it. What the work throws goes to the error handler. The work must not
     * block: it holds up the network and every other door call meanwhile. Any thread.
     *
     * @param work e.g. {@code n -> server.close()}
     * @throws IllegalStateException if this bridge is closed
     */
    public void execute(Consumer<? super Net> work) {
        Objects.requireNonNull(work, "work");
        loop.submit(() -> work.accept(net));
    }

    /**
     * Runs work on the poll thread, with the {@code Net}, and waits for its result. Called on the
     * poll thread itself (from other door work), it runs at once. Any thread, the EDT included.
     *
     * @param work e.g. {@code n -> host.port()}
     * @param <T> the type of the result
     * @return what the work returned
     * @throws IllegalStateException if this bridge is closed, or closes before the work runs
     * @throws RuntimeException whatever the work threw, as it threw it
     */
    public <T> T call(Function<? super Net, ? extends T> work) {
        Objects.requireNonNull(work, "work");
        if (Thread.currentThread() == loop.thread()) {
            return work.apply(net);
        }
        return loop.call(new DoorCall<>(net, work));
    }

    /**
     * Listens for connections, on the poll thread; {@link NetEvent.Type#CONNECTED} events follow.
     * Any thread. Use the host only inside door work, e.g. {@code call(n -> host.port())}.
     *
     * @param uri e.g. {@code tcp://0.0.0.0:7777}
     * @return the host, bound
     * @throws IllegalArgumentException if the URI is malformed
     * @throws java.io.UncheckedIOException if the address cannot be bound (e.g. the port is taken)
     */
    public Host listen(String uri) {
        return call(n -> n.listen(uri));
    }

    /**
     * Starts connecting, on the poll thread, and returns the peer at once; {@link
     * NetEvent.Type#CONNECTED} or {@link NetEvent.Type#DISCONNECTED} follows as an event. Any
     * thread. Like {@link Net#connect}, it resolves a host name before returning: to keep the EDT
     * free of a slow name lookup, use {@code execute(n -> n.connect(uri))} and take the peer from
     * the {@code CONNECTED} event. Use the peer only through the door, e.g. {@link #send}.
     *
     * @param uri e.g. {@code tcp://localhost:7777}
     * @return the peer, connecting; it accepts sends at once
     * @throws IllegalArgumentException if the URI is malformed
     */
    public Peer connect(String uri) {
        return call(n -> n.connect(uri));
    }

    /**
     * Sends a message to a peer of this bridge's {@code Net}, on the poll thread, and returns what
     * {@link Peer#send(int, byte[], Delivery)} returned; the {@code Net} is woken, so the message
     * goes out at once. The bytes are copied before this returns. Any thread.
     *
     * @param peer a peer of this bridge, from {@link #connect} or an event
     * @param channel the channel, from 0 to 255
     * @param data the message
     * @param delivery how it travels
     * @return what happened to the message, e.g. {@link SendResult#BACKPRESSURED}
     * @throws IllegalArgumentException if the channel is out of range or the message too large
     */
    public SendResult send(Peer peer, int channel, byte[] data, Delivery delivery) {
        Objects.requireNonNull(peer, "peer");
        return call(n -> peer.send(channel, data, delivery));
    }

    /**
     * Stops the poll thread: work already given to the door runs, then the {@code Net} is closed on
     * the poll thread (each peer is told goodbye and ends with {@link
     * io.netloop.DisconnectReason#NET_CLOSED}), and this waits up to five seconds for the thread
     * to end. No event reaches the game after this returns, even one already posted. Calling it
     * again does nothing. Any thread; called from door work, it returns at once and the thread
     * ends when that work returns.
     *
     * @throws IllegalStateException if the poll thread is still busy with door work after five
     *     seconds
     */
    @Override
    public void close() {
        loop.stop();
        Thread thread = loop.thread();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the thread ends on its own; stop waiting for it
            return;
        }
        if (thread.isAlive()) {
            throw new IllegalStateException(THREAD_NAME + " did not stop within " + CLOSE_WAIT_MS
                    + " ms: work given to execute() or call() is blocking it");
        }
    }

    /** How many posted events the EDT has not handled yet; for tests. */
    int backlog() {
        return loop.backlog();
    }
}
