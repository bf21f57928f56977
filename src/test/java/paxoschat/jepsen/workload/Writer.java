package paxoschat.jepsen.workload;

import paxoschat.jepsen.Pacing;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import paxoschat.jepsen.history.History;
import paxoschat.testing.RandomText;

/**
 * One chat client: sends messages one at a time with (clientId, requestId), and retries a
 * message with the SAME ids, on another server, after a 503, a timeout or a connection
 * error, until it is acknowledged (201). Only then does it send the next one, so its
 * messages must appear in the order it sent them. {@link #finish()} lets it complete the
 * message in flight and stop; {@link #abandon()} stops it at once.
 */
public final class Writer implements Runnable {

    /** What the checker needs to know of every message a writer ever sent. */
    public record Sent(String clientId, long requestId, String sender, String text) {
    }

    private final Pacing pacing = new Pacing();
    private final String process;
    private final String clientId;
    private final ChatApi api;
    private final History history;
    private final Random random;
    private final long thinkMillis;
    private final Map<String, Sent> sent;
    private final Acknowledged acknowledged;
    private volatile boolean finishing;
    private volatile boolean abandoned;
    private long lastAcked;

    /** {@code acknowledged}: told of every 201, for the linearizable reader. */
    public Writer(int index, String clientId, ChatApi api, History history, long seed, long thinkMillis,
                  Map<String, Sent> sent, Acknowledged acknowledged) {
        this.acknowledged = acknowledged;
        this.process = "writer-" + index;
        this.clientId = clientId;
        this.api = api;
        this.history = history;
        this.random = new Random(seed);
        this.thinkMillis = thinkMillis;
        this.sent = sent;
    }

    public static Map<String, Sent> newSentMap() {
        return new ConcurrentHashMap<>();
    }

    public String clientId() {
        return clientId;
    }

    public void finish() {
        finishing = true;
    }

    public void abandon() {
        pacing.stop();
        abandoned = true;
    }

    @Override
    public void run() {
        int server = random.nextInt(api.size());
        for (long requestId = 1; !finishing && !abandoned; requestId++) {
            // Every kind of Unicode, not ASCII alone (the checker compares texts to the byte);
            // from the request, not this writer's random stream, so a seed's schedule stays.
            String text = RandomText.after(clientId + " #" + requestId, clientId.hashCode() * 1_000_003L + requestId, 40);
            sent.put(clientId + "/" + requestId, new Sent(clientId, requestId, process, text));
            while (!abandoned) {
                history.add(process, "invoke", "write", server, clientId, requestId, null, null, text);
                ChatApi.PostResult result = api.post(server, process, text, clientId, requestId);
                if (result instanceof ChatApi.Created c) {
                    history.add(process, "ok", "write", server, clientId, requestId, c.seq(), null, null);
                    acknowledged.add(clientId, requestId, c.seq());
                    lastAcked = requestId;
                    break;
                }
                if (result instanceof ChatApi.Refused r) {
                    history.add(process, "fail", "write", server, clientId, requestId, null, null,
                            r.status() + " " + r.body());
                    break;
                }
                history.add(process, "info", "write", server, clientId, requestId, null, null,
                        ((ChatApi.Unknown) result).why());
                // Same ids, another server.
                server = (server + 1 + random.nextInt(api.size() - 1)) % api.size();
                pacing.pause(50 + random.nextInt(100));
            }
            pacing.pause(thinkMillis);
        }
    }

    /** The last request id this writer had acknowledged. */
    public long lastAcked() {
        return lastAcked;
    }
}
