package paxoschat.chat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import paxoschat.faults.FaultInjector;
import paxoschat.node.NodeRunner;
import paxoschat.node.NodeView;
import paxoschat.node.NotLeader;
import paxoschat.server.PaxosProperties;

/**
 * The barrier before a linearizable read ({@code GET /chatlog?consistency=linearizable}):
 * completes once this server's chat log holds every write acknowledged before the read
 * began.
 *
 * <p>Only the leader can say how long such a log is (its read fence, {@link
 * paxoschat.paxos.ReadFence}, proven by a fresh phase 2 of its ballot). The leader asks its
 * node; any other server asks the leader it knows of, through the leader's own public
 * {@code GET /chatlog?consistency=linearizable} with {@code Max-Forwards: 0} (which a server
 * answers only if it leads, 503 otherwise, so a stale hint never sends a read round in
 * circles), takes the log length of that answer, and waits until its own log is as long:
 * all logs are prefixes of one another, so its first entries are the leader's. The length
 * the leader answers with was read after the read began, so it covers every write
 * acknowledged before. A server that knows no leader, or whose leader answers otherwise,
 * asks again until the request's time limit.
 */
@Component
class ReadBarrier {

    /** The request header that keeps a read at the server it reached. */
    static final String MAX_FORWARDS = "Max-Forwards";
    private static final long RETRY_MILLIS = 25;

    private final NodeRunner runner;
    private final ChatLogStore store;
    private final PaxosProperties properties;
    private final OkHttpClient client;
    private final JsonMapper json = JsonMapper.builder().build();
    /** Null unless fault testing is enabled: a cut link to the leader cuts this request too. */
    private final FaultInjector faults;

    ReadBarrier(NodeRunner runner, ChatLogStore store, PaxosProperties properties, OkHttpClient client,
                ObjectProvider<FaultInjector> faults) {
        this.runner = runner;
        this.faults = faults.getIfAvailable();
        this.store = store;
        this.properties = properties;
        // The shared pool, with a call that may last as long as the leader's own barrier.
        this.client = client.newBuilder().callTimeout(properties.requestTimeout()).build();
    }

    /** Why a linearizable read could not be served in time; the answer is a 503. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Completes once the local log holds every write acknowledged before this call, or
     * fails with {@link Unavailable} after {@code limit}. With {@code forward} false, only
     * a leader's own fence will do (a read forwarded by another server).
     */
    CompletableFuture<Void> await(boolean forward, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        CompletableFuture<Long> length = new CompletableFuture<>();
        attempt(forward, deadline, length);
        return length.thenCompose(n -> n == 0 ? CompletableFuture.completedFuture(null) : store.awaitEntry(n - 1))
                .orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(unavailable(e)));
    }

    /** {@code e} as the reason a read is refused. */
    static Unavailable unavailable(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof Unavailable u) {
            return u;
        }
        return new Unavailable("no read barrier through the leader in time (no quorum?); retry");
    }

    private void attempt(boolean forward, long deadline, CompletableFuture<Long> length) {
        if (length.isDone()) {
            return;
        }
        if (System.nanoTime() - deadline > 0) {
            length.completeExceptionally(new Unavailable("no read barrier through the leader in time (no quorum?); retry"));
            return;
        }
        NodeView view = runner.view();
        int self = properties.nodeId();
        if (!forward || view.leaderHint() == self) {
            runner.readIndex().whenComplete((n, e) -> {
                if (n != null) {
                    length.complete(n);
                } else if (!forward && e instanceof NotLeader) {
                    length.completeExceptionally(new Unavailable("this server does not lead: " + e.getMessage()));
                } else {
                    retry(forward, deadline, length);
                }
            });
        } else if (view.leaderHint() >= 0) {
            askLeader(view.leaderHint(), forward, deadline, length);
        } else {
            retry(forward, deadline, length);
        }
    }

    private void retry(boolean forward, long deadline, CompletableFuture<Long> length) {
        CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS)
                .execute(() -> attempt(forward, deadline, length));
    }

    private void askLeader(int leader, boolean forward, long deadline, CompletableFuture<Long> length) {
        if (faults != null && (faults.dropsOutgoing(leader) || faults.dropsIncoming(leader))) {
            retry(forward, deadline, length);
            return;
        }
        HttpUrl url = HttpUrl.get(properties.peerUrl(leader) + "/chatlog").newBuilder()
                .addQueryParameter("consistency", "linearizable")
                .addQueryParameter("limit", "1")
                .build();
        Request request = new Request.Builder().url(url).get()
                .header(MAX_FORWARDS, "0")
                .header("Accept", "application/json")
                .build();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                retry(forward, deadline, length);
            }

            @Override
            public void onResponse(Call call, Response response) {
                long n = -1;
                try (response) {
                    if (response.code() == 200) {
                        JsonNode page = json.readTree(response.body().bytes());
                        n = page.path("length").asLong(-1);
                    }
                } catch (IOException | RuntimeException e) {
                    n = -1;
                }
                // A peer's answer is input like any other: only a plausible length counts.
                if (n >= 0) {
                    length.complete(n);
                } else {
                    retry(forward, deadline, length);
                }
            }
        });
    }
}
