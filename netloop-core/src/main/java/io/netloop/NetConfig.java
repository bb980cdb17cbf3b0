package io.netloop;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Settings for one {@link Net}. Every per-connection setting here is a default that a URI option
 * can override for one host or connection (see the README's table of URI options).
 *
 * <pre>{@code
 * Net net = Net.open(NetConfig.builder().applicationId("space-race/1").timeout(Duration.ofSeconds(5)).build());
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class NetConfig {
    private static final NetConfig DEFAULTS = builder().build();

    private final LongSupplier clock;
    private final String applicationId;
    private final String agreementName;
    private final byte[] agreement;
    private final int maxMessageSize;
    private final Duration timeout;
    private final Duration keepAliveInterval;
    private final Duration connectTimeout;
    private final Duration closeTimeout;
    private final int sendQueueLimit;
    private final int maxPeers;
    private final int maxPendingConnections;
    private final int readLimitPerPoll;
    private final int mtu;
    private final Simulation simulation;
    private final boolean reconnect;
    private final Duration resumeWindow;
    private final Duration reconnectDelay;
    private final Duration reconnectDelayMax;

    private NetConfig(Builder b) {
        clock = b.clock;
        applicationId = b.applicationId;
        agreementName = b.agreementName;
        agreement = b.agreement;
        maxMessageSize = b.maxMessageSize;
        timeout = b.timeout;
        // A short timeout alone brings the pings along with it.
        keepAliveInterval = b.keepAliveSet || b.keepAliveInterval.compareTo(b.timeout) < 0
                ? b.keepAliveInterval
                : b.timeout.dividedBy(3);
        connectTimeout = b.connectTimeout;
        closeTimeout = b.closeTimeout;
        sendQueueLimit = b.sendQueueLimit;
        maxPeers = b.maxPeers;
        maxPendingConnections = b.maxPendingConnections;
        readLimitPerPoll = b.readLimitPerPoll;
        mtu = b.mtu;
        simulation = b.simulation;
        reconnect = b.reconnect;
        resumeWindow = b.resumeWindow;
        reconnectDelay = b.reconnectDelay;
        reconnectDelayMax = b.reconnectDelayMax;
    }

    /**
     * The default settings.
     *
     * @return the shared default configuration
     */
    public static NetConfig defaults() {
        return DEFAULTS;
    }

    /**
     * Starts a builder with the default settings.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The clock, read once per {@link Net#poll()}; tests pass a fake one.
     *
     * @return a monotonic clock in nanoseconds
     */
    public LongSupplier clock() {
        return clock;
    }

    /**
     * The application id checked in every handshake; peers with another id are refused.
     *
     * @return the id, at most 255 UTF-8 bytes
     */
    public String applicationId() {
        return applicationId;
    }

    /**
     * What the agreement set by {@link Builder#agreement(String, byte[])} is about, for the
     * refusal's reason.
     *
     * @return the name, or an empty string when no agreement is set
     */
    public String agreementName() {
        return agreementName;
    }

    /**
     * The value both ends must present in the handshake, besides the application id.
     *
     * @return a copy of the value, empty when no agreement is set
     */
    public byte[] agreement() {
        return agreement.clone();
    }

    /**
     * The largest message a peer may send or receive.
     *
     * @return the limit in bytes
     */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /**
     * How long a connection may stay silent before it ends with {@link DisconnectReason#TIMEOUT}.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * How often a ping is sent, which keeps the connection alive and measures the round trip.
     *
     * @return the interval
     */
    public Duration keepAliveInterval() {
        return keepAliveInterval;
    }

    /**
     * How long connecting plus the handshake may take.
     *
     * @return the timeout
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * How long a graceful {@link Peer#close()} may take to deliver what was queued.
     *
     * @return the timeout
     */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    /**
     * The most bytes queued for one peer; past it reliable sends are refused with {@link
     * SendResult#BACKPRESSURED}, and lossy sends are dropped from half of it.
     *
     * @return the limit in bytes
     */
    public int sendQueueLimit() {
        return sendQueueLimit;
    }

    /**
     * The most connected peers one {@link Host} accepts; more are refused as "host full".
     *
     * @return the limit
     */
    public int maxPeers() {
        return maxPeers;
    }

    /**
     * The most connections one {@link Host} keeps in the handshake at once; more are closed at
     * once, which bounds the cost of a connection flood.
     *
     * @return the limit
     */
    public int maxPendingConnections() {
        return maxPendingConnections;
    }

    /**
     * The most bytes read from one peer in one {@link Net#poll()}, so a flooding peer cannot starve
     * the frame or the other peers.
     *
     * @return the limit in bytes
     */
    public int readLimitPerPoll() {
        return readLimitPerPoll;
    }

    /**
     * The largest datagram a {@code udp://} connection sends, in bytes of UDP payload. Larger
     * messages are split into fragments of this size and put together again on arrival. The
     * default, 1200, passes on practically every real network; the handshake pads its first
     * datagram to this size, so a path that cannot carry it fails at connect, not later.
     *
     * @return the datagram size in bytes
     */
    public int mtu() {
        return mtu;
    }

    /**
     * The network simulation applied to every {@code udp://} connection.
     *
     * @return the settings, {@link Simulation#NONE} by default
     */
    public Simulation simulation() {
        return simulation;
    }

    /**
     * Whether sessions survive a lost link: a client reconnects by itself and both sides resume
     * where they were, with {@link NetEvent.Type#RECONNECTING} and {@link
     * NetEvent.Type#RECONNECTED} events instead of a disconnect. On a host, whether it offers
     * sessions at all.
     *
     * @return true by default
     */
    public boolean reconnect() {
        return reconnect;
    }

    /**
     * How long a session waits for its link to come back before it ends with {@link
     * DisconnectReason#RECONNECT_FAILED}; a host keeps what it must resend that long.
     *
     * @return the window
     */
    public Duration resumeWindow() {
        return resumeWindow;
    }

    /**
     * How long a client waits before its first reconnection attempt; each failed attempt doubles
     * it, up to {@link #reconnectDelayMax()}, and every wait is shortened by a random part of up to
     * half, so that many clients that lost the same host do not all come back at once.
     *
     * @return the first delay
     */
    public Duration reconnectDelay() {
        return reconnectDelay;
    }

    /**
     * The longest wait between two reconnection attempts.
     *
     * @return the longest delay
     */
    public Duration reconnectDelayMax() {
        return reconnectDelayMax;
    }

    /** Builds a {@link NetConfig}; every setter checks its argument and names the fix. */
    public static final class Builder {
        private LongSupplier clock = System::nanoTime;
        private String applicationId = "netloop";
        private String agreementName = "";
        private byte[] agreement = new byte[0];
        private int maxMessageSize = 1 << 20;
        private Duration timeout = Duration.ofSeconds(10);
        private Duration keepAliveInterval = Duration.ofSeconds(1);
        private boolean keepAliveSet;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration closeTimeout = Duration.ofSeconds(2);
        private int sendQueueLimit = 4 << 20;
        private int maxPeers = 16_384;
        private int maxPendingConnections = 512;
        private int readLimitPerPoll = 1 << 20;
        private int mtu = 1200;
        private Simulation simulation = Simulation.NONE;
        private boolean reconnect = true;
        private Duration resumeWindow = Duration.ofSeconds(30);
        private Duration reconnectDelay = Duration.ofMillis(100);
        private Duration reconnectDelayMax = Duration.ofSeconds(5);

        private Builder() {}

        /**
         * Turns sessions that survive a lost link on or off (default on).
         *
         * @param on false to end a connection at the first lost link, as plain sockets do
         * @return this builder
         */
        public Builder reconnect(boolean on) {
            this.reconnect = on;
            return this;
        }

        /**
         * Sets how long a session may wait for its link to come back (default 30 s).
         *
         * @param window a positive duration
         * @return this builder
         */
        public Builder resumeWindow(Duration window) {
            this.resumeWindow = checkPositive("resumeWindow", window);
            return this;
        }

        /**
         * Sets the wait before the first reconnection attempt (default 100 ms) and the longest
         * wait between attempts (default 5 s).
         *
         * @param first a positive duration
         * @param max a duration at least as long as {@code first}
         * @return this builder
         */
        public Builder reconnectDelay(Duration first, Duration max) {
            checkPositive("reconnectDelay", first);
            if (checkPositive("reconnectDelayMax", max).compareTo(first) < 0) {
                throw new IllegalArgumentException("reconnectDelayMax " + max + " is shorter than reconnectDelay "
                        + first + ": make the longest wait at least the first one");
            }
            this.reconnectDelay = first;
            this.reconnectDelayMax = max;
            return this;
        }

        /**
         * Sets the datagram size of {@code udp://} connections (default 1200).
         *
         * @param bytes from 508 (safe on any IPv4 path) to 65,507 (the largest UDP payload)
         * @return this builder
         */
        public Builder mtu(int bytes) {
            this.mtu = checkRange("mtu", bytes, 508, 65_507);
            return this;
        }

        /**
         * Sets the network simulation for every {@code udp://} connection (default none).
         *
         * @param simulation the settings
         * @return this builder
         */
        public Builder simulation(Simulation simulation) {
            this.simulation = Objects.requireNonNull(simulation, "simulation");
            return this;
        }

        /**
         * Sets the clock. Tests pass a fake clock and drive time themselves with {@link
         * Net#poll()}; {@link Net#poll(java.time.Duration)} measures its wait on this clock too, so
         * with a clock that stands still it waits until an event arrives.
         *
         * @param nanoClock a monotonic clock in nanoseconds, like {@link System#nanoTime()}
         * @return this builder
         */
        public Builder clock(LongSupplier nanoClock) {
            this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
            return this;
        }

        /**
         * Sets the application id, for example {@code "space-race/1.2"}. Peers that present
         * another id are refused, so two games on one port never talk garbage to each other.
         *
         * @param id a non-empty id of at most 255 UTF-8 bytes
         * @return this builder
         */
        public Builder applicationId(String id) {
            Objects.requireNonNull(id, "id");
            int bytes = id.getBytes(StandardCharsets.UTF_8).length;
            if (bytes == 0 || bytes > 255) {
                throw new IllegalArgumentException("applicationId '" + id + "' is " + bytes
                        + " UTF-8 bytes: use a non-empty id of at most 255 bytes, e.g. \"my-game/1\"");
            }
            this.applicationId = id;
            return this;
        }

        /**
         * Sets a value both ends must agree on, checked in every handshake besides the
         * application id: typically a fingerprint of the messages a game sends, such as {@code
         * Codec.fingerprint()} from netloop-codec. A host refuses a client whose value differs
         * (or that has none while the host has one, or the other way round) with {@link
         * DisconnectReason#REFUSED} and a reason such as "the message set differs between host
         * and client (host 1a2b3c4d, client 5e6f7a8b)", so two builds that would misread each
         * other's messages never exchange any. A raw stream ({@code tcp+raw://}) has no handshake
         * and checks nothing.
         *
         * @param name what the value stands for, for the reason text, e.g. {@code "message set"};
         *     1 to 64 UTF-8 bytes
         * @param value 1 to 64 bytes, compared byte for byte; copied
         * @return this builder
         */
        public Builder agreement(String name, byte[] value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
            if (nameBytes == 0 || nameBytes > 64) {
                throw new IllegalArgumentException("agreement name '" + name + "' is " + nameBytes
                        + " UTF-8 bytes: use 1 to 64, e.g. \"message set\"");
            }
            if (value.length == 0 || value.length > 64) {
                throw new IllegalArgumentException("agreement value is " + value.length
                        + " bytes: use 1 to 64, e.g. a 16-byte hash of what must match");
            }
            this.agreementName = name;
            this.agreement = value.clone();
            return this;
        }

        /**
         * Sets the largest message, in bytes (default 1 MiB).
         *
         * @param bytes from 1 to 256 MiB
         * @return this builder
         */
        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = checkRange("maxMessageSize", bytes, 1, 256 << 20);
            return this;
        }

        /**
         * Sets the silence timeout (default 10 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = checkPositive("timeout", timeout);
            return this;
        }

        /**
         * Sets the keep-alive ping interval (default 1 s, or a third of a timeout shorter than
         * that).
         *
         * @param interval a positive duration, shorter than the timeout
         * @return this builder
         */
        public Builder keepAliveInterval(Duration interval) {
            this.keepAliveInterval = checkPositive("keepAliveInterval", interval);
            this.keepAliveSet = true;
            return this;
        }

        /**
         * Sets how long connecting plus the handshake may take (default 5 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = checkPositive("connectTimeout", timeout);
            return this;
        }

        /**
         * Sets how long a graceful close may take to deliver queued data (default 2 s).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = checkPositive("closeTimeout", timeout);
            return this;
        }

        /**
         * Sets the per-peer outbound queue limit, in bytes (default 4 MiB).
         *
         * @param bytes from 1 KiB to 1 GiB
         * @return this builder
         */
        public Builder sendQueueLimit(int bytes) {
            this.sendQueueLimit = checkRange("sendQueueLimit", bytes, 1024, 1 << 30);
            return this;
        }

        /**
         * Sets the most connected peers per host (default 16,384).
         *
         * @param peers at least 1
         * @return this builder
         */
        public Builder maxPeers(int peers) {
            this.maxPeers = checkRange("maxPeers", peers, 1, Integer.MAX_VALUE);
            return this;
        }

        /**
         * Sets the most connections per host that may be in the handshake at once (default 512).
         *
         * @param connections at least 1
         * @return this builder
         */
        public Builder maxPendingConnections(int connections) {
            this.maxPendingConnections = checkRange("maxPendingConnections", connections, 1, Integer.MAX_VALUE);
            return this;
        }

        /**
         * Sets the most bytes read from one peer per poll (default 1 MiB).
         *
         * @param bytes from 1 KiB up
         * @return this builder
         */
        public Builder readLimitPerPoll(int bytes) {
            this.readLimitPerPoll = checkRange("readLimitPerPoll", bytes, 1024, Integer.MAX_VALUE);
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return an immutable configuration
         */
        public NetConfig build() {
            if (keepAliveSet && keepAliveInterval.compareTo(timeout) >= 0) {
                throw new IllegalArgumentException("keepAliveInterval " + keepAliveInterval
                        + " must be shorter than timeout " + timeout
                        + ", or connections time out between pings: e.g. timeout 10 s, keepAliveInterval 1 s");
            }
            return new NetConfig(this);
        }

        private static int checkRange(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " is " + value + ": use a value from " + min + " to " + max);
            }
            return value;
        }

        private static Duration checkPositive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " is " + value + ": use a positive duration");
            }
            return value;
        }
    }
}
