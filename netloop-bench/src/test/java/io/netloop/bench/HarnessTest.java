package io.netloop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole side-by-side harness in its quick mode: every peer (netloop, raw NIO, Netty, KryoNet)
 * runs every scenario once in JVMs of its own, so the harness cannot silently rot. It asserts that
 * each produced a result, not how fast it was. The reactor builds the Netty and KryoNet modules
 * before this one, so their classes and classpath files are there.
 */
class HarnessTest {
    @Test
    @Timeout(300)
    void everyPeerProducesEveryResult() throws Exception {
        Harness harness = new Harness(Path.of("..").toAbsolutePath().normalize(), true, 1);
        harness.runAll();
        assertThat(harness.failures()).isEmpty();
        assertThat(harness.report())
                .doesNotContain("failed")
                .contains("netloop tcp://", "Netty, batched flushes", "KryoNet", "raw NIO", "Fan-out", "Connect storm");
    }
}
