package paxoschat.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class HealthParserTest {

    @Test
    void readsThePaxosComponentOfTheActuatorDocument() {
        String json = """
                {"status":"UP","components":{"diskSpace":{"status":"UP"},"paxos":{"status":"UP","details":
                {"node":2,"leader":1,"leading":false,"ballot":{"round":3,"leader":1},"decided":7,"logLength":5,
                "recovering":false,"ready":true}},"ping":{"status":"UP"}}}""";
        assertThat(HealthParser.parse(Http.JSON.readTree(json)))
                .contains(new PaxosHealth(2, 1, false, 3, 1, 7, 5, false, true));
    }

    @Test
    void readsANotReadyServerAndTheComponentAlone() {
        String down = """
                {"status":"OUT_OF_SERVICE","components":{"paxos":{"status":"OUT_OF_SERVICE","details":
                {"node":0,"leader":-1,"leading":false,"ballot":{"round":0,"leader":0},"decided":0,"logLength":0,
                "recovering":true,"ready":false}}}}""";
        assertThat(HealthParser.parse(Http.JSON.readTree(down))).hasValueSatisfying(h -> {
            assertThat(h.recovering()).isTrue();
            assertThat(Idleness.isReady(h)).isFalse();
        });
        String component = """
                {"status":"UP","details":{"node":1,"leading":true,"logLength":4,"ready":true}}""";
        assertThat(HealthParser.parse(Http.JSON.readTree(component)))
                .hasValueSatisfying(h -> assertThat(h.leading()).isTrue());
    }

    @Test
    void aDocumentWithoutPaxosDetailsIsEmpty() {
        assertThat(HealthParser.parse(Http.JSON.readTree("{\"status\":\"UP\"}"))).isEmpty();
    }

    @Test
    void theLeaderIsTheOneLeadingWithTheHighestBallot() {
        var health = new java.util.LinkedHashMap<Integer, java.util.Optional<PaxosHealth>>();
        health.put(0, java.util.Optional.of(new PaxosHealth(0, 0, true, 1, 0, 0, 0, false, true)));
        health.put(1, java.util.Optional.of(new PaxosHealth(1, 2, false, 2, 2, 0, 0, false, true)));
        health.put(2, java.util.Optional.of(new PaxosHealth(2, 2, true, 2, 2, 0, 0, false, true)));
        health.put(3, java.util.Optional.empty());
        assertThat(Leaders.current(health)).hasValue(2);
    }

    @Test
    void serverCommandLineCarriesTheContract() {
        ServerLauncher launcher = new ServerLauncher("/j/java", List.of("-Xmx1m"), "a.jar", Path.of("logs"));
        assertThat(launcher.command(1, 8001, "http://127.0.0.1:8000,http://127.0.0.1:8001", true))
                .containsExactly("/j/java", "-Xmx1m", "-cp", "a.jar", "paxoschat.Main", "server",
                        "--server.port=8001", "--server.address=127.0.0.1", "--paxos.node-id=1",
                        "--paxos.peers=http://127.0.0.1:8000,http://127.0.0.1:8001", "--paxos.storage=memory",
                        "--paxos.amnesiac=true",
                        "--paxos.exit-with-parent=true");
    }
}
