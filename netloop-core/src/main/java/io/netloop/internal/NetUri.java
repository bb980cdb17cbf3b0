package io.netloop.internal;

import io.netloop.NetConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed endpoint URI: {@code scheme://host:port?option=value&...}. Every mistake throws
 * {@link IllegalArgumentException} with a message that shows the URI and names the fix.
 */
final class NetUri {
    enum Scheme {
        TCP("tcp"),
        TCP_RAW("tcp+raw"),
        UDP("udp");

        final String text;

        Scheme(String text) {
            this.text = text;
        }
    }

    private static final List<String> COMMON = List.of(
            "timeout", "keepAlive", "connectTimeout", "closeTimeout", "maxMessage", "sendQueue", "app", "readLimit");
    private static final List<String> HOST_ONLY = List.of("maxPeers", "maxPending");
    /** Sessions that survive a lost link: tcp:// and udp://, not tcp+raw://. */
    private static final List<String> SESSION =
            List.of("reconnect", "resumeWindow", "reconnectDelay", "reconnectDelayMax");

    private static final List<String> CONNECT_ONLY = List.of("reconnectDelay", "reconnectDelayMax");
    private static final List<String> RAW_ONLY = List.of("read");
    /** What the simulator can do to a stream: delay it, never drop or reorder it. */
    private static final List<String> STREAM_SIMULATION = List.of("sim.latency", "sim.jitter", "sim.seed");

    private static final List<String> UDP_ONLY =
            List.of("mtu", "sim.loss", "sim.dup", "sim.reorder", "sim.latency", "sim.jitter", "sim.seed");

    final String text;
    final Scheme scheme;
    /** Null for a wildcard host ({@code tcp://:7777}). */
    final String host;

    final int port;
    final Map<String, String> options;

    private NetUri(String text, Scheme scheme, String host, int port, Map<String, String> options) {
        this.text = text;
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.options = options;
    }

    static NetUri parse(String uri) {
        if (uri == null) {
            throw new IllegalArgumentException("URI is null: pass e.g. \"tcp://localhost:7777\"");
        }
        int sep = uri.indexOf("://");
        if (sep <= 0) {
            throw bad(uri, "it has no scheme; write it as scheme://host:port, e.g. tcp://localhost:7777");
        }
        Scheme scheme = scheme(uri, uri.substring(0, sep).toLowerCase(Locale.ROOT));
        String rest = uri.substring(sep + 3);
        int q = rest.indexOf('?');
        String authority = q < 0 ? rest : rest.substring(0, q);
        Map<String, String> options = q < 0 ? Map.of() : query(uri, rest.substring(q + 1));
        if (authority.endsWith("/")) {
            authority = authority.substring(0, authority.length() - 1);
        }
        if (authority.contains("/")) {
            throw bad(uri, "it has a path; netloop URIs are scheme://host:port with options after '?'");
        }
        String host;
        String portText;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0 || !authority.startsWith("]:", close)) {
                throw bad(uri, "an IPv6 address needs brackets and a port, e.g. tcp://[::1]:7777");
            }
            host = authority.substring(1, close);
            portText = authority.substring(close + 2);
        } else {
            int colon = authority.lastIndexOf(':');
            if (colon < 0) {
                throw bad(uri, "it has no port; add one, e.g. " + scheme.text + "://" + authority + ":7777");
            }
            host = authority.substring(0, colon);
            if (host.contains(":")) {
                throw bad(uri, "an IPv6 address needs brackets, e.g. tcp://[::1]:7777");
            }
            portText = authority.substring(colon + 1);
        }
        return new NetUri(uri, scheme, host.isEmpty() ? null : host, port(uri, portText), options);
    }

    /** The address to bind: the wildcard address when the URI names no host. */
    InetSocketAddress bindAddress() {
        return host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    void requireConnectable() {
        if (host == null) {
            throw bad(text, "connect needs a host, e.g. " + scheme.text + "://localhost:" + port);
        }
        if (port == 0) {
            throw bad(text, "connect needs the host's port; port 0 only makes sense for listen");
        }
        for (String hostOnly : HOST_ONLY) {
            if (options.containsKey(hostOnly)) {
                throw bad(text, "option '" + hostOnly + "' applies to listen(), not connect(); remove it");
            }
        }
    }

    void requireListenable() {
        for (String connectOnly : CONNECT_ONLY) {
            if (options.containsKey(connectOnly)) {
                throw bad(text, "option '" + connectOnly + "' applies to connect(), not listen(); a host never dials");
            }
        }
    }

    Settings settings(NetConfig config) {
        boolean raw = scheme == Scheme.TCP_RAW;
        String read = options.getOrDefault("read", "events");
        if (!read.equals("events") && !read.equals("pull")) {
            throw bad(text, "read=" + read + " is not a read mode; use read=events or read=pull");
        }
        String app = options.getOrDefault("app", config.applicationId());
        int appBytes = app.getBytes(StandardCharsets.UTF_8).length;
        if (appBytes == 0 || appBytes > 255) {
            throw bad(text, "app=" + app + " is " + appBytes + " UTF-8 bytes; use 1 to 255, e.g. app=my-game/1");
        }
        // A raw stream carries no keep-alive, so it has no silence timeout unless the URI asks.
        long defaultTimeout = raw ? 0 : config.timeout().toNanos();
        long timeout = duration("timeout", defaultTimeout);
        long keepAlive = duration("keepAlive", config.keepAliveInterval().toNanos());
        if (!raw && timeout > 0 && keepAlive >= timeout) {
            if (options.containsKey("keepAlive")) {
                throw bad(
                        text,
                        "keepAlive (" + keepAlive / 1_000_000 + " ms) must be shorter than timeout ("
                                + timeout / 1_000_000
                                + " ms), or the connection times out between pings; e.g. timeout=10s&keepAlive=1s");
            }
            keepAlive = timeout / 3; // a short timeout alone brings the pings along with it
        }
        long reconnectDelay = positive("reconnectDelay", config.reconnectDelay().toNanos());
        long reconnectDelayMax =
                positive("reconnectDelayMax", config.reconnectDelayMax().toNanos());
        if (reconnectDelayMax < reconnectDelay) {
            throw bad(
                    text,
                    "reconnectDelayMax (" + reconnectDelayMax / 1_000_000 + " ms) is shorter than reconnectDelay ("
                            + reconnectDelay / 1_000_000 + " ms); make the longest wait at least the first one");
        }
        return new Settings(
                app,
                config.agreement().length == 0
                        ? Agreement.NONE
                        : new Agreement(config.agreementName(), config.agreement()),
                size("maxMessage", config.maxMessageSize(), 1, 256 << 20),
                timeout,
                keepAlive,
                duration("connectTimeout", config.connectTimeout().toNanos()),
                duration("closeTimeout", config.closeTimeout().toNanos()),
                size("sendQueue", config.sendQueueLimit(), 1024, 1 << 30),
                count("maxPeers", config.maxPeers()),
                count("maxPending", config.maxPendingConnections()),
                size("readLimit", config.readLimitPerPoll(), 1024, Integer.MAX_VALUE),
                read.equals("pull"),
                size("mtu", config.mtu(), 508, 65_507),
                simulation(config.simulation()),
                !raw && flag("reconnect", config.reconnect()),
                duration("resumeWindow", config.resumeWindow().toNanos()),
                reconnectDelay,
                reconnectDelayMax);
    }

    @Override
    public String toString() {
        return text;
    }

    private io.netloop.Simulation simulation(io.netloop.Simulation base) {
        io.netloop.Simulation sim = base;
        if (options.containsKey("sim.loss")) {
            sim = sim.withLoss(fraction("sim.loss"));
        }
        if (options.containsKey("sim.dup")) {
            sim = sim.withDuplicate(fraction("sim.dup"));
        }
        if (options.containsKey("sim.reorder")) {
            sim = sim.withReorder(fraction("sim.reorder"));
        }
        if (options.containsKey("sim.latency") || options.containsKey("sim.jitter")) {
            sim = sim.withLatency(
                    Duration.ofNanos(durationOrZero("sim.latency", sim.latency())),
                    Duration.ofNanos(durationOrZero("sim.jitter", sim.jitter())));
        }
        if (options.containsKey("sim.seed")) {
            try {
                sim = sim.withSeed(Long.parseLong(options.get("sim.seed")));
            } catch (NumberFormatException e) {
                throw bad(text, "sim.seed=" + options.get("sim.seed") + " is not a whole number; e.g. sim.seed=42");
            }
        } else if (sim.isActive() && sim.seed() == 0) {
            sim = sim.withSeed(System.nanoTime());
        }
        return sim;
    }

    private boolean flag(String name, boolean fallback) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw bad(
                    text, name + "=" + v + " is not a yes/no value; use " + name + "=true or " + name + "=false");
        };
    }

    private long positive(String name, long fallbackNanos) {
        long nanos = duration(name, fallbackNanos);
        if (nanos <= 0) {
            throw bad(text, name + " must be longer than 0, e.g. " + name + "=100ms");
        }
        return nanos;
    }

    private double fraction(String name) {
        String v = options.get(name);
        try {
            double f = Double.parseDouble(v);
            if (f >= 0 && f <= 1) {
                return f;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(text, name + "=" + v + " is not a fraction from 0 to 1; e.g. " + name + "=0.05 for 5%");
    }

    private long durationOrZero(String name, Duration fallback) {
        String v = options.get(name);
        if (v != null && (v.equals("0") || v.equals("0ms") || v.equals("0s"))) {
            return 0;
        }
        return duration(name, fallback.toNanos());
    }

    private static Scheme scheme(String uri, String name) {
        for (Scheme s : Scheme.values()) {
            if (s.text.equals(name)) {
                return s;
            }
        }
        throw bad(
                uri,
                "unknown scheme '" + name
                        + "'; use udp:// (games, channels over UDP), tcp:// (netloop framing) or tcp+raw:// (plain bytes)");
    }

    private static int port(String uri, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(uri, "port '" + text + "' is not a number from 0 to 65535");
    }

    private static Map<String, String> query(String uri, String query) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw bad(uri, "option '" + pair + "' needs the form name=value, e.g. timeout=10s");
            }
            String name = pair.substring(0, eq);
            String value = java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!COMMON.contains(name)
                    && !HOST_ONLY.contains(name)
                    && !SESSION.contains(name)
                    && !RAW_ONLY.contains(name)
                    && !UDP_ONLY.contains(name)) {
                throw bad(
                        uri,
                        "unknown option '" + name + "'; known options are " + String.join(", ", COMMON) + ", "
                                + String.join(", ", HOST_ONLY) + " (listen only), " + String.join(", ", SESSION)
                                + " (tcp and udp), read (tcp+raw only), "
                                + String.join(", ", UDP_ONLY) + " (udp only)");
            }
            if (options.put(name, value) != null) {
                throw bad(uri, "option '" + name + "' is given twice; keep one");
            }
        }
        boolean raw = uri.regionMatches(true, 0, "tcp+raw:", 0, 8);
        if (options.containsKey("read") && !raw) {
            throw bad(uri, "option 'read' applies to tcp+raw:// only; remove it");
        }
        for (String session : SESSION) {
            if (options.containsKey(session) && raw) {
                throw bad(
                        uri,
                        "option '" + session + "' needs a netloop session; a tcp+raw:// stream has none, remove it");
            }
        }
        boolean udp = uri.regionMatches(true, 0, "udp:", 0, 4);
        boolean tcp = uri.regionMatches(true, 0, "tcp", 0, 3);
        for (String udpOnly : UDP_ONLY) {
            if (options.containsKey(udpOnly) && !udp && !(tcp && STREAM_SIMULATION.contains(udpOnly))) {
                throw bad(
                        uri,
                        "option '" + udpOnly + "' applies to udp:// only"
                                + (tcp ? "; over tcp:// the simulator takes sim.latency, sim.jitter and sim.seed" : "")
                                + "; remove it");
            }
        }
        return options;
    }

    private long duration(String name, long fallbackNanos) {
        String v = options.get(name);
        return v == null ? fallbackNanos : duration(text, name, v);
    }

    /** Parses option {@code name}'s value {@code v} of {@code uri} as a positive duration of at most a day. */
    static long duration(String text, String name, String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        int unitAt = 0;
        while (unitAt < lower.length() && (Character.isDigit(lower.charAt(unitAt)) || lower.charAt(unitAt) == '.')) {
            unitAt++;
        }
        String unit = lower.substring(unitAt);
        long perUnit =
                switch (unit) {
                    case "ms" -> 1_000_000L;
                    case "s" -> 1_000_000_000L;
                    case "m", "min" -> 60_000_000_000L;
                    default -> -1;
                };
        double nanos = -1;
        try {
            nanos = Double.parseDouble(lower.substring(0, unitAt)) * perUnit;
        } catch (NumberFormatException e) {
            perUnit = -1; // reported below
        }
        if (unitAt == 0 || perUnit < 0) {
            throw bad(
                    text,
                    name + "=" + v + " is not a duration; write a number and a unit, e.g. " + name + "=10s or " + name
                            + "=500ms");
        }
        if (!(nanos > 0) || nanos > Duration.ofDays(1).toNanos()) {
            throw bad(text, name + "=" + v + " is out of range; use a positive duration of at most a day");
        }
        return (long) nanos;
    }

    private int size(String name, int fallback, int min, int max) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        long factor = 1;
        String digits = lower;
        for (String[] unit : new String[][] {{"kib", "1024"}, {"mib", "1048576"}, {"gib", "1073741824"}, {"b", "1"}}) {
            if (lower.endsWith(unit[0])) {
                factor = Long.parseLong(unit[1]);
                digits = lower.substring(0, lower.length() - unit[0].length());
                break;
            }
        }
        try {
            long bytes = Math.multiplyExact(Long.parseLong(digits), factor);
            if (bytes >= min && bytes <= max) {
                return (int) bytes;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw bad(
                text,
                name + "=" + v + " is not a size from " + min + " to " + max + " bytes; write e.g. " + name + "="
                        + (name.equals("mtu") ? "1200" : "64KiB") + " or " + name + "="
                        + (name.equals("mtu") ? "1400" : "1MiB"));
    }

    private int count(String name, int fallback) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(text, name + "=" + v + " is not a positive whole number");
    }

    static IllegalArgumentException bad(String uri, String fix) {
        return new IllegalArgumentException("Bad URI '" + uri + "': " + fix);
    }
}
