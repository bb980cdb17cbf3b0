package io.netloop.bench.peer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;

/** The measuring tools every peer uses, so that all libraries are measured the same way. */
public final class Measure {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Measure() {}

    /**
     * A histogram for round-trip times in nanoseconds, from 1 µs to 10 s with 3 significant digits.
     *
     * @return a new histogram
     */
    public static Histogram rttHistogram() {
        return new Histogram(1_000, 10_000_000_000L, 3);
    }

    /**
     * Adds the results of a histogram of nanoseconds as {@code p50Micros}, {@code p99Micros} and
     * {@code p999Micros}.
     *
     * @param result where to add them
     * @param nanos the histogram
     * @return the result
     */
    public static Result percentiles(Result result, Histogram nanos) {
        return result.put("p50Micros", nanos.getValueAtPercentile(50) / 1e3)
                .put("p99Micros", nanos.getValueAtPercentile(99) / 1e3)
                .put("p999Micros", nanos.getValueAtPercentile(99.9) / 1e3);
    }

    /**
     * CPU time used so far by one thread.
     *
     * @param thread the thread, alive
     * @return its CPU time in nanoseconds
     */
    public static long cpuNanos(Thread thread) {
        return THREADS.getThreadCpuTime(thread.getId());
    }

    /**
     * CPU time used so far by this whole process (all its threads, the JVM's included).
     *
     * @return nanoseconds
     */
    public static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Heap in use after a full collection, for memory per connection.
     *
     * @return bytes
     */
    public static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /**
     * This process's resident set size, from /proc (Linux), or -1 where that cannot be read.
     *
     * @return bytes
     */
    public static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }
}
