package io.netloop.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs every scenario for every peer, each peer in a JVM of its own started from its module's
 * classpath, and prints Markdown tables with absolute figures and ratios to netloop from the same
 * run. The peers and scenarios are described in {@code io.netloop.bench.peer}.
 *
 * <pre>
 * bench/run.sh            # the full run, about ten minutes on 2 cores
 * bench/run.sh --quick    # seconds: every peer once, tiny sizes (the smoke test runs this)
 * </pre>
 */
public final class Harness {
    /** A library under test: where its classes are and which program runs it. */
    record Peer(String name, String module, String mainClass, String args) {}

    /** One line of a table: a peer with the arguments of one of its modes. */
    record Row(String label, Peer peer, String args) {}

    /** What the host JVM and the clients JVM of a two-process scenario measured. */
    record Pair(Map<String, Double> host, Map<String, Double> clients) {}

    private static final Peer NETLOOP = new Peer("netloop", "netloop-bench", "io.netloop.bench.NetloopPeer", "");
    private static final Peer RAW = new Peer("raw NIO", "netloop-bench", "io.netloop.bench.RawPeer", "");
    private static final Peer NETTY =
            new Peer("Netty 4.1", "netloop-bench-netty", "io.netloop.bench.netty.NettyPeer", "");
    private static final Peer KRYONET =
            new Peer("KryoNet 2.22", "netloop-bench-kryonet", "io.netloop.bench.kryonet.KryoNetPeer", "");

    private final Path root;
    private final boolean quick;
    private final int rounds;
    private final StringBuilder report = new StringBuilder();
    private final List<String> failures = new ArrayList<>();

    Harness(Path root, boolean quick, int rounds) {
        this.root = root;
        this.quick = quick;
        this.rounds = rounds;
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code --quick} for a smoke run, {@code --rounds N} (default 3), {@code --root DIR}
     *     (the repository, default the working directory)
     * @throws Exception if a peer cannot be started
     */
    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        int at = a.indexOf("--root");
        Path root = Path.of(at >= 0 ? args[at + 1] : ".").toAbsolutePath().normalize();
        int r = a.indexOf("--rounds");
        Harness h = new Harness(root, a.contains("--quick"), r >= 0 ? Integer.parseInt(args[r + 1]) : 3);
        h.runAll();
        System.out.print(h.report);
        if (!h.failures.isEmpty()) {
            System.err.println("failed: " + h.failures);
            System.exit(1);
        }
    }

    String report() {
        return report.toString();
    }

    List<String> failures() {
        return failures;
    }

    void runAll() throws IOException, InterruptedException {
        int messages = quick ? 20_000 : 1_000_000;
        report.append(String.format(
                Locale.ROOT,
                "Loopback, one JVM per peer, median of %d round(s); ratios are to netloop's row marked *.%n%n",
                quick ? 1 : rounds));
        table(
                "Throughput: one client streams " + messages + " messages of 32 bytes to a host",
                "throughput messages=" + messages + " size=32",
                "messagesPerSecond",
                "messages/s",
                true,
                List.of(
                        new Row("netloop tcp:// (handler) *", NETLOOP, "transport=tcp path=handler"),
                        new Row("netloop tcp:// (events)", NETLOOP, "transport=tcp path=events"),
                        new Row("netloop tcp://, sessions off", NETLOOP, "transport=tcp path=handler sessions=off"),
                        new Row("netloop udp:// RELIABLE", NETLOOP, "transport=udp delivery=RELIABLE"),
                        new Row("netloop udp:// UNRELIABLE", NETLOOP, "transport=udp delivery=UNRELIABLE"),
                        new Row("Netty, flush per message", NETTY, "flush=each"),
                        new Row("Netty, batched flushes", NETTY, "flush=batched"),
                        new Row("KryoNet", KRYONET, ""),
                        new Row("raw NIO (ceiling)", RAW, "")));
        int rtts = quick ? 2_000 : 100_000;
        table(
                "Latency: ping-pong of a 32-byte message, " + rtts + " round trips",
                "latency rounds=" + rtts + " warmup=" + rtts / 5 + " size=32",
                "p50Micros",
                "p50 µs",
                false,
                List.of(
                        new Row("netloop tcp:// *", NETLOOP, "transport=tcp"),
                        new Row("netloop tcp://, sessions off", NETLOOP, "transport=tcp sessions=off"),
                        new Row("netloop udp://", NETLOOP, "transport=udp"),
                        new Row("Netty", NETTY, ""),
                        new Row("KryoNet", KRYONET, ""),
                        new Row("raw NIO", RAW, "")));
        for (int clients : quick ? new int[] {20} : new int[] {500, 2000}) {
            fanout(clients, quick ? 2 : 10);
        }
        storm(quick ? 50 : 1000);
        idle(quick ? 100 : 10_000);
        int lossy = quick ? 20_000 : 200_000;
        table(
                "Lossy link: netloop udp:// RELIABLE goodput, " + lossy + " messages of 32 bytes",
                "throughput messages=" + lossy + " size=32 transport=udp delivery=RELIABLE",
                "messagesPerSecond",
                "messages/s",
                true,
                List.of(
                        new Row("no loss *", NETLOOP, ""),
                        new Row("1% loss", NETLOOP, "loss=0.01"),
                        new Row("5% loss", NETLOOP, "loss=0.05")));
    }

    /** A table of one scenario: each row run {@code rounds} times in a fresh JVM, the median kept. */
    private void table(String title, String scenario, String key, String unit, boolean higherIsBetter, List<Row> rows)
            throws IOException, InterruptedException {
        report.append("### ").append(title).append("\n\n");
        boolean latency = key.equals("p50Micros");
        report.append(
                latency
                        ? "| peer | p50 µs | p99 µs | p99.9 µs | p50 vs netloop |\n|---|---:|---:|---:|---:|\n"
                        : "| peer | " + unit + " | vs netloop |\n|---|---:|---:|\n");
        double reference = Double.NaN;
        for (Row row : rows) {
            List<Map<String, Double>> results = new ArrayList<>();
            for (int i = 0; i < (quick ? 1 : rounds); i++) {
                Map<String, Double> r = run(row.peer(), scenario + " " + row.args(), row.label());
                if (r != null) {
                    results.add(r);
                }
            }
            if (results.isEmpty()) {
                report.append("| ").append(row.label()).append(" | failed |  |\n");
                continue;
            }
            results.sort((x, y) -> Double.compare(x.get(key), y.get(key)));
            Map<String, Double> median = results.get(results.size() / 2);
            double value = median.get(key);
            if (row.label().endsWith("*")) {
                reference = value;
            }
            String ratio = Double.isNaN(reference) ? "" : String.format(Locale.ROOT, "%.2f", value / reference);
            if (latency) {
                report.append(String.format(
                        Locale.ROOT,
                        "| %s | %.1f | %.1f | %.1f | %s |%n",
                        row.label(),
                        value,
                        median.get("p99Micros"),
                        median.get("p999Micros"),
                        ratio));
            } else {
                report.append(String.format(Locale.ROOT, "| %s | %,.0f | %s |%n", row.label(), value, ratio));
            }
        }
        report.append('\n');
    }

    private void fanout(int clients, int seconds) throws IOException, InterruptedException {
        report.append("### Fan-out: the host broadcasts 64 bytes to ")
                .append(clients)
                .append(" clients at 20 Hz for ")
                .append(seconds)
                .append(" s\n\n")
                .append(
                        "| peer | delivered/s | missed | host CPU s | host CPU vs netloop | heap/conn B | RSS/conn B |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        double reference = Double.NaN;
        for (Peer p : List.of(NETLOOP, NETTY, KRYONET, RAW)) {
            String common = "clients=" + clients + " hz=20 seconds=" + seconds + " size=64";
            Pair both = pair(p, "fanout", common, p.name() + " fanout " + clients);
            if (both == null) {
                report.append("| ").append(p.name()).append(" | failed | | | | | |\n");
                continue;
            }
            Map<String, Double> host = both.host();
            Map<String, Double> cl = both.clients();
            double cpu = host.get("hostCpuSeconds");
            if (p == NETLOOP) {
                reference = cpu;
            }
            report.append(String.format(
                    Locale.ROOT,
                    "| %s | %,.0f | %,.0f | %.2f | %.2f | %,.0f | %,.0f |%n",
                    p.name(),
                    cl.get("deliveredPerSecond"),
                    cl.get("missed"),
                    cpu,
                    cpu / reference,
                    host.get("heapPerConnectionBytes"),
                    host.get("rssPerConnectionBytes")));
        }
        report.append('\n');
    }

    /** Memory per idle connection with many clients: a fan-out at 1 Hz, for its memory figures. */
    private void idle(int clients) throws IOException, InterruptedException {
        report.append("### Idle connections: ")
                .append(clients)
                .append(" clients connected to one host\n\n")
                .append("| peer | heap/conn B | RSS/conn B |\n|---|---:|---:|\n");
        for (Peer p : List.of(NETLOOP, NETTY, RAW)) {
            Pair both = pair(p, "fanout", "clients=" + clients + " hz=1 seconds=2 size=64", p.name() + " idle");
            if (both == null) {
                report.append("| ").append(p.name()).append(" | failed | |\n");
                continue;
            }
            report.append(String.format(
                    Locale.ROOT,
                    "| %s | %,.0f | %,.0f |%n",
                    p.name(),
                    both.host().get("heapPerConnectionBytes"),
                    both.host().get("rssPerConnectionBytes")));
        }
        report.append('\n');
    }

    private void storm(int clients) throws IOException, InterruptedException {
        report.append("### Connect storm: ")
                .append(clients)
                .append(" clients connect at once\n\n")
                .append("| peer | seconds until all connected | vs netloop |\n|---|---:|---:|\n");
        double reference = Double.NaN;
        for (Peer p : List.of(NETLOOP, NETTY, KRYONET, RAW)) {
            Pair both = pair(p, "storm", "clients=" + clients, p.name() + " storm");
            if (both == null) {
                report.append("| ").append(p.name()).append(" | failed | |\n");
                continue;
            }
            double s = both.clients().get("seconds");
            if (p == NETLOOP) {
                reference = s;
            }
            report.append(String.format(Locale.ROOT, "| %s | %.3f | %.2f |%n", p.name(), s, s / reference));
        }
        report.append('\n');
    }

    /** Runs a host JVM and, once it printed its port, a clients JVM; returns both results. */
    private Pair pair(Peer p, String scenario, String args, String label) throws IOException, InterruptedException {
        Process host = start(p, scenario + " role=host " + args);
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8));
            String line;
            String port = null;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("PORT ")) {
                    port = line.substring(5).trim();
                    break;
                }
            }
            if (port == null) {
                failures.add(label + ": the host printed no PORT");
                return null;
            }
            Map<String, Double> clients = run(p, scenario + " role=clients port=" + port + " " + args, label);
            Map<String, Double> hostResult = null;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESULT")) {
                    hostResult = parse(line);
                }
            }
            if (!host.waitFor(120, TimeUnit.SECONDS)
                    || host.exitValue() != 0
                    || hostResult == null
                    || clients == null) {
                failures.add(label + ": host exit " + (host.isAlive() ? "timeout" : host.exitValue()));
                return null;
            }
            return new Pair(hostResult, clients);
        } finally {
            host.destroyForcibly();
        }
    }

    /** Runs one peer JVM to its end and returns its RESULT, or null (recorded as a failure). */
    private Map<String, Double> run(Peer p, String args, String label) throws IOException, InterruptedException {
        Process proc = start(p, args);
        String result = null;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESULT")) {
                    result = line;
                }
            }
        }
        boolean ended = proc.waitFor(180, TimeUnit.SECONDS);
        if (!ended || proc.exitValue() != 0 || result == null) {
            proc.destroyForcibly();
            failures.add(label + " (" + args.trim() + "): " + (ended ? "exit " + proc.exitValue() : "timed out"));
            return null;
        }
        return parse(result);
    }

    private Process start(Peer p, String args) throws IOException {
        Path module = root.resolve(p.module());
        String classpath = module.resolve("target/classes")
                + java.io.File.pathSeparator
                + Files.readString(module.resolve("target/classpath.txt")).trim();
        // A fixed heap: a heap that may still shrink after a GC makes resident memory per connection lie.
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms1g",
                "-Xmx1g",
                "-cp",
                classpath,
                p.mainClass()));
        command.addAll(Arrays.asList(args.trim().split("\\s+")));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static Map<String, Double> parse(String resultLine) {
        Map<String, Double> values = new HashMap<>();
        for (String pair : resultLine.substring("RESULT".length()).trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), Double.parseDouble(pair.substring(eq + 1)));
            }
        }
        return values;
    }
}
