package paxoschat.jepsen.workload;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The public chat API of the servers, for the workload's clients and the final reads. */
public final class ChatApi {

    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> urls;
    private final OkHttpClient client;

    /** What a POST /messages came to. */
    public sealed interface PostResult {
    }

    /** 201: decided at {@code seq}. */
    public record Created(long seq) implements PostResult {
    }

    /** 503, a timeout or a connection error: the message may or may not be decided. */
    public record Unknown(String why) implements PostResult {
    }

    /** Any other status: the server refused the request as such (a harness bug). */
    public record Refused(int status, String body) implements PostResult {
    }

    /** A page of the log, or null entries when the read failed. */
    public record Page(List<LogEntry> entries, long length, String error) {
    }

    /**
     * @param callTimeout the whole call; a paused server costs this much per request, so it
     *                    should be a little over the servers' paxos.request-timeout
     */
    public ChatApi(List<String> urls, Duration callTimeout) {
        this.urls = List.copyOf(urls);
        this.client = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofMillis(500))
                .readTimeout(callTimeout)
                .callTimeout(callTimeout)
                .retryOnConnectionFailure(false)
                .build();
    }

    public int size() {
        return urls.size();
    }

    public PostResult post(int server, String sender, String text, String clientId, long requestId) {
        String body = JSON.writeValueAsString(Map.of("sender", sender, "text", text, "clientId", clientId,
                "requestId", requestId));
        Request request = new Request.Builder().url(urls.get(server) + "/messages")
                .post(RequestBody.create(body, JSON_TYPE)).build();
        try (Response response = client.newCall(request).execute()) {
            String answer = response.body().string();
            if (response.code() == 201) {
                JsonNode created = JSON.readTree(answer);
                if (!clientId.equals(created.path("clientId").asString(""))
                        || created.path("requestId").asLong(-1) != requestId) {
                    return new Refused(201, "201 for another message: " + answer);
                }
                return new Created(created.get("seq").asLong());
            }
            if (response.code() == 503) {
                return new Unknown("503");
            }
            return new Refused(response.code(), answer);
        } catch (IOException e) {
            return new Unknown(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The server's paxos health body (leader, ballot, decided slots, log length), or why not. */
    public String health(int server) {
        Request request = new Request.Builder().url(urls.get(server) + "/actuator/health/paxos").get().build();
        try (Response response = client.newCall(request).execute()) {
            return response.body().string();
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    public Page read(int server, long from, int limit, int waitSeconds) {
        return read(server, "/chatlog?from=" + from + "&limit=" + limit + "&wait=" + waitSeconds);
    }

    /** A page read with {@code consistency=linearizable}; a 503 (no barrier in time) is a failed read. */
    public Page readLinearizable(int server, long from, int limit) {
        return read(server, "/chatlog?consistency=linearizable&from=" + from + "&limit=" + limit);
    }

    private Page read(int server, String pathAndQuery) {
        Request request = new Request.Builder().url(urls.get(server) + pathAndQuery).get().build();
        try (Response response = client.newCall(request).execute()) {
            String answer = response.body().string();
            if (response.code() != 200) {
                return new Page(null, -1, "status " + response.code());
            }
            JsonNode page = JSON.readTree(answer);
            List<LogEntry> entries = new ArrayList<>();
            for (JsonNode e : page.get("entries")) {
                entries.add(new LogEntry(e.get("seq").asLong(), e.get("sender").asString(), e.get("text").asString(),
                        e.get("clientId").asString(), e.get("requestId").asLong()));
            }
            return new Page(entries, page.get("length").asLong(), null);
        } catch (IOException | RuntimeException e) {
            return new Page(null, -1, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** A server's whole log, page by page; null if any page cannot be read. */
    public List<LogEntry> fullLog(int server) {
        List<LogEntry> all = new ArrayList<>();
        while (true) {
            Page page = read(server, all.size(), 5000, 0);
            if (page.entries() == null) {
                return null;
            }
            all.addAll(page.entries());
            if (page.entries().isEmpty() || all.size() >= page.length()) {
                return all;
            }
        }
    }
}
