package paxoschat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import paxoschat.server.Http;
import paxoschat.web.OneServer;

/**
 * What a browser gets from a server over real HTTP: the pages and their assets, the
 * cluster view, CORS headers on the chat API and on nothing else.
 */
class BrowserPagesTest extends OneServer {

    private static final String ELSEWHERE = "http://elsewhere.example";

    @Test
    void theChatRoomIsAtTheRootAndTheDashboardBesideIt() {
        HttpResponse<String> root = http.get("/");
        assertThat(root.statusCode()).as(root.body()).isEqualTo(200);
        assertThat(root.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));
        assertThat(root.body()).contains("<script src=\"/assets/chat.js\"></script>");
        assertThat(root.headers().firstValue("Cache-Control")).hasValue("no-store");

        assertThat(http.get("/cluster.html").body()).contains("/assets/dashboard.js");
        HttpResponse<String> script = http.get("/assets/chat.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).contains("javascript"));
    }

    @Test
    void theChatRoomHoldsTheLogAsTextAndWhereTheScriptGoesOn() {
        HttpResponse<String> posted = http.postJson("/messages",
                "{\"sender\":\"<i>eve</i>\",\"text\":\"<script>alert('x')</script> & \\\"more\\\"\",\"clientId\":\"c<1>\",\"requestId\":1}");
        assertThat(posted.statusCode()).isEqualTo(201);
        long seq = Http.json(posted).get("seq").asLong();
        String page = http.get("/").body();
        assertThat(page).contains("<li data-seq=\"" + seq + "\" data-client=\"c&lt;1&gt;\"><span class=\"seq\">#" + seq
                + "</span><span class=\"sender\">&lt;i&gt;eve&lt;/i&gt;</span><span class=\"text\">"
                + "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;</span></li>");
        assertThat(page).doesNotContain("<script>alert");
        assertThat(page).contains("data-next=\"" + length() + "\"");
        assertThat(page).contains("server 0 (http://127.0.0.1:" + PORT + ")");
    }

    @Test
    void otherPathsStay404Problems() {
        for (String path : new String[] {"/nope.html", "/index.html", "/browser/chat-room.html", "/assets/nope.js", "/application.yml", "/assets/../application.yml",
                "/static/index.html"}) {
            HttpResponse<String> r = http.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
        }
    }

    @Test
    void theClusterViewListsEveryServerWithItsState() {
        JsonNode cluster = Http.json(http.get("/cluster"));
        assertThat(cluster.get("node").asInt()).isZero();
        assertThat(cluster.get("majority").asInt()).isEqualTo(1);
        assertThat(cluster.get("leader").asInt()).isZero();
        assertThat(cluster.get("quorum").get("hasQuorum").asBoolean()).isTrue();
        assertThat(cluster.get("peers")).hasSize(1);
        assertThat(cluster.get("peers").get(0).asString()).isEqualTo("http://127.0.0.1:" + PORT);
        JsonNode self = cluster.get("servers").get(0);
        assertThat(self.get("url").asString()).isEqualTo("http://127.0.0.1:" + PORT);
        assertThat(self.get("up").asBoolean()).isTrue();
        assertThat(self.get("self").asBoolean()).isTrue();
        // A lone server leads itself once ready.
        assertThat(self.get("role").asString()).isEqualTo("leader");
        assertThat(self.get("ballot").asString()).matches("[1-9][0-9]*\\.0");
        assertThat(self.get("decided").asLong()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void onlyTheChatApiAnswersOtherOrigins() {
        assertThat(http.get("/chatlog", "Origin", ELSEWHERE).headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("*");
        for (String path : new String[] {"/cluster", "/actuator/health", "/actuator/health/paxos", "/"}) {
            HttpResponse<String> r = http.get(path, "Origin", ELSEWHERE);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(path).isEmpty();
        }
    }

    @Test
    void aPostFromAnotherSitesPageIsRefusedAndChangesNothing() {
        long before = length();
        HttpResponse<String> r = http.postJson("/messages", "{\"sender\":\"x\",\"text\":\"csrf\"}", "Origin", ELSEWHERE);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(length()).isEqualTo(before);
    }
}
