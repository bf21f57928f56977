package paxoschat.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import paxoschat.server.Http;
import paxoschat.server.ServerApplication;

/**
 * With {@code paxos.faults.enabled=true}, POST /admin/faults sets the plan that the
 * transport and the heartbeats consult, and refuses bad input with a 400 problem.
 * Node 0 of a three-server cluster whose peers never start: only the endpoint matters here.
 */
@SpringBootTest(classes = ServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class FaultEndpointTest {

    private static final int PORT = Http.freePort();
    private final Http http = new Http(PORT);

    @Autowired
    private FaultInjector faults;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("paxos.node-id", () -> 0);
        // Memory mode: disk mode would leave data/ behind.
        registry.add("paxos.storage", () -> "memory");
        registry.add("paxos.peers", () -> "http://127.0.0.1:" + PORT + ",http://127.0.0.1:1,http://127.0.0.1:2");
        registry.add("paxos.faults.enabled", () -> true);
    }

    @AfterEach
    void heal() {
        faults.apply(FaultPlan.NONE);
    }

    @Test
    void aPlanIsAppliedShownAndHealedByAnEmptyOne() {
        HttpResponse<String> set = http.asAdmin(0, "POST", "/admin/faults",
                "{\"blockedPeers\":[1],\"dropOutgoingTo\":[2],\"dropIncomingFrom\":[],\"delayMillis\":40,\"duplicate\":true}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(faults.dropsOutgoing(1)).isTrue();
        assertThat(faults.dropsIncoming(1)).isTrue();
        assertThat(faults.dropsOutgoing(2)).isTrue();
        assertThat(faults.dropsIncoming(2)).isFalse();
        assertThat(faults.cutsHeartbeat(2)).as("a one-way cut fails the request/response heartbeat").isTrue();
        assertThat(faults.duplicates()).isTrue();
        for (int i = 0; i < 100; i++) {
            assertThat(faults.nextDelayMillis()).isBetween(20L, 40L);
        }
        JsonNode shown = Http.json(http.asAdmin(0, "GET", "/admin/faults", null));
        assertThat(shown.get("blockedPeers").get(0).asInt()).isEqualTo(1);
        assertThat(shown.get("delayMillis").asLong()).isEqualTo(40);

        assertThat(http.asAdmin(0, "POST", "/admin/faults", "{}").statusCode()).isEqualTo(200);
        assertThat(faults.plan()).isEqualTo(FaultPlan.NONE);
        assertThat(faults.nextDelayMillis()).isZero();
    }

    @Test
    void aOneWayIncomingCutDropsOnlyThatDirection() {
        http.asAdmin(0, "POST", "/admin/faults", "{\"dropIncomingFrom\":[2]}");
        assertThat(faults.dropsIncoming(2)).isTrue();
        assertThat(faults.dropsOutgoing(2)).isFalse();
        assertThat(faults.cutsHeartbeat(2)).isTrue();
        assertThat(faults.cutsHeartbeat(1)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json", "[]", "{\"blockedPeers\":[3]}", "{\"blockedPeers\":[0]}", "{\"blockedPeers\":[-1]}",
            "{\"blockedPeers\":1}", "{\"blockedPeers\":[\"1\"]}", "{\"delayMillis\":-5}", "{\"delayMillis\":1.5}",
            "{\"delayMillis\":600000}", "{\"duplicate\":\"yes\"}", "{\"partition\":[1]}"})
    void badInputIsA400ProblemAndChangesNothing(String body) {
        http.asAdmin(0, "POST", "/admin/faults", "{\"blockedPeers\":[2]}");
        HttpResponse<String> bad = http.asAdmin(0, "POST", "/admin/faults", body);
        assertThat(bad.statusCode()).as(body).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(Http.json(bad).get("detail").asString()).isNotBlank();
        assertThat(faults.plan().blockedPeers()).containsExactly(2);
    }
}
