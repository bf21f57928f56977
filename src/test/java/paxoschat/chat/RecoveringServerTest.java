package paxoschat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import paxoschat.health.HeartbeatAnswers;
import paxoschat.server.Http;
import paxoschat.server.ServerApplication;

/**
 * An amnesiac server whose peers are all down can never recover: it is alive but not
 * ready, refuses writes with 503 + Retry-After, and says so in its health.
 */
@SpringBootTest(classes = ServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class RecoveringServerTest {

    private static final int PORT = Http.freePort();
    private final Http http = new Http(PORT);

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        // Memory mode: the course model, and no data/ directory left behind.
        registry.add("paxos.storage", () -> "memory");
        registry.add("paxos.node-id", () -> 1);
        registry.add("paxos.amnesiac", () -> true);
        registry.add("paxos.peers", () -> "http://127.0.0.1:" + Http.freePort() + ",http://127.0.0.1:" + PORT
                + ",http://127.0.0.1:" + Http.freePort());
    }

    @Test
    void aRecoveringServerIsLiveButNotReady() {
        assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        HttpResponse<String> readiness = http.get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(503);

        JsonNode paxos = Http.json(HeartbeatAnswers.assertFastPathMatchesActuator(http));
        assertThat(paxos.get("status").asString()).isEqualTo("OUT_OF_SERVICE");
        assertThat(paxos.get("details").get("node").asInt()).isEqualTo(1);
        assertThat(paxos.get("details").get("recovering").asBoolean()).isTrue();
        assertThat(paxos.get("details").get("ready").asBoolean()).isFalse();

        HttpResponse<String> refused = http.postJson("/messages", "{\"sender\":\"0\",\"text\":\"too early\"}");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(Http.json(refused).get("detail").asString()).contains("recovering");
    }
}
