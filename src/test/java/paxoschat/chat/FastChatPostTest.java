package paxoschat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import paxoschat.web.FastAndMvc;
import paxoschat.web.OneServer;

/**
 * {@link FastChatPost} answers {@code POST /messages} exactly as {@link ChatController}
 * does. A good message carries a clientId and requestId, so the second send (whichever path
 * it takes) is a retry of the same message and gets the same 201.
 */
class FastChatPostTest extends OneServer {

    private static final AtomicLong REQUEST_IDS = new AtomicLong();

    private static String message(String text, String... extra) {
        return "{\"sender\":\"fast\",\"text\":\"" + text + "\",\"clientId\":\"fast-vs-mvc\",\"requestId\":"
                + REQUEST_IDS.incrementAndGet() + String.join("", extra) + "}";
    }

    @Test
    void aGoodMessageGetsTheSame201BothWays() {
        FastAndMvc both = both();
        long before = length();
        HttpResponse<byte[]> created = both.assertSameAnswer(both.postJson("/messages", message("hello ✓")), true);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).isPresent();
        assertThat(length()).isEqualTo(before + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=utf-8", "APPLICATION/JSON", "application/json;charset=UTF-8"})
    void jsonWithParametersIsPlain(String contentType) {
        FastAndMvc both = both();
        HttpRequest request = both.request("/messages", "Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(message("typed"))).build();
        assertThat(both.assertSameAnswer(request, true).statusCode()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*", "application/json", "text/plain", "text/html, application/xml;q=0.9"})
    void anyAcceptGetsTheJsonAnswer(String accept) {
        FastAndMvc both = both();
        HttpResponse<byte[]> created = both.assertSameAnswer(both.postJson("/messages", message("accept"), "Accept", accept), true);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void respondAsyncWhenDecidedIs201BothWays() {
        FastAndMvc both = both();
        HttpResponse<byte[]> created = both.assertSameAnswer(
                both.postJson("/messages", message("async"), "Prefer", "respond-async"), true);
        assertThat(created.statusCode()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "not json",
            "{\"sender\":",
            "[]",
            "{\"sender\":\"a\",\"text\":\"x\"} trailing",
            "{\"text\":\"no sender\"}",
            "{\"sender\":\"\",\"text\":\"x\"}",
            "{\"sender\":\"a\",\"text\":\"line\\nbreak\"}",
            "{\"sender\":\"a\\u0007\",\"text\":\"bell\"}",
            "{\"sender\":\"a\",\"text\":\"x\",\"colour\":\"red\"}",
            "{\"sender\":1,\"text\":\"x\"}",
            "{\"sender\":\"a\",\"text\":\"x\",\"clientId\":\"c\"}",
            "{\"sender\":\"a\",\"text\":\"x\",\"clientId\":\"c\",\"requestId\":0}",
            "{\"sender\":\"a\",\"text\":\"x\",\"clientId\":\"c\",\"requestId\":1.5}",
            "{\"sender\":\"a\",\"sender\":\"b\",\"text\":\"x\"}",
    })
    void badMessagesGetMvcsProblem(String body) {
        FastAndMvc both = both();
        long before = length();
        HttpResponse<byte[]> problem = both.assertSameAnswer(both.postJson("/messages", body), false);
        assertThat(problem.statusCode()).isEqualTo(400);
        assertThat(problem.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(length()).isEqualTo(before);
    }

    @Test
    void tooLongFieldsGetMvcsProblem() {
        FastAndMvc both = both();
        long before = length();
        for (String body : new String[] {
                "{\"sender\":\"" + "s".repeat(65) + "\",\"text\":\"x\"}",
                "{\"sender\":\"s\",\"text\":\"" + "t".repeat(10_001) + "\"}",
                "{\"sender\":\"s\",\"text\":\"x\",\"clientId\":\"" + "c".repeat(65) + "\",\"requestId\":1}"}) {
            assertThat(both.assertSameAnswer(both.postJson("/messages", body), false).statusCode()).isEqualTo(400);
        }
        assertThat(length()).isEqualTo(before);
    }

    @Test
    void aBodyOverTheLimitIsRefusedUnreadEitherWay() {
        FastAndMvc both = both();
        HttpResponse<byte[]> refused = both.assertSameAnswer(
                both.postJson("/messages", "{\"sender\":\"s\",\"text\":\"" + "t".repeat(70_000) + "\"}"), false);
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(new String(refused.body(), StandardCharsets.UTF_8)).isEqualTo("{\"detail\":\"request body is larger "
                + "than 65536 bytes\",\"instance\":\"/messages\",\"status\":413,\"title\":\"Content Too Large\"}");
    }

    @Test
    void otherContentTypesAndShapesGoToMvc() {
        FastAndMvc both = both();
        // A form is refused (415); MVC takes any other content type, or none, as the JSON it must be.
        assertThat(both.assertSameAnswer(both.request("/messages", "Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("sender=a&text=x")).build(), false).statusCode()).isEqualTo(415);
        assertThat(both.assertSameAnswer(both.request("/messages", "Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(message("as text"))).build(), false).statusCode()).isEqualTo(201);
        assertThat(both.assertSameAnswer(both.request("/messages", "Content-Type", "application/jsonx")
                .POST(HttpRequest.BodyPublishers.ofString(message("jsonx"))).build(), false).statusCode()).isEqualTo(201);
        assertThat(both.assertSameAnswer(both.request("/messages")
                .POST(HttpRequest.BodyPublishers.ofString(message("untyped"))).build(), false).statusCode()).isEqualTo(201);
        // No Content-Length: a chunked body.
        byte[] chunked = message("chunked").getBytes(StandardCharsets.UTF_8);
        assertThat(both.assertSameAnswer(both.request("/messages", "Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(chunked))).build(),
                false).statusCode()).isEqualTo(201);
        assertThat(both.assertSameAnswer(both.postJson("/messages?x=1", message("query")), false).statusCode())
                .isEqualTo(201);
        assertThat(both.assertSameAnswer(both.request("/messages").GET().build(), false).statusCode()).isEqualTo(405);
        assertThat(both.assertSameAnswer(both.request("/messages").DELETE().build(), false).statusCode()).isEqualTo(405);
    }
}
