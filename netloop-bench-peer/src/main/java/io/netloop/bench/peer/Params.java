package io.netloop.bench.peer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A peer program's arguments: the scenario, then {@code key=value} pairs, e.g. {@code throughput
 * messages=2000000 size=32}.
 */
public final class Params {
    private final String scenario;
    private final Map<String, String> values = new LinkedHashMap<>();

    private Params(String scenario) {
        this.scenario = scenario;
    }

    /**
     * Parses the command line.
     *
     * @param args the scenario, then {@code key=value} pairs
     * @return the parameters
     * @throws IllegalArgumentException if there is no scenario or a pair has no {@code =}
     */
    public static Params parse(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: <scenario> [key=value ...]");
        }
        Params p = new Params(args[0]);
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument '" + args[i] + "' is not key=value");
            }
            p.values.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        return p;
    }

    /**
     * The scenario to run.
     *
     * @return its name, e.g. {@code throughput}
     */
    public String scenario() {
        return scenario;
    }

    /**
     * A text value.
     *
     * @param key the name
     * @param fallback the value when it is absent
     * @return the value
     */
    public String text(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /**
     * The {@code port} argument of a clients role: the port the host printed on its {@code PORT}
     * line.
     *
     * @return the port
     * @throws IllegalArgumentException if it is missing or not a port
     */
    public int port() {
        long port = number("port", 0);
        if (port <= 0 || port > 65_535) {
            throw new IllegalArgumentException("role=clients needs port=<the host's PORT line>, not " + port);
        }
        return (int) port;
    }

    /**
     * A whole-number value.
     *
     * @param key the name
     * @param fallback the value when it is absent
     * @return the value
     */
    public long number(String key, long fallback) {
        String v = values.get(key);
        return v == null ? fallback : Long.parseLong(v.replace("_", ""));
    }
}
