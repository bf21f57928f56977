package paxoschat.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * restartServer through a warm standby JVM: the restarted server is the standby's process,
 * behaves as a server restarted in a new JVM would (recovers, catches up, serves), logs to
 * its own log file, and nothing is left running after close, standbys included.
 */
class SparesIT {

    @Test
    void aRestartedServerRunsInTheWarmStandbyAndCatchesUp(@TempDir Path logs) throws Exception {
        ServerLauncher launcher = ServerLauncher.fromSystemProperties(logs);
        List<ProcessHandle> started = new ArrayList<>();
        Cluster cluster = new Cluster(launcher, Http.CLIENT, Http.PROBE, msg -> { }, 1);
        try {
            cluster.start(3);
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(logs.resolve("spare-0.warm")));
            ServerApi.OutgoingMessage first = new ServerApi.OutgoingMessage("it", "before", "c", 1);
            assertThat(cluster.api(0).send(first)).isInstanceOfAny(ServerApi.SendOutcome.Decided.class,
                    ServerApi.SendOutcome.Pending.class);

            cluster.crash(1);
            assertThat(cluster.spares()).hasSize(1);
            long standbyPid = cluster.spares().get(0).pid();
            cluster.restart(1);
            assertThat(ProcessHandle.of(standbyPid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
            assertThat(cluster.spares()).extracting(Process::pid).doesNotContain(standbyPid);
            assertThat(cluster.api(1).ready()).isTrue();
            assertThat(Files.readString(launcher.logFile(1))).contains("node 1 ready");
            // The used standby is replaced by a new one.
            assertThat(cluster.spares()).hasSize(1);

            assertThat(cluster.api(1).send(new ServerApi.OutgoingMessage("it", "after", "c", 2)))
                    .isInstanceOfAny(ServerApi.SendOutcome.Decided.class, ServerApi.SendOutcome.Pending.class);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    cluster.api(1).chatlog(0, 10).entries()).extracting(ServerApi.LogEntry::text)
                    .containsExactly("before", "after"));
            ProcessHandle.current().descendants().forEach(started::add);
        } finally {
            cluster.close();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(started).noneMatch(ProcessHandle::isAlive));
    }
}
