package io.netloop.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Objects;

/**
 * A proxy on 127.0.0.1 that sits between a client and a host in a test and breaks the link between
 * them on command: {@link #cut()}, {@link #stall()}, {@link #blackHole()}, {@link #delay(Duration)}
 * and {@link #heal()}.
 *
 * <pre>{@code
 * try (Net server = Net.open(); Net client = Net.open()) {
 *     Host host = server.listen("tcp://127.0.0.1:0");
 *     try (LinkProxy proxy = LinkProxy.tcp(host.localAddress())) {
 *         List<NetEvent> seen = new ArrayList<>();
 *         client.connect(proxy.uri());                 // through the proxy, not to the host
 *         Runnable frame = () -> { server.poll(); seen.addAll(client.poll()); proxy.pump(); };
 *         runFramesUntil(frame, () -> contains(seen, CONNECTED));
 *         proxy.cut();                                 // both sockets are reset at once
 *         runFramesUntil(frame, () -> contains(seen, RECONNECTING));
 *         runFramesUntil(frame, () -> contains(seen, RECONNECTED));
 *     }
 * }
 * }</pre>
 *
 * <p><b>Why a proxy.</b> netloop's own link simulation ({@code sim.loss} and friends) loses and
 * delays messages inside the library. This proxy works on real sockets, so the code under test
 * meets what the operating system really does when a link fails: resets, ends of stream, full
 * buffers, a NAT that gives a UDP client a new port. It knows nothing of netloop's protocol; it
 * moves bytes and datagrams.
 *
 * <p><b>Threading.</b> Like netloop, the proxy starts no thread unless asked: {@link #pump()} does
 * all the work that is ready and returns, so a test calls it from the loop that polls its {@code
 * Net}s. {@link #start()} instead runs it on one daemon thread, named {@value #THREAD_NAME}, until
 * {@link #close()}. Every other method may be called from any thread in either mode; a fault is in
 * force for every byte the proxy handles after the call returns.
 *
 * <p><b>Bounds.</b> Each direction of a TCP connection holds at most 256 KiB; when it is full the
 * proxy stops reading that side and the kernel's flow control pushes back on the sender. Each
 * direction of UDP holds at most 10,000 datagrams or 16 MiB; beyond that the oldest are dropped and
 * counted in {@link #datagramsDropped()}. A misbehaving peer (refusal, reset, abrupt close) ends its
 * connection, never {@link #pump()}.
 */
public final class LinkProxy implements AutoCloseable {
    /** The name of the thread {@link #start()} runs, so that a test can check it is gone. */
    public static final String THREAD_NAME = "netloop-testkit-proxy";

    /** The longest {@link #delay(Duration)} accepted. */
    private static final Duration MAX_DELAY = Duration.ofHours(1);

    private final String scheme;
    private final InetSocketAddress address;
    private final RelayDriver driver;

    private LinkProxy(String scheme, Selector selector, Relay relay) {
        this.scheme = scheme;
        this.address = relay.localAddress();
        this.driver = new RelayDriver(selector, relay);
    }

    /**
     * Listens for TCP connections on 127.0.0.1 on a free port and joins each to {@code target}.
     *
     * @param target where connections are forwarded, e.g. the address of a netloop host
     * @return the proxy, listening, in pump mode
     * @throws IllegalArgumentException if the target is unresolved or has port 0
     * @throws UncheckedIOException if the proxy cannot listen
     */
    public static LinkProxy tcp(InetSocketAddress target) {
        return open("tcp", target);
    }

    /**
     * Listens for UDP datagrams on 127.0.0.1 on a free port and forwards them to {@code target},
     * each client address through its own proxy port, like a NAT.
     *
     * @param target where datagrams are forwarded, e.g. the address of a netloop host
     * @return the proxy, listening, in pump mode
     * @throws IllegalArgumentException if the target is unresolved or has port 0
     * @throws UncheckedIOException if the proxy cannot listen
     */
    public static LinkProxy udp(InetSocketAddress target) {
        return open("udp", target);
    }

    /**
     * The port the proxy listens on.
     *
     * @return the port on 127.0.0.1
     */
    public int port() {
        return address.getPort();
    }

    /**
     * The address clients connect to instead of the target.
     *
     * @return 127.0.0.1 and {@link #port()}
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * The address as a netloop URI, for {@code net.connect(proxy.uri())}.
     *
     * @return e.g. {@code tcp://127.0.0.1:40123} or {@code udp://127.0.0.1:40123}
     */
    public String uri() {
        return scheme + "://" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /**
     * Does all the work that is ready without waiting: accepts, connects to the target, forwards in
     * both directions and releases delayed data whose time has come. Call it from the test's loop;
     * a closed proxy does nothing.
     *
     * @throws IllegalStateException if {@link #start()} was called: the proxy's thread pumps then
     * @throws UncheckedIOException if the proxy's selector fails (never because a peer misbehaved)
     */
    public void pump() {
        driver.pump();
    }

    /**
     * Runs {@link #pump()}'s work on one daemon thread named {@value #THREAD_NAME} until {@link
     * #close()}; for tests whose loop cannot call {@code pump()}.
     *
     * @return this proxy
     * @throws IllegalStateException if the proxy was started before or is closed
     */
    public LinkProxy start() {
        driver.start(THREAD_NAME);
        return this;
    }

    /**
     * Cuts the link. TCP: resets every proxied connection on both sides at once, so that both ends
     * see a reset (or an end of stream) straight away; connections made afterwards work. UDP:
     * forgets every flow, so that a client's next datagram reaches the target from a new proxy port
     * (a NAT rebinding, to the target) and answers sent to an old flow's port are dropped. The fault
     * in force (stall, black hole, delay) is kept.
     */
    public void cut() {
        driver.control(Relay::cut);
    }

    /**
     * Stops forwarding in both directions without losing anything, until {@link #heal()}. TCP: the
     * proxy stops reading and accepting, so the kernel holds the bytes and new connections; UDP: the
     * proxy holds the datagrams, dropping the oldest beyond 10,000 per direction.
     */
    public void stall() {
        driver.control(Relay::stall);
    }

    /**
     * Drops every byte and datagram in both directions, silently, from now until {@link #heal()},
     * like a cable pulled out: nothing is closed and nobody is told. What the proxy held but had not
     * yet forwarded is dropped too. A TCP connection that loses any byte (or its end of stream) has
     * a hole in its stream and is reset at {@code heal()}; one that stays idle carries on. A TCP
     * connection accepted meanwhile never reaches the target and is reset at {@code heal()}.
     */
    public void blackHole() {
        driver.control(Relay::blackHole);
    }

    /**
     * Delays every chunk of bytes and every datagram the proxy reads from now on by {@code oneWay}
     * before forwarding it, in each direction, keeping the order.
     *
     * @param oneWay the delay each way; {@link Duration#ZERO} for none
     * @throws IllegalArgumentException if negative or longer than an hour
     */
    public void delay(Duration oneWay) {
        Objects.requireNonNull(oneWay, "oneWay");
        if (oneWay.isNegative() || oneWay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException(
                    "delay " + oneWay + " is out of range; pass from Duration.ZERO (no delay) up to one hour");
        }
        long nanos = oneWay.toNanos();
        driver.control(relay -> relay.delayNanos = nanos);
    }

    /**
     * Ends a {@link #stall()} or a {@link #blackHole()}: everything held by a stall is forwarded, in
     * order; TCP connections that lost bytes in a black hole are reset on both sides. The delay is
     * kept.
     */
    public void heal() {
        driver.control(Relay::heal);
    }

    /**
     * TCP connections accepted, or UDP flows created (one per client address, a new one after each
     * {@link #cut()}).
     *
     * @return the count since the proxy opened
     */
    public long connections() {
        return driver.count(relay -> relay.connections);
    }

    /**
     * How many times {@link #cut()} was called.
     *
     * @return the count since the proxy opened
     */
    public long cuts() {
        return driver.count(relay -> relay.cuts);
    }

    /**
     * TCP bytes written to either side.
     *
     * @return bytes, both directions together
     */
    public long bytesForwarded() {
        return driver.count(relay -> relay.bytesForwarded);
    }

    /**
     * TCP bytes dropped by a {@link #blackHole()}.
     *
     * @return bytes, both directions together
     */
    public long bytesDropped() {
        return driver.count(relay -> relay.bytesDropped);
    }

    /**
     * UDP datagrams sent on to either side.
     *
     * @return datagrams, both directions together
     */
    public long datagramsForwarded() {
        return driver.count(relay -> relay.datagramsForwarded);
    }

    /**
     * UDP datagrams dropped: by a black hole, as answers to a flow a cut forgot, as the oldest of a
     * full queue, or because the operating system refused to send them.
     *
     * @return datagrams, both directions together
     */
    public long datagramsDropped() {
        return driver.count(relay -> relay.datagramsDropped);
    }

    /**
     * TCP connections open through the proxy, or UDP flows not yet cut.
     *
     * @return the count now
     */
    public int openConnections() {
        return (int) driver.count(Relay::openConnections);
    }

    /**
     * Closes every socket (TCP connections are reset) and stops the thread if {@link #start()} ran
     * it; returns once it has ended. Calling it again does nothing; so do faults and {@link #pump()}
     * afterwards.
     */
    @Override
    public void close() {
        driver.close();
    }

    private static LinkProxy open(String scheme, InetSocketAddress target) {
        Objects.requireNonNull(target, "target");
        if (target.isUnresolved() || target.getPort() == 0) {
            throw new IllegalArgumentException("target " + target + " cannot be connected to;"
                    + " pass a resolved address with a port, e.g. new InetSocketAddress(\"127.0.0.1\", hostPort)");
        }
        Selector selector;
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the proxy", e);
        }
        try {
            Relay relay = scheme.equals("tcp") ? new TcpRelay(selector, target) : new UdpRelay(selector, target);
            return new LinkProxy(scheme, selector, relay);
        } catch (IOException e) {
            try {
                selector.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot listen on 127.0.0.1 for a " + scheme + " proxy", e);
        }
    }
}
