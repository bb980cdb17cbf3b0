package io.netloop.awt;

import io.netloop.Net;
import io.netloop.NetEvent;
import java.awt.Component;
import java.awt.EventQueue;
import java.awt.Toolkit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The duty cycle of a {@link BackgroundNet}'s poll thread: run the door's work, poll, post the
 * events into the system {@link EventQueue}; and, once stopping, run the last work, close the
 * {@code Net} and refuse the rest.
 */
final class PollLoop implements Runnable {
    private static final Duration POLL_WAIT = Duration.ofMillis(100);
    private static final int DOOR_BATCH = 1024;

    private final Net net;
    private final Object source;
    private final Consumer<? super NetEvent> handler;
    private final int maxBacklog;
    private final ErrorReporter errors;
    private final ConcurrentLinkedQueue<Runnable> door = new ConcurrentLinkedQueue<>();
    private final AtomicInteger backlog = new AtomicInteger();
    private final Thread thread;
    private volatile boolean closeCalled; // the game closed it: drop what is still queued for the EDT
    private volatile boolean stopping; // closed, or poll() kept failing: the door is shut
    private volatile boolean finished; // the Net is closed: nothing in the door will run any more

    /** {@code source} is the target component, or the bridge when events go to {@code handler}. */
    PollLoop(Net net, Object source, Consumer<? super NetEvent> handler, int maxBacklog, ErrorReporter errors) {
        this.net = net;
        this.source = source;
        this.handler = handler;
        this.maxBacklog = maxBacklog;
        this.errors = errors;
        this.thread = new Thread(this, BackgroundNet.THREAD_NAME);
        thread.setDaemon(true); // a game that forgets close() still exits with its last window
    }

    Thread thread() {
        return thread;
    }

    int backlog() {
        return backlog.get();
    }

    /** Any thread. */
    void submit(Runnable work) {
        if (stopping) {
            throw closed();
        }
        door.add(work);
        wake();
    }

    /** Any thread but the poll thread. */
    <T> T call(DoorCall<T> call) {
        submit(call);
        if (finished && door.remove(call)) {
            throw closed(); // the thread ended after submit's check: nothing will take it
        }
        return call.await();
    }

    /** Any thread. */
    void stop() {
        closeCalled = true;
        stopping = true;
        wake();
    }

    /** Called on the EDT by each posted event. */
    void deliver(PostedNetAwtEvent event) {
        if (backlog.decrementAndGet() == maxBacklog - 1) {
            LockSupport.unpark(thread); // it may be waiting for room
        }
        if (closeCalled) {
            return;
        }
        try {
            if (handler != null) {
                handler.accept(event.netEvent());
            } else {
                ((Component) source).dispatchEvent(event);
            }
        } catch (RuntimeException | Error e) {
            errors.report(e);
        }
    }

    @Override
    public void run() {
        int failedPolls = 0;
        while (!stopping) {
            runDoor();
            if (backlog.get() >= maxBacklog) {
                LockSupport.parkNanos(this, POLL_WAIT.toNanos()); // the EDT unparks us once it has room
                continue;
            }
            try {
                post(net.poll(POLL_WAIT));
                failedPolls = 0;
            } catch (RuntimeException | Error e) {
                if (++failedPolls < 2) {
                    errors.report(e); // e.g. a Listener threw: its events stay pending for the next poll
                } else {
                    errors.report(new IllegalStateException(
                            BackgroundNet.THREAD_NAME + " stopped: Net.poll() failed twice in a row", e));
                    stopping = true;
                }
            }
        }
        runDoor();
        try {
            net.close();
        } catch (RuntimeException | Error e) {
            errors.report(e);
        }
        finished = true;
        IllegalStateException closed = closed();
        for (Runnable work; (work = door.poll()) != null; ) {
            if (work instanceof DoorCall<?> call) {
                call.fail(closed);
            } else {
                errors.report(closed);
            }
        }
    }

    private void runDoor() {
        Runnable work;
        for (int i = 0; i < DOOR_BATCH && (work = door.poll()) != null; i++) {
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                errors.report(e);
            }
        }
        if (!door.isEmpty()) {
            net.wakeup(); // the rest runs after the next poll, which must not wait
        }
    }

    private void post(List<NetEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        EventQueue queue = Toolkit.getDefaultToolkit().getSystemEventQueue();
        for (NetEvent e : events) {
            backlog.incrementAndGet();
            queue.postEvent(new PostedNetAwtEvent(source, e, this));
        }
    }

    private void wake() {
        if (!finished) {
            net.wakeup();
            LockSupport.unpark(thread);
        }
    }

    private static IllegalStateException closed() {
        return new IllegalStateException("this BackgroundNet is closed; start a new one");
    }
}
