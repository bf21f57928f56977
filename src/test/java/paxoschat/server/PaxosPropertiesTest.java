package paxoschat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class PaxosPropertiesTest {

    private static final long NOW = 1_700_000_000_000L;

    /** Ticks of 20 ms, a recovery delay of 25 ticks (500 ms), scouts of 24 ticks (the most that allows). */
    private static PaxosProperties restarted(long predecessorDiedAt) {
        return withTimeouts(24, 25, predecessorDiedAt);
    }

    private static PaxosProperties withTimeouts(int scoutLifetimeTicks, int recoveryDelayTicks, long predecessorDiedAt) {
        return new PaxosProperties(1, List.of("http://127.0.0.1:9000", "http://127.0.0.1:9001", "http://127.0.0.1:9002"),
                true, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(3),
                Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(400), false, 4, 512, 5, scoutLifetimeTicks,
                recoveryDelayTicks, 10_000, 8, 150, PaxosProperties.StorageMode.MEMORY, "", 10_000, 8192, 2048, 4096,
                predecessorDiedAt);
    }

    @Test
    void aRecoveryDelayTooShortForTheScoutsLifetimeIsRefused() {
        // Clocks may run 1% fast or slow: 25 ticks of a scout may take as long as 25.5 of the delay.
        assertThatThrownBy(() -> withTimeouts(25, 25, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("paxos.recovery-delay-ticks 25 is below 26");
        assertThat(withTimeouts(25, 26, 0).recoveryDelayTicks()).isEqualTo(26);
    }

    @Test
    void withoutADateOfDeathTheWholeDelayIsWaited() {
        assertThat(restarted(0).recoveryDelayTicks(NOW)).isEqualTo(25);
        assertThat(restarted(0).paxosConfig(NOW).recoveryDelayTicks()).isEqualTo(25);
    }

    @Test
    void theDelayCountsFromThePredecessorsDeath() {
        assertThat(restarted(NOW).recoveryDelayTicks(NOW)).isEqualTo(25);
        assertThat(restarted(NOW - 1).recoveryDelayTicks(NOW)).as("499 ms owed, rounded up").isEqualTo(25);
        assertThat(restarted(NOW - 100).recoveryDelayTicks(NOW)).isEqualTo(20);
        assertThat(restarted(NOW - 101).recoveryDelayTicks(NOW)).as("399 ms owed").isEqualTo(20);
        assertThat(restarted(NOW - 499).recoveryDelayTicks(NOW)).as("1 ms owed is a tick").isEqualTo(1);
        assertThat(restarted(NOW - 500).recoveryDelayTicks(NOW)).isZero();
        assertThat(restarted(NOW - 60_000).paxosConfig(NOW).recoveryDelayTicks()).isZero();
    }

    @Test
    void aDeathStillToComeByThisClockIsNoDeathAtAll() {
        assertThat(restarted(NOW + 5).recoveryDelayTicks(NOW)).isEqualTo(25);
    }

    @Test
    void aDateOfDeathBeforeTheEpochIsRefused() {
        assertThatThrownBy(() -> restarted(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("paxos.predecessor-died-at");
    }
}
