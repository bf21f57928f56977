package paxoschat.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import paxoschat.web.FastAndMvc;
import paxoschat.web.OneServer;

/**
 * {@link FastHeartbeat} answers {@code GET /actuator/health/paxos} exactly as Actuator's
 * endpoint does through Spring MVC, when up (here) and when recovering
 * (RecoveringServerTest).
 */
class FastHeartbeatTest extends OneServer {

    @Test
    void thePollIsActuatorsAnswer() {
        FastAndMvc both = both();
        HttpResponse<byte[]> fast = both.assertSameAnswer(both.request(HeartbeatMonitor.PATH).GET().build(), true);
        assertThat(fast.statusCode()).isEqualTo(200);
        assertThat(fast.headers().firstValue("Content-Type")).hasValue("application/vnd.spring-boot.actuator.v3+json");
        JsonNode paxos = JsonMapper.builder().build().readTree(fast.body());
        assertThat(paxos.get("status").asString()).isEqualTo("UP");
        assertThat(paxos.get("details").get("node").asInt()).isZero();
        // The cached answer too, and after the node's state changed.
        both.assertSameAnswer(both.request(HeartbeatMonitor.PATH, "Accept", "*/*").GET().build(), true);
        http.postJson("/messages", "{\"sender\":\"hb\",\"text\":\"changes the view\"}");
        both.assertSameAnswer(both.request(HeartbeatMonitor.PATH).GET().build(), true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/vnd.spring-boot.actuator.v3+json", "text/plain",
            "application/*", "*/*;q=0.8"})
    void otherAcceptHeadersAreNegotiatedByMvc(String accept) {
        FastAndMvc both = both();
        both.assertSameAnswer(both.request(HeartbeatMonitor.PATH, "Accept", accept).GET().build(), false);
    }

    @Test
    void otherShapesGoToMvc() {
        FastAndMvc both = both();
        both.assertSameAnswer(both.request(HeartbeatMonitor.PATH + "?x=1").GET().build(), false);
        assertThat(both.assertSameAnswer(both.request(HeartbeatMonitor.PATH)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), false).statusCode()).isEqualTo(200);
        assertThat(both.assertSameAnswer(both.postJson(HeartbeatMonitor.PATH, "{}"), false).statusCode()).isEqualTo(405);
    }
}
