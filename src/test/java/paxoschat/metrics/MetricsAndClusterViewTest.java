package paxoschat.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import paxoschat.server.Http;
import paxoschat.server.ServerApplication;

/**
 * One server in disk mode over real HTTP: after N writes, /actuator/prometheus counts them
 * (commit latency, log length, fsyncs), and the cluster view, probes and read consistency
 * answer as documented.
 */
@SpringBootTest(classes = ServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MetricsAndClusterViewTest {

    private static final int PORT = Http.freePort();
    private static final int WRITES = 7;
    @TempDir
    static Path data;
    private final Http http = new Http(PORT);

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("paxos.node-id", () -> 0);
        registry.add("paxos.peers", () -> "http://127.0.0.1:" + PORT);
        registry.add("paxos.storage", () -> "disk");
        registry.add("paxos.data-dir", () -> data.resolve("node-0").toString());
        registry.add("paxos.bootstrap", () -> true);
    }

    @BeforeEach
    void ready() {
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/readyz").statusCode() == 200);
    }

    /** Samples of the exposition text by name and labels, e.g. {@code paxos_leader} or {@code x{status="201"}}. */
    private Map<String, Double> scrape() {
        HttpResponse<String> r = http.get("/actuator/prometheus");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?) (\\S+)$").matcher(r.body());
        while (m.find()) {
            samples.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return samples;
    }

    private static double commitCount(Map<String, Double> samples) {
        return samples.entrySet().stream()
                .filter(e -> e.getKey().startsWith("paxos_commit_latency_seconds_count{") && e.getKey().contains("status=\"201\""))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    @Test
    void prometheusCountsTheWritesFastPathAndMvcAlike() {
        Map<String, Double> before = scrape();
        long logBefore = before.get("paxos_log_entries").longValue();
        double commitsBefore = commitCount(before);
        double fsyncsBefore = before.getOrDefault("paxos_fsync_seconds_count", 0.0);
        for (int i = 0; i < WRITES; i++) {
            // Every other one through Spring MVC (a Prefer header keeps it off the fast path).
            String[] headers = i % 2 == 0 ? new String[0] : new String[] {"Prefer", "return=minimal"};
            assertThat(http.postJson("/messages", "{\"sender\":\"m\",\"text\":\"metric " + i + "\"}", headers)
                    .statusCode()).isEqualTo(201);
        }
        // The timer records once the answer is complete, which the client may see first.
        await().atMost(Duration.ofSeconds(5)).until(() -> commitCount(scrape()) - commitsBefore == WRITES);

        Map<String, Double> after = scrape();
        assertThat(after.get("paxos_log_entries").longValue()).isEqualTo(logBefore + WRITES);
        assertThat(after.get("paxos_decided_slots")).isGreaterThanOrEqualTo((double) logBefore + WRITES);
        assertThat(after.get("paxos_leader")).isEqualTo(1.0);
        assertThat(after.get("paxos_leader_node")).isEqualTo(0.0);
        assertThat(after.get("paxos_ready")).isEqualTo(1.0);
        assertThat(after.get("paxos_recovering")).isEqualTo(0.0);
        assertThat(after.get("paxos_peers_up")).isEqualTo(1.0);
        assertThat(after.get("paxos_cluster_size")).isEqualTo(1.0);
        assertThat(after.get("paxos_quorum")).isEqualTo(1.0);
        assertThat(after.get("paxos_ballot_round")).isGreaterThanOrEqualTo(1.0);
        assertThat(after.get("paxos_elections_total")).isGreaterThanOrEqualTo(1.0);
        assertThat(after.get("paxos_leader_changes_total")).isGreaterThanOrEqualTo(0.0);
        assertThat(after).containsKeys("paxos_resends_total", "paxos_recoveries_total", "paxos_catchup_sent_bytes_total",
                "paxos_queue_inputs", "paxos_queue_pending_requests", "paxos_queue_outgoing_messages",
                "paxos_fsync_batch_steps_count");
        // Disk mode: every write waited for a sync (several may share one).
        assertThat(after.get("paxos_fsync_seconds_count")).isGreaterThan(fsyncsBefore);
        assertThat(after.get("paxos_fsync_batch_steps_sum")).isGreaterThanOrEqualTo(after.get("paxos_fsync_seconds_count"));
        assertThat(after.keySet()).anyMatch(k -> k.startsWith("paxos_commit_latency_seconds_bucket{"));
    }

    @Test
    void theClusterViewListsEveryServerWithItsRoleAndTheQuorum() {
        HttpResponse<String> r = http.get("/actuator/health/cluster");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = Http.json(r);
        assertThat(body.get("status").asString()).isEqualTo("UP");
        JsonNode d = body.get("details");
        assertThat(d.get("node").asInt()).isZero();
        assertThat(d.get("url").asString()).isEqualTo("http://127.0.0.1:" + PORT);
        assertThat(d.get("leader").asInt()).isZero();
        assertThat(d.get("leaderUrl").asString()).isEqualTo("http://127.0.0.1:" + PORT);
        assertThat(d.get("quorum").get("size").asInt()).isEqualTo(1);
        assertThat(d.get("quorum").get("majority").asInt()).isEqualTo(1);
        assertThat(d.get("quorum").get("reachable").asInt()).isEqualTo(1);
        assertThat(d.get("quorum").get("hasQuorum").asBoolean()).isTrue();
        JsonNode self = d.get("peers").get(0);
        assertThat(self.get("self").asBoolean()).isTrue();
        assertThat(self.get("up").asBoolean()).isTrue();
        assertThat(self.get("role").asString()).isEqualTo("leader");
        assertThat(self.get("ballot").get("leader").asInt()).isZero();
        assertThat(self.get("decided").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(http.get("/livez").statusCode()).isEqualTo(200);
        assertThat(Http.json(http.get("/readyz")).get("status").asString()).isEqualTo("UP");
    }

    @Test
    void aLinearizableReadSeesEveryAcknowledgedWriteAndBadConsistencyIs400() {
        long seq = Http.json(http.postJson("/messages", "{\"sender\":\"r\",\"text\":\"read me\"}")).get("seq").asLong();
        HttpResponse<String> read = http.get("/chatlog?consistency=linearizable&from=" + seq);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(Http.json(read).get("entries").get(0).get("text").asString()).isEqualTo("read me");
        assertThat(http.get("/chatlog?consistency=local&from=" + seq).statusCode()).isEqualTo(200);

        HttpResponse<String> bad = http.get("/chatlog?consistency=sequential");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Http.json(bad).get("detail").asString()).contains("consistency");
    }
}
