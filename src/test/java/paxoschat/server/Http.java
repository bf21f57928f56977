package paxoschat.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import paxoschat.auth.RequestSignature;
import paxoschat.auth.TestSecrets;

/** A tiny HTTP client for tests over real sockets. */
public final class Http {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    public Http(String base) {
        this.base = base;
    }

    public Http(int port) {
        this("http://127.0.0.1:" + port);
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(builder(path, headers).GET().build());
    }

    public CompletableFuture<HttpResponse<String>> getAsync(String path, String... headers) {
        return client.sendAsync(builder(path, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postJson(String path, String body, String... headers) {
        return send(builder(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public HttpResponse<String> method(String method, String path) {
        return send(builder(path).method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    /**
     * {@code method path} with a JSON {@code body} (null: none), signed by node {@code signer}
     * of the test cluster (paxoschat.auth.TestSecrets) for node {@code to}.
     */
    public HttpResponse<String> asPeer(int signer, int to, String method, String path, String body, String... headers) {
        byte[] bytes = body == null ? new byte[0] : TestSecrets.utf8(body);
        return send(TestSecrets.sign(withBody(builder(path, headers), method, body), TestSecrets.clusterSecret(),
                Integer.toString(signer), to, RequestSignature.NO_NONCE, method, path, bytes).build());
    }

    /** {@code method path} as the test cluster's admin, with a fresh nonce from node {@code to}. */
    public HttpResponse<String> asAdmin(int to, String method, String path, String body, String... headers) {
        HttpResponse<String> nonce = send(TestSecrets.sign(builder(RequestSignature.NONCE_PATH).GET(),
                TestSecrets.adminSecret(), RequestSignature.ADMIN, to, RequestSignature.NO_NONCE, "GET",
                RequestSignature.NONCE_PATH, new byte[0]).build());
        if (nonce.statusCode() != 200) {
            throw new IllegalStateException("GET /admin/nonce answered " + nonce.statusCode() + ": " + nonce.body());
        }
        byte[] bytes = body == null ? new byte[0] : TestSecrets.utf8(body);
        return send(TestSecrets.sign(withBody(builder(path, headers), method, body), TestSecrets.adminSecret(),
                RequestSignature.ADMIN, to, nonce.body().strip(), method, path, bytes).build());
    }

    private static HttpRequest.Builder withBody(HttpRequest.Builder builder, String method, String body) {
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder builder(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RuntimeException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
