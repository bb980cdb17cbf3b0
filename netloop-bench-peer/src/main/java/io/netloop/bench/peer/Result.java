package io.netloop.bench.peer;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One scenario's measurements, printed as one line that the harness reads: {@code RESULT
 * key=value key=value ...}. Keys in use: {@code messagesPerSecond}, {@code p50Micros}, {@code
 * p99Micros}, {@code p999Micros}, {@code deliveredPerSecond}, {@code missed}, {@code
 * hostCpuSeconds}, {@code heapPerConnectionBytes}, {@code rssPerConnectionBytes}, {@code seconds},
 * {@code connections}.
 */
public final class Result {
    private final Map<String, String> values = new LinkedHashMap<>();

    /**
     * Adds a measurement.
     *
     * @param key the name, without spaces
     * @param value the figure
     * @return this result
     */
    public Result put(String key, double value) {
        values.put(key, String.format(Locale.ROOT, value == Math.rint(value) ? "%.0f" : "%.3f", value));
        return this;
    }

    /** Prints the {@code RESULT} line to standard output. */
    public void print() {
        StringBuilder line = new StringBuilder("RESULT");
        values.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
        System.out.flush();
    }
}
