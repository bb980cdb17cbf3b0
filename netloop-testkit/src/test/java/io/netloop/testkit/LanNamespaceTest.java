package io.netloop.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * LAN discovery with its defaults, for real: two network namespaces made by this test, joined by
 * a veth pair, a host advertising in one and a player discovering and connecting with {@code
 * lan://} in the other, each in a JVM of its own. No traffic leaves the namespaces. Needs Linux,
 * root and iproute2 (CI has them); elsewhere the test is skipped and says why.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LanNamespaceTest {
    private final String suffix = Long.toString(ProcessHandle.current().pid());
    private final String hostNs = "nl-host-" + suffix;
    private final String playerNs = "nl-player-" + suffix;

    @Test
    void theDefaultBroadcastFindsAndJoinsAHostInAnotherNamespace() throws Exception {
        makeNamespaces();
        Process host = null;
        try {
            host = java(hostNs, "advertise");
            String ready = new String(host.getInputStream().readNBytes("ADVERTISING".length()), StandardCharsets.UTF_8);
            assertThat(ready).isEqualTo("ADVERTISING");
            Process player = java(playerNs, "discover");
            boolean ended = player.waitFor(40, TimeUnit.SECONDS);
            String out = new String(player.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(ended).as("the player ended; it printed: %s", out).isTrue();
            assertThat(player.exitValue())
                    .as("the player's exit; it printed: %s", out)
                    .isZero();
            assertThat(out)
                    .contains("DISCOVERED udp://10.77.0.1:", "from the other namespace", "CONNECTED /10.77.0.1:");
        } finally {
            if (host != null) {
                host.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            run(false, "ip", "netns", "del", hostNs);
            run(false, "ip", "netns", "del", playerNs);
        }
    }

    private void makeNamespaces() throws IOException, InterruptedException {
        if (!System.getProperty("os.name").startsWith("Linux")) {
            abort("network namespaces are a Linux feature; this machine runs " + System.getProperty("os.name"));
        }
        if (!run(false, "ip", "netns", "add", hostNs)) {
            abort("cannot create a network namespace here (needs root and iproute2's ip): skipped");
        }
        run(true, "ip", "netns", "add", playerNs);
        run(
                true,
                "ip",
                "link",
                "add",
                "vh" + suffix,
                "netns",
                hostNs,
                "type",
                "veth",
                "peer",
                "name",
                "vp" + suffix,
                "netns",
                playerNs);
        run(true, "ip", "-n", hostNs, "addr", "add", "10.77.0.1/24", "broadcast", "10.77.0.255", "dev", "vh" + suffix);
        run(
                true,
                "ip",
                "-n",
                playerNs,
                "addr",
                "add",
                "10.77.0.2/24",
                "broadcast",
                "10.77.0.255",
                "dev",
                "vp" + suffix);
        for (String[] nsAndLink : new String[][] {{hostNs, "vh" + suffix}, {playerNs, "vp" + suffix}}) {
            run(true, "ip", "-n", nsAndLink[0], "link", "set", "lo", "up");
            run(true, "ip", "-n", nsAndLink[0], "link", "set", nsAndLink[1], "up");
        }
    }

    /** Starts {@link LanNamespaceMain} with {@code mode} in namespace {@code ns}, on this JVM's class path. */
    private static Process java(String ns, String mode) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                ns,
                java,
                "-cp",
                System.getProperty("java.class.path"),
                LanNamespaceMain.class.getName(),
                mode));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static boolean run(boolean mustWork, String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            if (mustWork) {
                throw e;
            }
            return false; // no ip command at all
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (mustWork && !ok) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return ok;
    }
}
