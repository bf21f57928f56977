package paxoschat.jepsen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Fault testing like Jepsen (docs/jepsen.md): each dynamic test is one seeded schedule of
 * crashes, pauses, partitions, one-way cuts, delays and duplicates against real server
 * processes while clients write and read, checked afterwards. CI runs a short version by
 * default (3 schedules of 20 s, each on a fresh cluster of 3 servers, in memory, disk and
 * memory mode: {@code jepsen.storage} picks one mode for all); bench/jepsen-long runs many
 * more. Schedules may share a cluster, {@code jepsen.schedules-per-cluster} at a time (starting
 * JVMs costs more than a schedule on a busy 2-core machine; the long run shares 10); each
 * starts on a cluster that the previous one healed and checked, and a failed schedule's
 * cluster is never reused. CI gives each schedule a fresh cluster, so that its three
 * schedules meet both storage modes.
 * A failing schedule writes target/jepsen/SEED.history and names the seed;
 * -Djepsen.seed=SEED replays its schedule on a fresh cluster.
 */
class JepsenIT {

    private static JepsenRun.TestCluster cluster;
    private static String clusterMarker;
    private static java.nio.file.Path clusterLogs;
    private static int schedulesOnCluster;
    private static RunConfig.Storage clusterStorage;
    /** Clusters started so far: without jepsen.storage, memory and disk take turns. */
    private static int clustersStarted;

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
        int perCluster = Math.max(1, Integer.getInteger("jepsen.schedules-per-cluster", 1));
        return seeds.stream().map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> schedule(seed, perCluster)));
    }

    @AfterAll
    static void stopCluster() {
        closeCluster();
    }

    private static void schedule(long seed, int perCluster) {
        if (cluster == null) {
            clusterStorage = RunConfig.Storage.forCluster(clustersStarted++);
        }
        RunConfig config = RunConfig.fromSystemProperties(seed, clusterStorage);
        if (cluster == null) {
            clusterMarker = "jepsen-" + seed;
            clusterLogs = config.logDir();
            cluster = JepsenRun.startCluster(config, clusterMarker);
            schedulesOnCluster = 0;
        }
        JepsenRun.Outcome outcome = null;
        try {
            outcome = JepsenRun.run(config, cluster);
        } finally {
            schedulesOnCluster++;
            if (outcome == null || !outcome.valid() || schedulesOnCluster >= perCluster) {
                closeCluster();
            }
        }
        System.out.println(outcome.summary());
        if (!outcome.valid()) {
            outcome.violations().stream().limit(20).forEach(v -> System.out.println("jepsen:   violation: " + v));
            outcome.history().write(config.historyFile(), JepsenRun.header(config),
                    Map.of("summary", outcome.summary(), "violations", outcome.violations()));
        }
        assertThat(outcome.violations())
                .as("seed %d violated the checker (history in %s, server logs in %s); replay: %s", seed,
                        config.historyFile(), clusterLogs, JepsenRun.replayCommand(config))
                .isEmpty();
    }

    private static void closeCluster() {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } finally {
            cluster = null;
            assertNoServerLeft(clusterMarker);
        }
    }

    /** Every server process of the cluster is gone, whatever happened. */
    private static void assertNoServerLeft(String marker) {
        String flag = "-Djepsen.marker=" + marker;
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(flag)).orElse(false)))
                .as("server processes of %s still running", marker).isEmpty());
    }
}
