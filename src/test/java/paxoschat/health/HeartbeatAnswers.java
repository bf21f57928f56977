package paxoschat.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import paxoschat.server.Http;

/**
 * The heartbeat's fast path ({@link FastHeartbeat}) must answer exactly as Actuator's
 * endpoint does through Spring MVC, which an Accept header the fast path leaves alone
 * reaches.
 */
public final class HeartbeatAnswers {

    private HeartbeatAnswers() {
    }

    /** Asserts that both paths give the same status, content type and body; returns the body. */
    public static HttpResponse<String> assertFastPathMatchesActuator(Http http) {
        HttpResponse<String> fast = http.get(HeartbeatMonitor.PATH);
        HttpResponse<String> mvc = http.get(HeartbeatMonitor.PATH, "Accept", "application/vnd.spring-boot.actuator.v3+json");
        assertThat(fast.statusCode()).isEqualTo(mvc.statusCode());
        assertThat(fast.headers().firstValue("Content-Type")).isEqualTo(mvc.headers().firstValue("Content-Type"));
        assertThat(Http.json(fast)).isEqualTo(Http.json(mvc));
        return fast;
    }
}
