package io.netloop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A smoke run of the bulk benchmark, so that it cannot rot: every scenario produces a result. */
@Timeout(60)
class BulkTest {
    @Test
    void everyScenarioDeliversAndMeasures() throws InterruptedException {
        for (Bulk.Scenario s : Bulk.scenarios()) {
            Bulk.Round round = Bulk.run(s, 2_000, 32, Duration.ofSeconds(20));
            if (s.delivery().isReliable()) {
                assertThat(round.delivered()).as(s.label()).isEqualTo(2_000);
            } else {
                assertThat(round.delivered()).as(s.label()).isPositive();
            }
            assertThat(round.seconds()).as(s.label()).isPositive();
        }
    }
}
