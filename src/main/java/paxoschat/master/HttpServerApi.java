package paxoschat.master;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import paxoschat.auth.SignedFor;

/**
 * {@link ServerApi} over REST with the shared OkHttpClient, which signs the admin calls it
 * is told are for this server ({@link SignedFor}; see Cluster).
 */
public final class HttpServerApi implements ServerApi {

    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final int node;
    private final String baseUrl;
    private final OkHttpClient http;
    private final OkHttpClient probe;

    public HttpServerApi(int node, String baseUrl, OkHttpClient http, OkHttpClient probe) {
        this.node = node;
        this.baseUrl = baseUrl;
        this.http = http;
        this.probe = probe;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /**
     * The paxos health component, the document peers poll as their heartbeat: servers answer
     * it without Spring MVC, so polling ten servers during allClear stays cheap for them.
     */
    @Override
    public Optional<PaxosHealth> health() {
        Request request = new Request.Builder().url(baseUrl + "/actuator/health/paxos").get().build();
        try (Response response = probe.newCall(request).execute()) {
            // A server that is not ready says 503 (OUT_OF_SERVICE) with the same body: still read it.
            return HealthParser.parse(Http.JSON.readTree(response.body().string()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Ready once the paxos component is: recovered and caught up, and serving HTTP. */
    @Override
    public boolean ready() {
        return health().map(Idleness::isReady).orElse(false);
    }

    @Override
    public SendOutcome send(OutgoingMessage message) throws IOException {
        ObjectNode body = Http.JSON.createObjectNode()
                .put("sender", message.sender())
                .put("text", message.text())
                .put("clientId", message.clientId())
                .put("requestId", message.requestId());
        Request request = new Request.Builder()
                .url(baseUrl + "/messages")
                .header("Prefer", "respond-async")
                .post(RequestBody.create(Http.JSON.writeValueAsString(body), JSON_TYPE))
                .build();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            int code = response.code();
            if (code == 200 || code == 201) {
                JsonNode seq = readTree(text).path("seq");
                return seq.isNumber() ? new SendOutcome.Decided(seq.asLong())
                        : new SendOutcome.Pending();
            }
            if (code == 202) {
                return new SendOutcome.Pending();
            }
            if (code >= 400 && code < 500 && code != 408 && code != 429) {
                return new SendOutcome.Rejected(code + " " + problemDetail(text));
            }
            return new SendOutcome.Unavailable(code + " " + problemDetail(text));
        }
    }

    @Override
    public ChatlogPage chatlog(long from, int limit) throws IOException {
        Request request = new Request.Builder()
                .url(baseUrl + "/chatlog?from=" + from + "&limit=" + limit)
                .header("Accept", "application/json")
                .get().build();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() != 200) {
                throw new IOException("GET /chatlog answered " + response.code());
            }
            JsonNode root = readTree(response.body().string());
            List<LogEntry> entries = new ArrayList<>();
            for (JsonNode e : root.path("entries")) {
                entries.add(new LogEntry(e.path("seq").asLong(-1), e.path("sender").asString(""),
                        e.path("text").asString(""), e.path("clientId").asString(null),
                        e.path("requestId").asLong(0)));
            }
            long next = root.path("next").asLong(from + entries.size());
            long length = root.path("length").asLong(next);
            return new ChatlogPage(entries, next, length);
        }
    }

    @Override
    public void timeBomb(int messages) throws IOException {
        String body = Http.JSON.writeValueAsString(Http.JSON.createObjectNode().put("messages", messages));
        Request request = new Request.Builder().url(baseUrl + "/admin/timebomb").tag(SignedFor.class, new SignedFor(node))
                .post(RequestBody.create(body, JSON_TYPE)).build();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() / 100 != 2) {
                throw new IOException("POST /admin/timebomb answered " + response.code() + " "
                        + problemDetail(response.body().string()));
            }
        }
    }

    private static JsonNode readTree(String text) throws IOException {
        try {
            return Http.JSON.readTree(text.isEmpty() ? "{}" : text);
        } catch (JacksonException e) {
            throw new IOException("unreadable JSON from server: " + e.getOriginalMessage());
        }
    }

    /** The RFC 9457 detail (or title) if the body is a problem, else the body, briefly. */
    private static String problemDetail(String text) {
        try {
            JsonNode root = Http.JSON.readTree(text);
            String detail = root.path("detail").asString(root.path("title").asString(""));
            if (!detail.isEmpty()) {
                return detail;
            }
        } catch (RuntimeException e) {
            // not JSON: fall through to the raw text
        }
        return text.length() > 200 ? text.substring(0, 200) : text;
    }

    @Override
    public String toString() {
        return baseUrl;
    }
}
