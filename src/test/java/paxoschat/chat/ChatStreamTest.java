package paxoschat.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import paxoschat.server.Http;
import paxoschat.web.OneServer;

/**
 * {@code GET /chatlog/stream} over real HTTP: each entry one event whose id is its seq,
 * new entries as they are decided, a reconnection with {@code Last-Event-ID} resuming with
 * no gap or repeat, the cap on open streams, and bad input.
 */
class ChatStreamTest extends OneServer {

    private static final int MAX_STREAMS = 2;

    @Autowired
    ChatStream stream;

    @DynamicPropertySource
    static void streams(DynamicPropertyRegistry registry) {
        registry.add("paxos.stream.max-streams", () -> MAX_STREAMS);
        // A closed client is found by the next write, so the cap test waits for a heartbeat.
        registry.add("paxos.stream.heartbeat-interval", () -> "100ms");
        registry.add("paxos.stream.retry", () -> "1500ms");
    }

    private String url(String query) {
        return "http://127.0.0.1:" + PORT + ChatStream.PATH + query;
    }

    private long post(String text) {
        HttpResponse<String> r = http.postJson("/messages", "{\"sender\":\"ann\",\"text\":\"" + text + "\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        return Http.json(r).get("seq").asLong();
    }

    private static JsonNode data(SseClient.Event e) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(e.data());
    }

    @Test
    void eachEntryIsAnEventWhoseIdIsItsSeqAndNewEntriesFollowLive() throws Exception {
        long from = length();
        long first = post("before the stream");
        try (SseClient sse = SseClient.open(url("?from=" + from))) {
            assertThat(sse.response().statusCode()).isEqualTo(200);
            assertThat(sse.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("text/event-stream"));
            assertThat(sse.response().headers().firstValue("Cache-Control")).hasValue("no-cache");
            SseClient.Event old = sse.next();
            assertThat(old.id()).isEqualTo(String.valueOf(first));
            assertThat(data(old).get("seq").asLong()).isEqualTo(first);
            assertThat(data(old).get("text").asString()).isEqualTo("before the stream");
            assertThat(data(old).get("sender").asString()).isEqualTo("ann");

            long second = post("while it is open");
            SseClient.Event live = sse.next();
            assertThat(live.id()).isEqualTo(String.valueOf(second));
            assertThat(data(live).get("text").asString()).isEqualTo("while it is open");
            assertThat(sse.retry()).isEqualTo("1500");
        }
    }

    @Test
    void reconnectingWithLastEventIdResumesWithoutGapOrRepeat() throws Exception {
        long from = length();
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seqs.add(post("m" + i));
        }
        List<Long> seen = new ArrayList<>();
        try (SseClient sse = SseClient.open(url("?from=" + from))) {
            for (int i = 0; i < 3; i++) {
                seen.add(Long.parseLong(sse.next().id()));
            }
        }
        // As EventSource reconnects: the same URL (its from now stale), plus Last-Event-ID.
        try (SseClient sse = SseClient.open(url("?from=" + from), "Last-Event-ID", String.valueOf(seen.get(2)))) {
            for (int i = 0; i < 3; i++) {
                seen.add(Long.parseLong(sse.next().id()));
            }
            seqs.add(post("after the reconnection"));
            seen.add(Long.parseLong(sse.next().id()));
        }
        assertThat(seen).isEqualTo(seqs);
    }

    @Test
    void atTheCapANewStreamIs503UntilOneCloses() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.openStreams() == 0);
        SseClient first = SseClient.open(url(""));
        try (SseClient second = SseClient.open(url(""))) {
            assertThat(first.response().statusCode()).isEqualTo(200);
            assertThat(second.response().statusCode()).isEqualTo(200);
            assertThat(stream.openStreams()).isEqualTo(MAX_STREAMS);

            HttpResponse<String> refused = http.get(ChatStream.PATH);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(Http.json(refused).get("detail").asString()).contains("too many streams");
            assertThat(stream.openStreams()).isEqualTo(MAX_STREAMS);

            first.close();
            // The server finds the closed connection at its next write (a heartbeat).
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.openStreams() == MAX_STREAMS - 1);
            try (SseClient again = SseClient.open(url(""))) {
                assertThat(again.response().statusCode()).isEqualTo(200);
            }
        } finally {
            first.close();
        }
    }

    @Test
    void badInputIsA4xxProblemAndOpensNoStream() {
        HttpResponse<String> badId = http.get(ChatStream.PATH, "Last-Event-ID", "-1");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(Http.json(badId).get("detail").asString()).contains("Last-Event-ID");

        HttpResponse<String> badFrom = http.get(ChatStream.PATH + "?from=x");
        assertThat(badFrom.statusCode()).isEqualTo(400);
        assertThat(Http.json(badFrom).get("detail").asString()).contains("from");

        HttpResponse<String> tooBig = http.get(ChatStream.PATH + "?from=9999999999999999999");
        assertThat(tooBig.statusCode()).isEqualTo(400);

        HttpResponse<String> post = http.method("POST", ChatStream.PATH);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
        assertThat(post.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void resumeFromPrefersLastEventIdOverFrom() {
        assertThat(ChatStream.resumeFrom("41", "7")).isEqualTo(42);
        assertThat(ChatStream.resumeFrom(null, "7")).isEqualTo(7);
        assertThat(ChatStream.resumeFrom("", "7")).isEqualTo(7);
        assertThat(ChatStream.resumeFrom(null, null)).isZero();
    }
}
