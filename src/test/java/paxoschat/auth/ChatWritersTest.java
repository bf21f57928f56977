package paxoschat.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import paxoschat.web.FastAndMvc;
import paxoschat.web.OneServer;

/**
 * Chat with authenticated writers (paxos.auth.writers-file): reads stay anonymous, a post
 * needs a writer's bearer token and may only be the writer's own, and health details go to
 * identified callers only; the fast paths and MVC answer alike.
 */
class ChatWritersTest extends OneServer {

    private static final String ALICE_TOKEN = SecretFile.fresh();
    private static final Path WRITERS;

    static {
        try {
            WRITERS = Files.createTempFile("paxos-writers-", ".txt");
            WRITERS.toFile().deleteOnExit();
            Files.writeString(WRITERS, "# the chat's writers\nalice " + ChatWriters.hash(ALICE_TOKEN) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void writers(DynamicPropertyRegistry registry) {
        registry.add("paxos.auth.writers-file", WRITERS::toString);
    }

    private HttpRequest post(String sender, String... headers) {
        return both().postJson("/messages", "{\"sender\":\"" + sender + "\",\"text\":\"hi\"}", headers);
    }

    @Test
    void postingNeedsAWritersTokenAndIsAsThatWriter() {
        FastAndMvc both = both();
        long before = length();
        HttpResponse<byte[]> anonymous = both.assertSameAnswer(post("alice"), false);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"paxos-chat\"");
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(both.assertSameAnswer(post("alice", "Authorization", "Bearer " + SecretFile.fresh()), false)
                .statusCode()).isEqualTo(401);
        assertThat(both.assertSameAnswer(post("alice", "Authorization", "Basic YWxpY2U6eA=="), false).statusCode())
                .isEqualTo(401);
        assertThat(http.postJson("/messages", "{\"sender\":\"bob\",\"text\":\"as bob\"}", "Authorization",
                "Bearer " + ALICE_TOKEN).statusCode()).isEqualTo(403);
        assertThat(length()).isEqualTo(before);

        HttpResponse<String> posted = http.postJson("/messages", "{\"sender\":\"alice\",\"text\":\"mine\"}",
                "Authorization", "Bearer " + ALICE_TOKEN);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
        assertThat(length()).isEqualTo(before + 1);
        // Reading stays open to all.
        assertThat(http.get("/chatlog?from=" + before).statusCode()).isEqualTo(200);
    }

    @Test
    void healthDetailsAreForIdentifiedCallersOnly() {
        FastAndMvc both = both();
        HttpResponse<byte[]> anonymous = both.assertSameAnswer(both.request("/actuator/health/paxos").GET().build(), false);
        JsonNode status = JsonMapper.builder().build().readTree(new String(anonymous.body(), StandardCharsets.UTF_8));
        assertThat(status.has("details")).as(status.toString()).isFalse();
        assertThat(anonymous.statusCode()).as(status.toString()).isEqualTo(200);
        assertThat(status.get("status").asString()).isEqualTo("UP");

        HttpResponse<byte[]> writer = both.assertSameAnswer(both.request("/actuator/health/paxos", "Authorization",
                "Bearer " + ALICE_TOKEN).GET().build(), true);
        assertThat(new String(writer.body(), StandardCharsets.UTF_8)).contains("\"ballot\"");
        HttpResponse<byte[]> peer = both.assertSameAnswer(FastAndMvc.asPeer(both.request("/actuator/health/paxos").GET(),
                "GET", "/actuator/health/paxos", null).build(), true);
        assertThat(new String(peer.body(), StandardCharsets.UTF_8)).contains("\"ballot\"");
    }

    @Test
    void aWritersFileNamesEachWriterOnceByTheHashOfItsToken(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("writers");
        for (String text : new String[] {"", "# nobody\n", "alice\n", "alice 1234\n", "alice " + "g".repeat(64) + "\n",
                "alice " + ChatWriters.hash("t") + "\nbob " + ChatWriters.hash("t") + "\n",
                "a".repeat(65) + " " + ChatWriters.hash("t") + "\n"}) {
            Files.writeString(bad, text);
            assertThatThrownBy(() -> ChatWriters.read(bad)).as(text).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("paxos.auth.writers-file");
        }
        Files.writeString(bad, "alice " + ChatWriters.hash("t").toUpperCase() + "\n\n  bob   " + ChatWriters.hash("u") + "\n");
        ChatWriters writers = ChatWriters.read(bad);
        assertThat(writers.writer("t")).isEqualTo("alice");
        assertThat(writers.writer("u")).isEqualTo("bob");
        assertThat(writers.writer("v")).isNull();
    }
}
