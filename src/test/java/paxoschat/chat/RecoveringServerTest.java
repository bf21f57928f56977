package paxoschat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import paxoschat.server.Http;
import paxoschat.server.ServerApplication;
import paxoschat.web.FastAndMvc;
import paxoschat.web.FastPathFilter;

/**
 * An amnesiac server whose peers are all down can never recover: it is alive but not
 * ready, refuses writes with 503 + Retry-After, and says so in its health. The fast paths
 * (heartbeat and POST) give MVC's answers in this state too.
 */
@SpringBootTest(classes = ServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class RecoveringServerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
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

    @Autowired
    FastPathFilter fastPaths;

    @Test
    void aRecoveringServerIsLiveButNotReady() {
        FastAndMvc both = new FastAndMvc(PORT, fastPaths);
        assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        HttpResponse<String> readiness = http.get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(503);

        HttpResponse<byte[]> heartbeat = both.assertSameAnswer(both.request("/actuator/health/paxos").GET().build(), true);
        assertThat(heartbeat.statusCode()).isEqualTo(503);
        JsonNode paxos = JSON.readTree(heartbeat.body());
        assertThat(paxos.get("status").asString()).isEqualTo("OUT_OF_SERVICE");
        assertThat(paxos.get("details").get("node").asInt()).isEqualTo(1);
        assertThat(paxos.get("details").get("recovering").asBoolean()).isTrue();
        assertThat(paxos.get("details").get("ready").asBoolean()).isFalse();

        HttpResponse<byte[]> refused = both.assertSameAnswer(
                both.postJson("/messages", "{\"sender\":\"0\",\"text\":\"too early\"}"), true);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(JSON.readTree(refused.body()).get("detail").asString()).contains("recovering");
    }
}
