package io.netloop.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code lan://game-name?option=value&...} URI, for LAN discovery. Every mistake throws
 * {@link IllegalArgumentException} naming the fix.
 */
final class LanUri {
    static final int DEFAULT_PORT = 47777;
    private static final long DEFAULT_INTERVAL = 1_000_000_000L;
    private static final List<String> OPTIONS = List.of("port", "interval", "targets", "ipv6");

    final String text;
    final String name;
    final int port;
    final long intervalNanos;
    /** Where a discovery asks; empty for the defaults (every broadcast address). */
    final List<InetAddress> targets;
    /** Whether to use IPv6 link-local multicast too: off for tests that must stay on loopback. */
    final boolean ipv6;

    private LanUri(String text, String name, int port, long intervalNanos, List<InetAddress> targets, boolean ipv6) {
        this.text = text;
        this.name = name;
        this.port = port;
        this.intervalNanos = intervalNanos;
        this.targets = targets;
        this.ipv6 = ipv6;
    }

    static LanUri parse(String uri) {
        if (uri == null || !uri.regionMatches(true, 0, "lan://", 0, 6)) {
            throw NetUri.bad(String.valueOf(uri), "LAN discovery takes lan://game-name, e.g. lan://space-race");
        }
        int q = uri.indexOf('?');
        String name = uri.substring(6, q < 0 ? uri.length() : q);
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw NetUri.bad(uri, "the game name '" + name + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (String pair : q < 0 ? new String[0] : uri.substring(q + 1).split("&", -1)) {
            int eq = pair.indexOf('=');
            String key = eq > 0 ? pair.substring(0, eq) : pair;
            if (!OPTIONS.contains(key) || eq == pair.length() - 1) {
                throw NetUri.bad(
                        uri,
                        "option '" + pair + "' is not one of port=47777, interval=1s, targets=a.b.c.d,..., ipv6=false");
            }
            if (options.put(key, pair.substring(eq + 1)) != null) {
                throw NetUri.bad(uri, "option '" + key + "' is given twice; keep one");
            }
        }
        int port = DEFAULT_PORT;
        if (options.containsKey("port")) {
            String p = options.get("port");
            port = p.matches("[0-9]{1,5}") ? Integer.parseInt(p) : -1;
            if (port < 1 || port > 65535) {
                throw NetUri.bad(
                        uri, "port=" + p + ": use the discovery port that advertisers and finders share, 1 to 65535");
            }
        }
        long interval = options.containsKey("interval")
                ? NetUri.duration(uri, "interval", options.get("interval"))
                : DEFAULT_INTERVAL;
        String ipv6 = options.getOrDefault("ipv6", "true");
        if (!ipv6.equals("true") && !ipv6.equals("false")) {
            throw NetUri.bad(uri, "ipv6=" + ipv6 + ": use ipv6=true or ipv6=false");
        }
        return new LanUri(uri, name, port, interval, targets(uri, options.get("targets")), ipv6.equals("true"));
    }

    private static List<InetAddress> targets(String uri, String list) {
        List<InetAddress> targets = new ArrayList<>();
        if (list == null) {
            return targets;
        }
        for (String t : list.split(",", -1)) {
            InetAddress a = null;
            try {
                a = t.matches("[0-9.]+") ? InetAddress.getByName(t) : null;
            } catch (UnknownHostException e) {
                a = null; // reported below
            }
            if (!(a instanceof Inet4Address)) {
                throw NetUri.bad(uri, "target '" + t + "' is not an IPv4 address; e.g. targets=127.255.255.255");
            }
            targets.add(a);
        }
        return List.copyOf(targets);
    }
}
