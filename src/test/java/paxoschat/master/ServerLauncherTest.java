package paxoschat.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import paxoschat.warmstart.WarmImage;

class ServerLauncherTest {

    private static final String PEERS = "http://127.0.0.1:8000,http://127.0.0.1:8001";
    private final ServerLauncher memory = new ServerLauncher("/j/java", List.of("-Xmx1m"), "a.jar", Path.of("logs"));

    @Test
    void aServerRestartedAmnesiacLearnsWhenItsPredecessorWasSeenDead() {
        assertThat(memory.serverArguments(1, 8001, PEERS, true, 1_700_000_000_123L))
                .contains("--paxos.amnesiac=true", "--paxos.predecessor-died-at=1700000000123");
        assertThat(memory.command(1, 8001, PEERS, true, 1_700_000_000_123L))
                .contains("--paxos.predecessor-died-at=1700000000123");
    }

    @Test
    void unknownDeathsAndFirstStartsSayNothing() {
        assertThat(memory.serverArguments(1, 8001, PEERS, true, 0)).noneMatch(a -> a.contains("predecessor"));
        assertThat(memory.serverArguments(1, 8001, PEERS, false, 1_700_000_000_123L))
                .noneMatch(a -> a.contains("predecessor"));
        // Disk mode resumes from its log and never recovers, so there is nothing to wait for.
        assertThat(memory.withDataRoot(Path.of("data")).serverArguments(1, 8001, PEERS, true, 1_700_000_000_123L))
                .contains("--paxos.amnesiac=false").noneMatch(a -> a.contains("predecessor"));
    }

    @Test
    void jvmOptionsOfItsOwnMakeAServerStartCold() {
        WarmImage image = new WarmImage(Path.of("warm"), List.of("criu"), "pipe:[1]", "pipe:[2]", "pipe:[3]");
        ServerLauncher warm = memory.withWarmImage(image);
        assertThat(warm.warm()).isEqualTo(image);
        assertThat(warm.withDataRoot(Path.of("data")).warm()).isEqualTo(image);
        // A restored server keeps the image's JVM options, so one that needs others starts cold.
        assertThat(warm.withJvmOption("-Xmx1g").warm()).isNull();
    }

    @Test
    void theUsersHostAndSettingsReachEveryServerAfterTheMastersOwn() {
        ServerLauncher served = memory.withNetwork("::1", List.of("--paxos.window=7"));
        List<String> args = served.serverArguments(0, 8000, PEERS, false, 0);
        assertThat(args).contains("--server.address=::1");
        assertThat(args.get(args.size() - 1)).isEqualTo("--paxos.window=7");
        assertThat(served.urlOf(8000)).isEqualTo("http://[::1]:8000");
        assertThat(memory.urlOf(8000)).isEqualTo("http://127.0.0.1:8000");
    }
}
