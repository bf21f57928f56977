package paxoschat.jepsen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Fault testing like Jepsen (docs/jepsen.md): each dynamic test is one seeded schedule on a
 * fresh cluster of real server processes, with crashes, pauses, partitions, one-way cuts,
 * delays and duplicates while clients write and read, checked afterwards. CI runs a short
 * version by default (3 schedules of 25 s, 3 servers); bench/jepsen-long runs many more.
 * A failing schedule writes target/jepsen/SEED.history and names the seed; -Djepsen.seed=SEED
 * replays its schedule.
 */
class JepsenIT {

    @TestFactory
    Stream<DynamicTest> schedules() {
        List<Long> seeds = new ArrayList<>();
        Long fixed = Long.getLong("jepsen.seed");
        if (fixed != null) {
            seeds.add(fixed);
        } else {
            long base = Long.getLong("jepsen.base-seed", System.currentTimeMillis());
            int count = Integer.getInteger("jepsen.schedules", 3);
            for (int i = 0; i < count; i++) {
                seeds.add(base + i);
            }
        }
        return seeds.stream().map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> schedule(seed)));
    }

    private static void schedule(long seed) {
        RunConfig config = RunConfig.fromSystemProperties(seed);
        JepsenRun.Outcome outcome;
        try {
            outcome = JepsenRun.run(config);
        } finally {
            assertNoServerLeft(seed);
        }
        System.out.println(outcome.summary());
        if (!outcome.valid()) {
            outcome.violations().stream().limit(20).forEach(v -> System.out.println("jepsen:   violation: " + v));
            outcome.history().write(config.historyFile(), JepsenRun.header(config),
                    Map.of("summary", outcome.summary(), "violations", outcome.violations()));
        }
        assertThat(outcome.violations())
                .as("seed %d violated the checker (history in %s, server logs in %s); replay: %s", seed,
                        config.historyFile(), config.logDir(), JepsenRun.replayCommand(config))
                .isEmpty();
    }

    /** Every server process of the schedule is gone, whatever happened. */
    private static void assertNoServerLeft(long seed) {
        String marker = "-Djepsen.marker=jepsen-" + seed;
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)))
                .as("server processes of seed %d still running", seed).isEmpty());
    }
}
