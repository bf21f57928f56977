package paxoschat.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import paxoschat.server.Http;
import paxoschat.server.ServerApplication;

/**
 * Backpressure: a server that already holds paxos.max-pending-requests undecided requests
 * answers the next POST /messages with 503 and Retry-After at once, instead of queueing it.
 * One server of three runs, so nothing can be decided and the first request stays pending.
 */
@SpringBootTest(classes = ServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class BackpressureTest {

    private static final int PORT = Http.freePort();
    private final Http http = new Http(PORT);

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("paxos.node-id", () -> 0);
        registry.add("paxos.peers", () -> "http://127.0.0.1:" + PORT + ",http://127.0.0.1:" + Http.freePort()
                + ",http://127.0.0.1:" + Http.freePort());
        registry.add("paxos.storage", () -> "memory");
        registry.add("paxos.request-timeout", () -> "20s");
        registry.add("paxos.max-pending-requests", () -> 1);
    }

    @Test
    void overTheBoundIsA503WithRetryAfter() {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest first = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sender\":\"a\",\"text\":\"waits\"}")).build();
        await().atMost(Duration.ofSeconds(10)).until(() -> Http.json(http.get("/actuator/health/paxos"))
                .get("details").get("ready").asBoolean());
        CompletableFuture<HttpResponse<String>> pending = client.sendAsync(first, HttpResponse.BodyHandlers.ofString());

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            HttpResponse<String> second = http.postJson("/messages", "{\"sender\":\"b\",\"text\":\"refused\"}");
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(second.headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("application/problem+json"));
            assertThat(second.body()).contains("overloaded");
        });
        assertThat(pending).isNotDone();
        pending.cancel(true);
    }
}
