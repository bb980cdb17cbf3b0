package io.netloop;

import io.netloop.internal.RealNet;
import java.time.Duration;
import java.util.List;

/**
 * The network of one game: one {@link java.nio.channels.Selector}, its timers and its event queue,
 * driven by the game's own loop.
 *
 * <pre>{@code
 * try (Net net = Net.open()) {
 *     Peer server = net.connect("tcp://localhost:7777");
 *     server.send(0, "hello".getBytes(UTF_8), Delivery.RELIABLE);
 *     while (running) {
 *         for (NetEvent e : net.poll()) { ... }
 *         update();
 *         render();
 *     }
 * }
 * }</pre>
 *
 * <p><b>Threading.</b> A {@code Net} starts no thread. All I/O, timers and callbacks run inside
 * {@link #poll()} on the calling thread; call every method from that one thread, except {@link
 * #wakeup()}, which any thread may call.
 *
 * <p><b>URIs.</b> {@code udp://host:port} speaks netloop over UDP, with all four {@link Delivery}
 * modes; {@code tcp://host:port} speaks netloop's framed protocol over TCP; {@code
 * tcp+raw://host:port} is a plain byte stream for existing protocols. Options go in the query, e.g.
 * {@code udp://host:7777?timeout=5s&maxMessage=64KiB&sim.loss=0.05}. A malformed URI or an unknown
 * option throws {@link IllegalArgumentException} with a message that names the fix.
 */
public interface Net extends AutoCloseable {
    /**
     * Opens a network with the default settings.
     *
     * @return a new, open network
     * @throws java.io.UncheckedIOException if the operating system cannot open a selector
     */
    static Net open() {
        return open(NetConfig.defaults());
    }

    /**
     * Opens a network.
     *
     * @param config the settings
     * @return a new, open network
     * @throws java.io.UncheckedIOException if the operating system cannot open a selector
     */
    static Net open(NetConfig config) {
        return new RealNet(config);
    }

    /**
     * Listens for connections; they are reported as events by {@link #poll()}.
     *
     * @param uri e.g. {@code tcp://0.0.0.0:7777}, or port 0 for any free port
     * @return the host, already bound
     * @throws IllegalArgumentException if the URI is malformed
     * @throws java.io.UncheckedIOException if the address cannot be bound (e.g. the port is taken)
     */
    Host listen(String uri);

    /**
     * Listens for connections and reports them to a listener, called from inside {@link #poll()},
     * instead of returning events.
     *
     * @param uri e.g. {@code tcp://0.0.0.0:7777}
     * @param listener called for every peer of this host
     * @return the host, already bound
     * @throws IllegalArgumentException if the URI is malformed
     * @throws java.io.UncheckedIOException if the address cannot be bound
     */
    Host listen(String uri, Listener listener);

    /**
     * Starts connecting and returns at once; {@link NetEvent.Type#CONNECTED} follows from a later
     * {@link #poll()}, or {@link NetEvent.Type#DISCONNECTED} if it fails. The peer accepts sends
     * straight away and delivers them once connected.
     *
     * <p>{@code lan://game-name} (options as for {@link #discover(String)}) connects to the first
     * host on the local network that answers for that game, over its transport, with this net's
     * default settings. Until a host has answered, its peer has nowhere to queue: sends return
     * {@link SendResult#NOT_CONNECTED} and {@link Peer#remoteAddress()} is null. If none answers
     * within {@code connectTimeout} it ends with {@link DisconnectReason#CONNECT_FAILED}.
     *
     * @param uri e.g. {@code tcp://localhost:7777}, {@code lan://space-race}
     * @return the peer, in state {@link PeerState#CONNECTING}
     * @throws IllegalArgumentException if the URI is malformed
     */
    Peer connect(String uri);

    /**
     * Connects like {@link #connect(String)}, reporting to a listener instead of returning events.
     *
     * @param uri e.g. {@code tcp://localhost:7777}
     * @param listener called for this peer
     * @return the peer, in state {@link PeerState#CONNECTING}
     * @throws IllegalArgumentException if the URI is malformed
     */
    Peer connect(String uri, Listener listener);

    /**
     * Sends a message on channel 0, {@link Delivery#RELIABLE}, to the peer at {@code uri},
     * connecting on first use and reusing that connection afterwards (a new one once it has
     * ended).
     *
     * @param uri the peer's URI, exactly as it would be given to {@link #connect(String)}
     * @param data the message; it is copied
     * @return what happened to the message
     */
    SendResult send(String uri, byte[] data);

    /**
     * Sends a message to the peer at {@code uri}, connecting on first use; see {@link
     * #send(String, byte[])}.
     *
     * @param uri the peer's URI
     * @param channel the channel, from 0 to 255
     * @param data the message; it is copied
     * @param delivery how it travels
     * @return what happened to the message
     */
    SendResult send(String uri, int channel, byte[] data, Delivery delivery);

    /**
     * Does all pending network work without waiting: accepts, connects, reads, timers, and one
     * write per peer of everything queued. Bounded: it reads at most {@link
     * NetConfig#readLimitPerPoll()} bytes per peer.
     *
     * @return the events since the last poll, in order; the list is reused and valid until the
     *     next call to {@code poll}
     */
    List<NetEvent> poll();

    /**
     * Like {@link #poll()}, but waits up to {@code maxWait} for the first event; returns as soon as
     * there is one, or when {@link #wakeup()} is called. For servers and tools with no frame
     * loop.
     *
     * @param maxWait the longest wait
     * @return the events, possibly none; valid until the next call to {@code poll}
     */
    List<NetEvent> poll(Duration maxWait);

    /**
     * Answers LAN discovery for this net's hosts: a client that {@link #discover(String) discovers}
     * the same game name learns the port and transport of every host this net listens on, and
     * {@code info}. Answers are never larger than the question and are rate-limited per sender, so
     * the port cannot be used to amplify an attack.
     *
     * <p>URI options: {@code port} (the discovery port, default 47777, shared by every advertiser
     * on the machine), {@code ipv6} (default true: also answer queries sent to the link-local
     * multicast group ff02::114, which it joins on every IPv6 interface).
     *
     * @param uri e.g. {@code lan://space-race}
     * @param info what a finder sees in {@link LanHost#info()}: at most 256 bytes; copied
     * @return the advertisement, to update or close
     * @throws IllegalArgumentException if the URI is malformed or {@code info} too long
     * @throws java.io.UncheckedIOException if the discovery port cannot be bound
     */
    Advertisement advertise(String uri, byte[] info);

    /**
     * Searches the local network for hosts that {@link #advertise(String, byte[]) advertise} a game
     * name; each host found becomes a {@link NetEvent.Type#DISCOVERED} event (and another when its
     * info changes). It asks at once and then every {@code interval} until closed. DISCOVERED
     * events are always returned by {@link #poll()}, also in a net whose hosts and peers use
     * listeners.
     *
     * <p>URI options: {@code port} (default 47777), {@code interval} (default 1s), {@code targets}
     * (comma-separated IPv4 addresses to ask; by default the limited broadcast address
     * 255.255.255.255 and every interface's broadcast address; tests use {@code 127.255.255.255},
     * which reaches every advertiser on this machine and nothing else), {@code ipv6} (default
     * true: also ask the link-local multicast group ff02::114 on every IPv6 interface).
     *
     * @param uri e.g. {@code lan://space-race}
     * @return the search, to close when a host has been picked
     * @throws IllegalArgumentException if the URI is malformed
     */
    Discovery discover(String uri);

    /**
     * Joins a peer-to-peer group: listens on {@code listenUri}, advertises it under the game name
     * of {@code lanUri}, and connects to every other member it discovers there, one connection per
     * pair (see {@link Mesh}).
     *
     * @param lanUri e.g. {@code lan://whiteboard}, with the options of {@link #discover(String)}
     * @param listenUri where to listen, e.g. {@code udp://0.0.0.0:0} (any free port)
     * @return the mesh
     * @throws IllegalArgumentException if a URI is malformed
     * @throws java.io.UncheckedIOException if a port cannot be bound
     */
    Mesh mesh(String lanUri, String listenUri);

    /** Writes everything queued now, for a game that cannot wait for its next {@link #poll()}. */
    void flush();

    /** Makes a {@link #poll(Duration)} that is waiting return early. Any thread may call this. */
    void wakeup();

    /**
     * The settings this network was opened with.
     *
     * @return the configuration
     */
    NetConfig config();

    /**
     * Closes every host and connection at once and releases the selector. Listeners hear {@link
     * DisconnectReason#NET_CLOSED} for each live peer; events not yet polled are dropped. Calling it
     * again does nothing.
     */
    @Override
    void close();
}
