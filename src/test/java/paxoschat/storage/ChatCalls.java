package paxoschat.storage;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The chat calls the storage process tests make of a server at {@code url}, answering null or empty on no answer. */
final class ChatCalls {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private ChatCalls() {
    }

    /** POST /messages; the status code, or empty if there was no answer. */
    static Optional<Integer> post(String url, String clientId, long requestId, String sender, String text,
                                  Duration timeout) {
        String body = "{\"sender\":\"" + sender + "\",\"text\":\"" + text + "\",\"clientId\":\"" + clientId
                + "\",\"requestId\":" + requestId + "}";
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/messages"))
                    .timeout(timeout).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return Optional.of(r.statusCode());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The whole chat log of the server as "SEQ SENDER: TEXT" lines, or null if it does not answer. */
    static List<String> chatLog(String url) {
        List<String> lines = new ArrayList<>();
        try {
            while (true) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                                URI.create(url + "/chatlog?limit=10000&from=" + lines.size()))
                        .timeout(Duration.ofSeconds(5)).header("Accept", "text/plain").build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    return null;
                }
                List<String> page = r.body().isEmpty() ? List.of() : List.of(r.body().split("\n"));
                lines.addAll(page);
                if (page.size() < 10_000) {
                    return lines;
                }
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
