package io.netloop;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * A game host found on the local network by {@link Net#discover(String)}: where it listens, over
 * which transport, the info bytes it advertises (a server name, a map, a player count: whatever
 * the game put into {@link Net#advertise(String, byte[])}), and how long its answer took.
 *
 * <p>Immutable; {@link #info()} returns a copy.
 */
public final class LanHost {
    private final String name;
    private final String transport;
    private final InetSocketAddress address;
    private final byte[] info;
    private final Duration rtt;

    /**
     * Describes a host; public so that a game's tests can feed its own event handling.
     *
     * @param name the game name it advertises under, as in {@code lan://name}
     * @param transport {@code "tcp"} or {@code "udp"}
     * @param address the address and port to connect to
     * @param info the advertised bytes; copied
     * @param rtt the time from the query to the answer
     */
    public LanHost(String name, String transport, InetSocketAddress address, byte[] info, Duration rtt) {
        this.name = Objects.requireNonNull(name, "name");
        if (!transport.equals("tcp") && !transport.equals("udp")) {
            throw new IllegalArgumentException("transport " + transport + ": use \"tcp\" or \"udp\"");
        }
        this.transport = transport;
        this.address = Objects.requireNonNull(address, "address");
        this.info = info.clone();
        this.rtt = Objects.requireNonNull(rtt, "rtt");
    }

    /**
     * The game name the host advertises under.
     *
     * @return the name, as in {@code lan://name}
     */
    public String name() {
        return name;
    }

    /**
     * The transport the host listens on.
     *
     * @return {@code "tcp"} or {@code "udp"}
     */
    public String transport() {
        return transport;
    }

    /**
     * Where the host listens: the address its answer came from, and its listening port.
     *
     * @return the address to connect to
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * A URI to pass to {@link Net#connect(String)}, e.g. {@code udp://192.168.1.20:7777}.
     *
     * @return the host's URI
     */
    public String uri() {
        String ip = address.getAddress().getHostAddress();
        return transport + "://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + address.getPort();
    }

    /**
     * What the host advertises.
     *
     * @return a copy of its info bytes, at most 256
     */
    public byte[] info() {
        return info.clone();
    }

    /**
     * The time from sending the query to receiving this host's answer.
     *
     * @return the round trip
     */
    public Duration rtt() {
        return rtt;
    }

    @Override
    public String toString() {
        return "LanHost[" + name + " at " + uri() + ", " + info.length + " bytes of info, rtt " + rtt.toNanos() / 1000
                + " µs]";
    }
}
