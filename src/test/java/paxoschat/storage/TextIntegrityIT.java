package paxoschat.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import paxoschat.testing.ClusterSpec;
import paxoschat.testing.ServerCluster;

/**
 * Issue 18's lost message: a disk-mode cluster takes texts and client ids of every kind
 * (astral characters, combining marks, right-to-left scripts, the longest allowed, and the
 * ill-formed ones of the issue: unpaired surrogates); every server is killed and started
 * again; every message that got a 201 must be in every log, at the seq its 201 named, with
 * its text, sender and client id the same to the byte, and every ill-formed one must have
 * been refused with a 400. Before the fix the lone surrogate came back as {@code ?} and the
 * second client's message was gone.
 */
class TextIntegrityIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    /** A message to send: JSON string literals as they go on the wire (escapes included). */
    record Send(String sender, String text, String clientId, long requestId, boolean wellFormed) {
    }

    record Acknowledged(long seq, String sender, String text, String clientId, long requestId) {
    }

    @Test
    void everyAcknowledgedMessageComesBackToTheByteAfterEveryServerRestarts() throws Exception {
        List<Send> sends = new ArrayList<>();
        // The two messages: both were acknowledged, the first came back as "x?y" and
        // the second was lost (both client ids had become "c?").
        sends.add(new Send("a", "x\\ud800y", "c\\ud800", 1, false));
        sends.add(new Send("a", "second", "c\\ud801", 1, false));
        sends.add(new Send("a\\udc00", "lone low surrogate in the sender", "lone", 1, false));
        sends.add(new Send("a", "reversed pair \\udc00\\ud800", "reversed", 1, false));
        // Well-formed text of every kind.
        sends.add(new Send("astral", "\uD834\uDD1E music \uD83D\uDE00 and \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
                "\uD83D\uDE00-client", 1, true));
        sends.add(new Send("combining", "e\u0301 a\u0308 \u1100\u1161\u11A8 n\u0303\u0323", "combining", 1, true));
        sends.add(new Send("rtl", "\u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627 \u202Eabc\u202C",
                "rtl-\u05D0", 1, true));
        sends.add(new Send("\uD83D\uDE00".repeat(64), "the longest sender, astral", "long-sender", 1, true));
        sends.add(new Send("long", "\uD800\uDF48".repeat(10_000), "long-text", 1, true));
        sends.add(new Send("mixed", ("a\u00E9\u4E2D\uD83D\uDE00").repeat(2_500), "long-text", 2, true));
        sends.add(new Send("nonchar", "\uFFFF \uFFFE \uFDD0 \uDBFF\uDFFF end", "nonchar", 1, true));

        try (ServerCluster cluster = new ServerCluster(ClusterSpec.loopback(3, root.resolve("logs")).withDataRoot(root))) {
            for (int i = 0; i < 3; i++) {
                cluster.start(i);
            }
            awaitReady(cluster);
            List<Acknowledged> acknowledged = new ArrayList<>();
            List<String> wrongAnswers = new ArrayList<>();
            for (int k = 0; k < sends.size(); k++) {
                Send s = sends.get(k);
                HttpResponse<String> answer = post(cluster, k % 3, s);
                if (answer.statusCode() == 201) {
                    JsonNode created = JSON.readTree(answer.body());
                    acknowledged.add(new Acknowledged(created.get("seq").asLong(), created.get("sender").asString(),
                            created.get("text").asString(), created.get("clientId").asString(),
                            created.get("requestId").asLong()));
                }
                int expected = s.wellFormed() ? 201 : 400;
                if (answer.statusCode() != expected) {
                    wrongAnswers.add(s.text().substring(0, Math.min(40, s.text().length())) + ": " + answer.statusCode()
                            + " where " + expected + " was due");
                }
            }

            for (int i = 0; i < 3; i++) {
                cluster.kill(i);
            }
            for (int i = 0; i < 3; i++) {
                cluster.start(i);
            }
            awaitReady(cluster);
            long length = acknowledged.stream().mapToLong(a -> a.seq() + 1).max().orElse(0);
            await("every server's log holds every acknowledged message").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                        for (int i = 0; i < 3; i++) {
                            assertThat((long) entries(cluster, i).size()).as("log length of server " + i)
                                    .isGreaterThanOrEqualTo(length);
                        }
                    });
            List<String> lost = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                List<JsonNode> log = entries(cluster, i);
                for (Acknowledged a : acknowledged) {
                    JsonNode e = log.get((int) a.seq());
                    if (!utf8(e.get("text").asString()).equals(utf8(a.text()))
                            || !utf8(e.get("sender").asString()).equals(utf8(a.sender()))
                            || !utf8(e.get("clientId").asString()).equals(utf8(a.clientId()))
                            || e.get("requestId").asLong() != a.requestId()) {
                        lost.add("server " + i + " seq " + a.seq() + ": acknowledged "
                                + utf8(a.clientId()) + "/" + utf8(a.text()).substring(0, Math.min(24, utf8(a.text()).length()))
                                + ", holds " + utf8(e.get("clientId").asString()) + "/"
                                + utf8(e.get("text").asString()).substring(0, Math.min(24, utf8(e.get("text").asString()).length())));
                    }
                }
            }
            assertThat(lost).as("acknowledged messages lost or changed across the restart\n" + cluster.logTails(15))
                    .isEmpty();
            assertThat(wrongAnswers).as("answers to the sends").isEmpty();
            for (Send s : sends) {
                if (s.wellFormed()) {
                    assertThat(acknowledged).as("a well-formed message acknowledged").anyMatch(a ->
                            a.text().equals(s.text()) && a.clientId().equals(s.clientId()));
                }
            }
        }
    }

    /** Bytes as hex, so a '?' for a lost character shows. */
    private static String utf8(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> post(ServerCluster cluster, int server, Send s) {
        String body = "{\"sender\":\"" + s.sender() + "\",\"text\":\"" + s.text() + "\",\"clientId\":\"" + s.clientId()
                + "\",\"requestId\":" + s.requestId() + "}";
        return await("an answer other than 503").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> ChatCalls.HTTP.send(HttpRequest.newBuilder(
                                        URI.create(cluster.url(server) + "/messages"))
                                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)), r -> r.statusCode() != 503);
    }

    private static List<JsonNode> entries(ServerCluster cluster, int server) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        while (true) {
            HttpResponse<String> r = ChatCalls.HTTP.send(HttpRequest.newBuilder(
                            URI.create(cluster.url(server) + "/chatlog?limit=100&from=" + all.size()))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = JSON.readTree(r.body());
            page.get("entries").forEach(all::add);
            if (page.get("entries").isEmpty() || all.size() >= page.get("length").asLong()) {
                return all;
            }
        }
    }

    private static void awaitReady(ServerCluster cluster) {
        await("servers ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (int i = 0; i < cluster.size(); i++) {
                if (!cluster.alive(i)) {
                    throw new AssertionError("server " + i + " exited\n" + cluster.logTails(15));
                }
                if (!cluster.ready(i)) {
                    return false;
                }
            }
            return true;
        });
    }
}
