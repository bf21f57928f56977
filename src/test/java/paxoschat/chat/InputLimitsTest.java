package paxoschat.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import paxoschat.server.Http;
import paxoschat.web.OneServer;

/**
 * Issue 18 on a real server: text is exact or refused, every body and every page is bounded
 * in bytes, long polls are capped, and a request the exactly-once state refuses is a 409,
 * not a 201 or a 503 to retry. Small limits here, so that the test need not send megabytes.
 */
class InputLimitsTest extends OneServer {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void limits(DynamicPropertyRegistry registry) {
        registry.add("paxos.web.max-peer-body", () -> "100KB");
        registry.add("paxos.chat.max-page-bytes", () -> "40KB");
        registry.add("paxos.chat.max-long-polls", () -> "2");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"sender\":\"a\",\"text\":\"x\\ud800y\"}",
            "{\"sender\":\"a\\udc00\",\"text\":\"x\"}",
            "{\"sender\":\"a\",\"text\":\"x\",\"clientId\":\"c\\ud800\",\"requestId\":1}",
            "{\"sender\":\"a\",\"text\":\"reversed \\udc00\\ud800\"}",
            "{\"sender\":\"a\",\"text\":\"ends high \\ud83d\"}",
    })
    void illFormedTextIsA400AndChangesNothing(String body) {
        long before = length();
        HttpResponse<String> answer = http.postJson("/messages", body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("not well-formed text");
        assertThat(length()).isEqualTo(before);
    }

    @Test
    void wellFormedTextOfEveryKindIsTakenToTheByte() {
        String text = "\uD834\uDD1E e\u0301 \u05E9\u05DC\u05D5\u05DD \uD83D\uDC68\u200D\uD83D\uDC69 \uFFFD";
        HttpResponse<String> answer = http.postJson("/messages", "{\"sender\":\"\uD83D\uDE00\",\"text\":\"" + text + "\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        long seq = Http.json(answer).get("seq").asLong();
        String back = Http.json(http.get("/chatlog?limit=1&from=" + seq)).get("entries").get(0).get("text").asString();
        assertThat(back.getBytes(StandardCharsets.UTF_8)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void chunkedBodiesAreBoundedLikeOthers() throws Exception {
        long before = length();
        String small = "{\"sender\":\"a\",\"text\":\"chunked and small\"}";
        assertThat(chunked("/messages", small.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
        String big = "{\"sender\":\"a\",\"text\":\"" + "x".repeat(70_000) + "\"}";
        HttpResponse<String> refused = chunked("/messages", big.getBytes(StandardCharsets.UTF_8));
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).contains("larger than 65536 bytes");
        assertThat(length()).isEqualTo(before + 1);
    }

    @Test
    void peerBodiesAreBoundedWithOrWithoutALength() throws Exception {
        String big = "[" + "{}".repeat(60_000) + "]";
        // Without a signature nothing of it is read: the gate refuses on the headers.
        assertThat(http.postJson("/paxos/messages", big).statusCode()).isEqualTo(401);
        assertThat(chunked("/paxos/messages", big.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(401);
        // A member's batch is bounded all the same.
        HttpResponse<String> signed = http.asPeer(0, 0, "POST", "/paxos/messages", big, "Content-Type", "application/json");
        assertThat(signed.statusCode()).isEqualTo(413);
        assertThat(signed.body()).contains("larger than 102400 bytes");
    }

    @Test
    void aPageOfTheLogIsBoundedInBytesAndPagingGoesOn() {
        long first = length();
        for (int i = 0; i < 3; i++) {
            String text = Integer.toString(i).repeat(10_000); // 30 KB each, as bounded
            assertThat(http.postJson("/messages", "{\"sender\":\"p\",\"text\":\"" + text + "\"}").statusCode()).isEqualTo(201);
        }
        List<String> texts = new ArrayList<>();
        long from = first;
        while (texts.size() < 3) {
            var page = Http.json(http.get("/chatlog?limit=10000&from=" + from));
            assertThat(page.get("entries")).as("one 30 KB entry fits in 40 KB, two do not").hasSize(1);
            texts.add(page.get("entries").get(0).get("text").asString().substring(0, 1));
            from = page.get("next").asLong();
        }
        assertThat(texts).containsExactly("0", "1", "2");
    }

    @Test
    void longPollsBeyondTheCapAre503AtOnce() {
        long end = length() + 1000;
        CompletableFuture<HttpResponse<String>> a = http.getAsync("/chatlog?wait=30&from=" + end);
        CompletableFuture<HttpResponse<String>> b = http.getAsync("/chatlog?wait=30&from=" + end);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> third = http.get("/chatlog?wait=30&from=" + end);
            assertThat(third.statusCode()).isEqualTo(503);
            assertThat(third.headers().firstValue("Retry-After")).isPresent();
        });
        assertThat(a).isNotDone();
        assertThat(b).isNotDone();
        a.cancel(true);
        b.cancel(true);
    }

    @Test
    void aRequestTheExactlyOnceStateRefusesIsA409() {
        // A client id NAME@B says its client was born when the log was B long; one the log
        // has not reached is no honest birth: decided, refused, never performed.
        long before = length();
        HttpResponse<String> answer = http.postJson("/messages",
                "{\"sender\":\"a\",\"text\":\"x\",\"clientId\":\"early@999999999\",\"requestId\":1}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
        assertThat(answer.body()).contains("names log position 999999999");
        assertThat(answer.headers().firstValue("Retry-After")).isEmpty();
        // A client within the horizon of its birth may begin with any request id.
        assertThat(http.postJson("/messages",
                "{\"sender\":\"a\",\"text\":\"x\",\"clientId\":\"late-client@" + before + "\",\"requestId\":7}")
                .statusCode()).isEqualTo(201);
        assertThat(length()).isEqualTo(before + 1);
    }

    @Test
    void requestsWithoutIdsGetIdsOfThisServersAnonymousClientBornWithinTheLogItHas() {
        long before = length();
        var first = Http.json(http.postJson("/messages", "{\"sender\":\"a\",\"text\":\"one\"}"));
        var second = Http.json(http.postJson("/messages", "{\"sender\":\"a\",\"text\":\"two\"}"));
        String client = first.get("clientId").asString();
        assertThat(client).startsWith("anon-0-");
        assertThat(second.get("clientId").asString()).isEqualTo(client);
        assertThat(Long.parseLong(client.substring(client.lastIndexOf('@') + 1))).isBetween(0L, before);
        assertThat(second.get("requestId").asLong()).isEqualTo(first.get("requestId").asLong() + 1);
    }

    private static HttpResponse<String> chunked(String path, byte[] body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
                .header("Content-Type", "application/json")
                .header("X-Paxos-Sent-At", Long.toString(System.currentTimeMillis()))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
