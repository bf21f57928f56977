package paxoschat.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;

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
 * Server 0 of a three-server cluster whose peers never start: no majority, so nothing is
 * decided; a plain POST times out with 503 + Retry-After, a respond-async POST gets 202 at
 * once, and neither changes the log. The fast path gives MVC's answers.
 */
@SpringBootTest(classes = ServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class MinorityServerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final int PORT = Http.freePort();
    private final Http http = new Http(PORT);

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        // Memory mode: the course model, and no data/ directory left behind.
        registry.add("paxos.storage", () -> "memory");
        registry.add("paxos.node-id", () -> 0);
        registry.add("paxos.peers", () -> "http://127.0.0.1:" + PORT + ",http://127.0.0.1:" + Http.freePort()
                + ",http://127.0.0.1:" + Http.freePort());
        registry.add("paxos.request-timeout", () -> "1s");
    }

    @Autowired
    FastPathFilter fastPaths;

    @Test
    void withoutAMajorityNothingIsDecided() {
        // The node is ready (recovered, caught up); the server is not, without a majority.
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/actuator/health/paxos").statusCode() == 200);
        HttpResponse<String> readiness = http.get("/readyz");
        assertThat(readiness.statusCode()).isEqualTo(503);
        JsonNode cluster = Http.json(http.get("/actuator/health/cluster"));
        assertThat(cluster.get("status").asString()).isEqualTo("DOWN");
        assertThat(cluster.get("details").get("quorum").get("reachable").asInt()).isEqualTo(1);
        // Alone, it may campaign or wait for peers (paxos.election-quiet-ticks), but never leads.
        JsonNode peers = cluster.get("details").get("peers");
        assertThat(peers.get(0).get("role").asString()).isIn("follower", "candidate");
        assertThat(peers.get(1).get("role").asString()).isEqualTo("down");
        assertThat(peers.get(2).get("role").asString()).isEqualTo("down");
        FastAndMvc both = new FastAndMvc(PORT, fastPaths);

        HttpResponse<byte[]> accepted = both.assertSameAnswer(both.postJson("/messages",
                "{\"sender\":\"0\",\"text\":\"later\",\"clientId\":\"m\",\"requestId\":1}", "Prefer", "respond-async"), true);
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("Preference-Applied")).hasValue("respond-async");
        JsonNode pending = JSON.readTree(accepted.body());
        assertThat(pending.get("clientId").asString()).isEqualTo("m");
        assertThat(pending.get("requestId").asLong()).isEqualTo(1);
        assertThat(pending.get("status").asString()).isEqualTo("pending");

        HttpResponse<byte[]> unavailable = both.assertSameAnswer(
                both.postJson("/messages", "{\"sender\":\"0\",\"text\":\"now\"}"), true);
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Retry-After")).isPresent();
        assertThat(unavailable.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        assertThat(Http.json(http.get("/chatlog")).get("length").asLong()).isZero();
        // No leader, no read barrier: a linearizable read is refused rather than served stale.
        HttpResponse<String> linearizable = http.get("/chatlog?consistency=linearizable");
        assertThat(linearizable.statusCode()).isEqualTo(503);
        assertThat(linearizable.headers().firstValue("Retry-After")).isPresent();
        assertThat(Http.json(http.get("/actuator/health/paxos")).get("details").get("decided").asLong()).isZero();
    }
}
