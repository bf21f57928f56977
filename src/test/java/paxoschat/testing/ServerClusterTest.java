package paxoschat.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import paxoschat.auth.TestSecrets;

/**
 * The fixture's command lines and signals, with {@code sleep} standing in for each server
 * (through the command prefix), so that no server JVM is needed.
 */
class ServerClusterTest {

    @TempDir
    Path dir;

    private final List<List<String>> commands = new CopyOnWriteArrayList<>();

    private ClusterSpec sleepers(ClusterSpec spec) {
        return spec.withPrefix((node, command) -> {
            commands.add(command);
            return List.of("sleep", "600");
        });
    }

    @Test
    void aDiskServerBootstrapsOnlyAtItsFirstStartAndGetsTheTestSecretsAndItsArguments() {
        ClusterSpec spec = sleepers(ClusterSpec.loopback(2, dir.resolve("logs")).withDataRoot(dir)
                .withSettings(List.of("--paxos.window=7")));
        try (ServerCluster cluster = new ServerCluster(spec)) {
            cluster.start(1);
            cluster.kill(1);
            cluster.start(1, "--paxos.lost-state=recover");
        }
        List<String> first = commands.get(0);
        List<String> second = commands.get(1);
        assertThat(first).contains("server", "--paxos.node-id=1", "--paxos.storage=disk", "--paxos.bootstrap=true",
                "--paxos.data-dir=" + dir.resolve("node-1").toAbsolutePath(), "--paxos.window=7",
                "--paxos.peers=http://127.0.0.1:" + spec.ports().get(0) + ",http://127.0.0.1:" + spec.ports().get(1),
                "--paxos.exit-with-parent=true").containsAll(TestSecrets.serverArguments());
        assertThat(second).contains("--paxos.bootstrap=false").endsWith("--paxos.lost-state=recover");
    }

    @Test
    void aMemoryServerComesBackAmnesiac() {
        try (ServerCluster cluster = new ServerCluster(sleepers(ClusterSpec.loopback(1, dir)))) {
            cluster.start(0);
            assertThatThrownBy(() -> cluster.start(0)).hasMessageContaining("is running");
            cluster.kill(0);
            cluster.start(0);
        }
        assertThat(commands.get(0)).contains("--paxos.storage=memory", "--paxos.amnesiac=false");
        assertThat(commands.get(1)).contains("--paxos.amnesiac=true");
    }

    @Test
    void signalsPauseResumeAndStopAServerAndCloseLeavesNoneRunning() throws Exception {
        ServerCluster cluster = new ServerCluster(sleepers(ClusterSpec.loopback(3, dir)));
        try (cluster) {
            cluster.startAll();
            cluster.pause(0);
            assertThat(cluster.paused(0)).isTrue();
            assertThat(cluster.ready(0)).as("a paused server is not ready").isFalse();
            cluster.resume(0);
            assertThat(cluster.paused(0)).isFalse();
            cluster.pause(1);
            cluster.kill(1);
            assertThat(cluster.alive(1)).isFalse();
            assertThat(cluster.paused(1)).isFalse();
            cluster.terminate(2);
            assertThat(cluster.awaitExit(2, Duration.ofSeconds(10))).isEqualTo(143);
            assertThat(cluster.dead()).hasSize(2);
            cluster.pause(0);
        }
        assertThat(cluster.alive(0)).as("a paused server after close").isFalse();
        assertThat(cluster.dead()).hasSize(3);
        assertThatThrownBy(() -> cluster.start(0)).hasMessageContaining("closed");
    }

    @Test
    void aNamespacedJarServerIsWrappedAndListensOnItsHostsAddress() {
        ClusterSpec spec = ClusterSpec.onHosts(List.of("10.0.0.1", "10.0.0.2"), 8080, dir)
                .withJvm(ServerJvm.jar(Path.of("app.jar")))
                .withPrefix((node, command) -> {
                    commands.add(command);
                    return List.of("sleep", "600");
                });
        try (ServerCluster cluster = new ServerCluster(spec)) {
            assertThat(cluster.urls()).containsExactly("http://10.0.0.1:8080", "http://10.0.0.2:8080");
            cluster.start(1);
        }
        assertThat(commands.get(0)).containsSubsequence("-jar", Path.of("app.jar").toAbsolutePath().toString(),
                "server", "--server.port=8080", "--server.address=10.0.0.2");
    }
}
