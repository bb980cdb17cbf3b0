package io.netloop.examples.crowd;

import io.netloop.Host;
import io.netloop.Peer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/** What the crowd's host measures about itself between two reports. */
public final class CrowdStats {
    /**
     * The host's figures over one stretch of time.
     *
     * @param players clients connected
     * @param tickMedianMillis the median time one tick took, in ms
     * @param tickP99Millis the 99th percentile of the tick time, in ms
     * @param bytesPerClientPerSecond bytes the host sent per client per second, headers included
     * @param cpuPercent the server thread's CPU time as a share of the wall time, 100 = one core
     * @param heapMegabytes the heap in use, in MiB: live data and the garbage not collected yet
     */
    public record Report(
            int players,
            double tickMedianMillis,
            double tickP99Millis,
            double bytesPerClientPerSecond,
            double cpuPercent,
            double heapMegabytes) {
        @Override
        public String toString() {
            return String.format(
                    "players %d, tick %.2f ms median, %.2f ms p99, %.0f bytes per client per second, host CPU %.0f%%,"
                            + " heap %.0f MiB",
                    players, tickMedianMillis, tickP99Millis, bytesPerClientPerSecond, cpuPercent, heapMegabytes);
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long[] ticks = new long[256];
    private int count;
    private long since = Long.MIN_VALUE;
    private long cpuSince;
    private long bytesSince;

    void ticked(long nanos) {
        if (count == ticks.length) {
            ticks = Arrays.copyOf(ticks, count * 2);
        }
        ticks[count++] = nanos;
    }

    Report report(Host host, long nowNanos) {
        long bytes = 0;
        int players = 0;
        for (Peer p : host.peers()) {
            bytes += p.stats().bytesSent(); // a peer that left takes its bytes along: a report spans few leaves
            players++;
        }
        long cpu = THREADS.getCurrentThreadCpuTime();
        double seconds = since == Long.MIN_VALUE ? 0 : (nowNanos - since) / 1e9;
        long[] sorted = Arrays.copyOf(ticks, count);
        Arrays.sort(sorted);
        Runtime rt = Runtime.getRuntime();
        Report r = new Report(
                players,
                count == 0 ? 0 : sorted[count / 2] / 1e6,
                count == 0 ? 0 : sorted[Math.min(count - 1, (int) Math.ceil(count * 0.99) - 1)] / 1e6,
                seconds == 0 || players == 0 ? 0 : (bytes - bytesSince) / seconds / players,
                seconds == 0 ? 0 : (cpu - cpuSince) / 1e7 / seconds,
                (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
        since = nowNanos;
        cpuSince = cpu;
        bytesSince = bytes;
        count = 0;
        return r;
    }
}
