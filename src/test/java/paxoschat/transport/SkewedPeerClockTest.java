package paxoschat.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import paxoschat.server.Http;
import paxoschat.server.ServerApplication;

/**
 * Server 0 of three, its peers not running. A peer's clock that is far off changes nothing
 * about how its votes are taken: the receiver judges no message's age by the sender's
 * clock (paxos/Recovery.java says what recovery's safety rests on instead). Before, the
 * sender stamped each batch with its wall clock and the receiver dropped the votes of a
 * batch that looked older than message-max-age by its own, so a peer whose clock ran ten
 * minutes behind had every promise and vote thrown away, and one ahead had old ones taken
 * as fresh.
 */
@SpringBootTest(classes = ServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class SkewedPeerClockTest {

    private static final int PORT = Http.freePort();
    private static final long TEN_MINUTES = 600_000;
    private final Http http = new Http(PORT);

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("paxos.node-id", () -> 0);
        registry.add("paxos.peers", () -> "http://127.0.0.1:" + PORT + ",http://127.0.0.1:" + Http.freePort()
                + ",http://127.0.0.1:" + Http.freePort());
        registry.add("paxos.storage", () -> "memory");
    }

    private long ballotRound() {
        return Http.json(http.get("/actuator/health/paxos")).get("details").get("ballot").get("round").asLong();
    }

    @Test
    void aPhaseOneMessageFromAPeerWhoseClockIsTenMinutesBehindIsHandled() {
        String p1a = "[{\"type\":\"p1a\",\"from\":1,\"ballot\":{\"round\":1000,\"leader\":1},\"fromSlot\":0}]";
        String behind = Long.toString(System.currentTimeMillis() - TEN_MINUTES);
        assertThat(http.postJson("/paxos/messages", p1a, "X-Paxos-Sent-At", behind).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> ballotRound() >= 1000);
    }
}
