package paxoschat.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Sends a request to one server twice, with its fast paths on and then off (so that Spring
 * MVC answers), and asserts that both answers are the same: status, headers, body byte for
 * byte. Headers leave out only the date and the framing: MVC streams a JSON body in chunks
 * where a fast path knows its length.
 */
public final class FastAndMvc {

    private static final Set<String> FRAMING = Set.of("date", "content-length", "transfer-encoding", "keep-alive");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final FastPathFilter filter;

    public FastAndMvc(int port, FastPathFilter filter) {
        this.base = "http://127.0.0.1:" + port;
        this.filter = filter;
    }

    /** A request to {@code path} of this server, with {@code headers} as name, value pairs. */
    public HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    public HttpRequest postJson(String path, String body, String... headers) {
        return request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /**
     * Asserts that the fast path and MVC answer {@code request} alike, and that the fast path
     * answered it itself ({@code fast}) or left it to MVC; returns the answer.
     */
    public HttpResponse<byte[]> assertSameAnswer(HttpRequest request, boolean fast) {
        assertThat(filter.isEnabled()).isTrue();
        long before = filter.answered();
        HttpResponse<byte[]> viaFastPath = send(request);
        assertThat(filter.answered() - before).as("answered by a fast path").isEqualTo(fast ? 1 : 0);
        HttpResponse<byte[]> viaMvc;
        filter.setEnabled(false);
        try {
            viaMvc = send(request);
        } finally {
            filter.setEnabled(true);
        }
        String what = request.method() + " " + request.uri() + " " + request.headers().map();
        assertThat(viaFastPath.statusCode()).as(what).isEqualTo(viaMvc.statusCode());
        assertThat(headers(viaFastPath)).as(what).isEqualTo(headers(viaMvc));
        assertThat(new String(viaFastPath.body(), StandardCharsets.UTF_8)).as(what)
                .isEqualTo(new String(viaMvc.body(), StandardCharsets.UTF_8));
        assertThat(viaFastPath.body()).as(what).isEqualTo(viaMvc.body());
        return viaFastPath;
    }

    private static Map<String, List<String>> headers(HttpResponse<?> response) {
        Map<String, List<String>> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!FRAMING.contains(name.toLowerCase())) {
                headers.put(name.toLowerCase(), values);
            }
        });
        return headers;
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RuntimeException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }
}
