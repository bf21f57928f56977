package paxoschat.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import paxoschat.paxos.Ballot;
import paxoschat.paxos.Command;
import paxoschat.paxos.Message;
import paxoschat.web.FastAndMvc;
import paxoschat.web.OneServer;

/**
 * {@link FastPaxosMessages} answers {@code POST /paxos/messages} exactly as
 * {@link PaxosController} does. The batches that reach the node are harmless twice: a vote
 * for a ballot nobody leads, and a request the node deduplicates.
 */
class FastPaxosMessagesTest extends OneServer {

    private final MessageCodec codec = new MessageCodec();

    private String batch(Message... messages) {
        return new String(codec.encode(List.of(messages)), StandardCharsets.UTF_8);
    }

    @Test
    void goodBatchesGetThe204BothWays() {
        FastAndMvc both = both();
        assertThat(both.assertSameAnswer(both.postJson(PeerTransport.PATH, "[]"), true)
                .statusCode()).isEqualTo(204);
        String vote = batch(new Message.P2b(0, new Ballot(1_000, 0), 1, false));
        assertThat(both.assertSameAnswer(both.postJson(PeerTransport.PATH, vote), true)
                .statusCode()).isEqualTo(204);
        // A batch with a sender's timestamp of long ago: no receiver judges age by the sender's clock.
        assertThat(both.assertSameAnswer(both.postJson(PeerTransport.PATH, vote, "X-Paxos-Sent-At", "1"), true)
                .statusCode()).isEqualTo(204);
        String request = batch(new Message.Request(0, new Command("fast-paxos", 1, "peer", "relayed")));
        assertThat(both.assertSameAnswer(both.postJson(PeerTransport.PATH, request,
                "Accept", "text/html"), true).statusCode()).isEqualTo(204);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "{",
            "{}",
            "[{\"type\":\"nope\",\"from\":0}]",
            "[{\"type\":\"p2b\",\"from\":1,\"ballot\":{\"round\":1,\"leader\":0},\"slot\":1,\"accepted\":true}]",
            "[{\"type\":\"p2b\",\"from\":0,\"slot\":1,\"accepted\":true}]",
            "[{\"type\":\"p2b\",\"from\":\"zero\",\"ballot\":{\"round\":1,\"leader\":0},\"slot\":1,\"accepted\":true}]",
            "[{\"type\":\"p2b\",\"from\":0,\"ballot\":{\"round\":1,\"leader\":0},\"slot\":1,\"accepted\":true,\"x\":1}]",
    })
    void badBatchesGetMvcsProblem(String body) {
        FastAndMvc both = both();
        long before = length();
        assertThat(both.assertSameAnswer(both.postJson(PeerTransport.PATH, body), false)
                .statusCode()).isEqualTo(400);
        assertThat(length()).isEqualTo(before);
    }

    @Test
    void otherShapesGoToMvc() {
        FastAndMvc both = both();
        assertThat(both.assertSameAnswer(both.request(PeerTransport.PATH, "Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("[]")).build(), false)
                .statusCode()).isEqualTo(204);
        assertThat(both.assertSameAnswer(both.request(PeerTransport.PATH, "Content-Type",
                "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("[]")).build(), false).statusCode()).isEqualTo(415);
        assertThat(both.assertSameAnswer(both.postJson(PeerTransport.PATH + "?x=1", "[]"),
                false).statusCode()).isEqualTo(204);
        assertThat(both.assertSameAnswer(both.request(PeerTransport.PATH).GET().build(), false).statusCode())
                .isEqualTo(405);
    }
}
