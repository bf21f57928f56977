package paxoschat.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import tools.jackson.databind.JsonNode;

import paxoschat.server.Http;
import paxoschat.web.OneServer;

/**
 * A one-server cluster over real HTTP: the chat API, its error answers, the internal
 * endpoints' input checks and the health details.
 */
class SingleNodeServerTest extends OneServer {

    @Autowired
    WebServerApplicationContext context;

    private HttpResponse<String> post(String body) {
        return http.postJson("/messages", body);
    }

    @Test
    void postThenReadAsJsonAndText() {
        HttpResponse<String> created = post("{\"sender\":\"alice\",\"text\":\"hello world ✓\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode entry = Http.json(created);
        long seq = entry.get("seq").asLong();
        assertThat(entry.get("sender").asString()).isEqualTo("alice");
        assertThat(entry.get("text").asString()).isEqualTo("hello world ✓");
        assertThat(entry.get("clientId").asString()).startsWith("anon-0-");
        assertThat(entry.get("requestId").asLong()).isPositive();
        assertThat(created.headers().firstValue("Location")).hasValue("/chatlog?from=" + seq + "&limit=1");

        JsonNode page = Http.json(http.get("/chatlog?from=" + seq + "&limit=1"));
        assertThat(page.get("entries")).hasSize(1);
        assertThat(page.get("entries").get(0).get("text").asString()).isEqualTo("hello world ✓");
        assertThat(page.get("next").asLong()).isEqualTo(seq + 1);
        assertThat(page.get("length").asLong()).isGreaterThanOrEqualTo(seq + 1);

        HttpResponse<String> text = http.get("/chatlog?from=" + seq + "&limit=1", "Accept", "text/plain");
        assertThat(text.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain"));
        assertThat(text.body()).isEqualTo(seq + " alice: hello world ✓\n");
    }

    @Test
    void retryWithTheSameIdsIsTheSameMessage() {
        String body = "{\"sender\":\"bob\",\"text\":\"once\",\"clientId\":\"retry-test\",\"requestId\":1}";
        HttpResponse<String> first = post(body);
        assertThat(first.statusCode()).isEqualTo(201);
        long before = length();
        HttpResponse<String> again = post(body);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(Http.json(again).get("seq").asLong()).isEqualTo(Http.json(first).get("seq").asLong());
        assertThat(length()).isEqualTo(before);
        // Two sends of the same text without ids are two messages.
        post("{\"sender\":\"bob\",\"text\":\"twice\"}");
        post("{\"sender\":\"bob\",\"text\":\"twice\"}");
        assertThat(length()).isEqualTo(before + 2);
    }

    @Test
    void respondAsyncStillAnswers201WhenDecided() {
        HttpResponse<String> created = http.postJson("/messages", "{\"sender\":\"c\",\"text\":\"async\"}",
                "Prefer", "respond-async");
        assertThat(created.statusCode()).isEqualTo(201);
    }

    @Test
    void longPollReturnsWhenAnEntryArrives() {
        long next = length();
        CompletableFuture<HttpResponse<String>> poll = http.getAsync("/chatlog?from=" + next + "&wait=20");
        // The poll is parked (it would wait 20 s); a new message releases it.
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !poll.isDone());
        post("{\"sender\":\"dave\",\"text\":\"wake up\"}");
        await().atMost(Duration.ofSeconds(5)).until(poll::isDone);
        JsonNode page = Http.json(poll.join());
        assertThat(page.get("entries").get(0).get("seq").asLong()).isEqualTo(next);
        assertThat(page.get("entries").get(0).get("text").asString()).isEqualTo("wake up");
    }

    @Test
    void readingPastTheEndIsEmptyAndALongPollEndsEmptyAfterItsWait() {
        long beyond = length() + 5;
        JsonNode page = Http.json(http.get("/chatlog?from=" + beyond));
        assertThat(page.get("entries")).isEmpty();
        assertThat(page.get("next").asLong()).isEqualTo(beyond);
        JsonNode waited = Http.json(http.get("/chatlog?from=" + beyond + "&wait=1"));
        assertThat(waited.get("entries")).isEmpty();
        assertThat(waited.get("next").asLong()).isEqualTo(beyond);
        assertThat(http.get("/chatlog?from=" + beyond, "Accept", "text/plain").body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "not json",
            "[]",
            "{\"sender\":\"a\",\"text\":\"x\"} trailing",
            "{\"text\":\"no sender\"}",
            "{\"sender\":\"a\"}",
            "{\"sender\":\"\",\"text\":\"x\"}",
            "{\"sender\":\"a\",\"text\":\"\"}",
            "{\"sender\":\"a\",\"text\":\"line\\nbreak\"}",
            "{\"sender\":\"a\\u0007\",\"text\":\"bell\"}",
            "{\"sender\":\"a\",\"text\":\"x\",\"extra\":1}",
            "{\"sender\":1,\"text\":\"x\"}",
            "{\"sender\":\"a\",\"text\":\"x\",\"clientId\":\"c\"}",
            "{\"sender\":\"a\",\"text\":\"x\",\"requestId\":1}",
            "{\"sender\":\"a\",\"text\":\"x\",\"clientId\":\"c\",\"requestId\":0}",
            "{\"sender\":\"a\",\"text\":\"x\",\"clientId\":\"c\",\"requestId\":\"1\"}",
            "{\"sender\":\"a\",\"text\":\"x\",\"clientId\":\"c\",\"requestId\":1.5}",
            "{\"sender\":\"a\",\"sender\":\"b\",\"text\":\"x\"}",
    })
    void badMessagesAreProblemsAndChangeNothing(String body) {
        long before = length();
        HttpResponse<String> response = post(body);
        assertProblem(response, 400);
        assertThat(length()).isEqualTo(before);
    }

    @Test
    void oversizedFieldsAreProblems() {
        long before = length();
        assertProblem(post("{\"sender\":\"" + "s".repeat(65) + "\",\"text\":\"x\"}"), 400);
        assertProblem(post("{\"sender\":\"s\",\"text\":\"" + "t".repeat(10_001) + "\"}"), 400);
        assertProblem(post("{\"sender\":\"s\",\"text\":\"x\",\"clientId\":\"" + "c".repeat(65) + "\",\"requestId\":1}"), 400);
        assertThat(Http.json(post("{\"sender\":\"" + "s".repeat(64) + "\",\"text\":\"" + "t".repeat(10_000) + "\"}"))
                .get("seq").asLong()).isEqualTo(before);
    }

    @Test
    void hugeBodiesAreRefusedUnread() {
        long before = length();
        assertProblem(post("{\"sender\":\"s\",\"text\":\"" + "t".repeat(70_000) + "\"}"), 413);
        assertThat(length()).isEqualTo(before);
    }

    @Test
    void problemDetailNamesTheField() {
        JsonNode problem = Http.json(post("{\"sender\":\"a\",\"text\":\"x\",\"colour\":\"red\"}"));
        assertThat(problem.get("detail").asString()).contains("colour");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"from=-1", "from=abc", "limit=0", "limit=10001", "wait=-1", "wait=31", "wait=x"})
    void badChatlogParametersAreProblems(String query) {
        assertProblem(http.get("/chatlog?" + query), 400);
        assertProblem(http.get("/chatlog?" + query, "Accept", "text/plain"), 400);
    }

    @Test
    void unknownPathsAndWrongMethodsAreProblems() {
        assertProblem(http.get("/nowhere"), 404);
        assertProblem(http.postJson("/nowhere", "{}"), 404);
        assertProblem(http.method("DELETE", "/messages"), 405);
        assertProblem(http.method("PUT", "/chatlog"), 405);
        assertProblem(http.get("/actuator/env"), 404);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "{",
            "[{\"type\":\"nope\",\"from\":0}]",
            "[{\"type\":\"p2b\",\"from\":1,\"ballot\":{\"round\":1,\"leader\":0},\"slot\":1}]",
            "[{\"type\":\"p2b\",\"from\":0,\"slot\":1}]",
            "[{\"type\":\"p2b\",\"from\":\"zero\",\"ballot\":{\"round\":1,\"leader\":0},\"slot\":1}]",
    })
    void badPaxosMessagesAreProblems(String body) {
        long before = length();
        assertProblem(http.postJson("/paxos/messages", body), 400);
        assertThat(length()).isEqualTo(before);
    }

    @Test
    void paxosMessagesNeedNoTimestamp() {
        // No receiver judges a batch's age by the sender's clock (paxos/Recovery.java).
        assertThat(http.postJson("/paxos/messages", "[]").statusCode()).isEqualTo(204);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "[]", "{\"messages\":-1}", "{\"messages\":1000001}", "{\"messages\":\"3\"}",
            "{\"messages\":1.5}", "{\"messages\":3,\"extra\":true}", "{\"messages\":null}"})
    void badTimeBombsAreProblems(String body) {
        assertProblem(http.postJson("/admin/timebomb", body), 400);
        assertThat(Http.json(http.get("/actuator/health/paxos")).get("status").asString()).isEqualTo("UP");
    }

    @Test
    void healthCarriesThePaxosDetails() {
        JsonNode paxos = Http.json(http.get("/actuator/health")).get("components").get("paxos");
        assertThat(paxos.get("status").asString()).isEqualTo("UP");
        JsonNode details = paxos.get("details");
        assertThat(details.get("node").asInt()).isZero();
        assertThat(details.get("leader").asInt()).isZero();
        assertThat(details.get("leading").asBoolean()).isTrue();
        assertThat(details.get("ballot").get("round").asLong()).isPositive();
        assertThat(details.get("ballot").get("leader").asInt()).isZero();
        assertThat(details.has("decided")).isTrue();
        assertThat(details.has("logLength")).isTrue();
        assertThat(details.get("recovering").asBoolean()).isFalse();
        assertThat(details.get("ready").asBoolean()).isTrue();
    }

    @Test
    void livenessAndReadinessAreSeparateGroups() {
        HttpResponse<String> liveness = http.get("/actuator/health/liveness");
        HttpResponse<String> readiness = http.get("/actuator/health/readiness");
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(Http.json(readiness).get("components").has("paxos")).isTrue();
        assertThat(Http.json(liveness).has("components")).isFalse();
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = Http.json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.has("detail")).isTrue();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void thePortOpensOnlyWhenTomcatAccepts() {
        // Probes of a starting server must be refused, not left waiting in the accept queue.
        TomcatWebServer tomcat = (TomcatWebServer) context.getWebServer();
        assertThat(String.valueOf(tomcat.getTomcat().getConnector().getProperty("bindOnInit"))).isEqualTo("false");
    }
}
