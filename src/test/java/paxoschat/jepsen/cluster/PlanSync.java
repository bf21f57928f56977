package paxoschat.jepsen.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps each server's network fault plan ({@code /admin/faults}) the one the nemesis set
 * last, whatever order the server applies requests in.
 *
 * <p>Why it checks instead of trusting a 200. Requests to one server may be applied in
 * another order than they were sent: two requests on two connections run on two server
 * threads, and a request sent just before SIGSTOP, or that timed out on this side, can be
 * applied after a later one. The schedule of seed 424246 hit exactly that: a partition
 * {@code [1, 2] | rest} and a delay were set while servers 0 and 1 were paused; between
 * their resume and the final heal, the periodic push sent server 0 that partition, the heal
 * sent it {@code {}}, server 0 applied {@code {}} first, and both answered 200. The harness
 * took the heal as confirmed; server 0 kept the partition for good. Its own filter then
 * failed its heartbeats of 1 and 2 (both down, as far as it knew) and dropped every message
 * from them, so it stayed an active leader at its old, lower ballot, hearing nobody; the
 * others still saw it up and leading, since the health endpoint it answers is not filtered.
 * Server 2, restarted amnesiac, needs promises from both other servers of three, and server
 * 0 dropped its recovery's 1a: the recovery never ended, and server 1's 2as found no second
 * voter. Nothing was wrong with the servers: the cluster was partitioned, as the harness had
 * told it. So a plan counts as in force only when the server's own GET shows it, and every
 * round reads it back from every running server and sets it again where it differs.
 */
final class PlanSync implements AutoCloseable {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** A plan as sets and values, so that two spellings of one plan compare equal. */
    record Plan(Set<Integer> blockedPeers, Set<Integer> dropOutgoingTo, Set<Integer> dropIncomingFrom,
                long delayMillis, boolean duplicate) {

        static Plan parse(String json) {
            JsonNode root = MAPPER.readTree(json);
            return new Plan(ids(root, "blockedPeers"), ids(root, "dropOutgoingTo"), ids(root, "dropIncomingFrom"),
                    root.path("delayMillis").asLong(0), root.path("duplicate").asBoolean(false));
        }

        private static Set<Integer> ids(JsonNode root, String field) {
            Set<Integer> ids = new TreeSet<>();
            root.path(field).forEach(id -> ids.add(id.asInt()));
            return ids;
        }
    }

    private final IntFunction<String> faultsUrl;
    private final IntPredicate running;
    private final OkHttpClient http;
    private final String[] intended;
    /** Whether the last read of the server's plan showed the intended one. */
    private final boolean[] inForce;
    /** One request at a time per server from here, so this side never races itself. */
    private final Object[] locks;
    private final ScheduledThreadPoolExecutor timer;

    /**
     * @param faultsUrl the URL of a server's {@code /admin/faults}
     * @param running   whether a server can answer now (alive and not paused)
     */
    PlanSync(int n, IntFunction<String> faultsUrl, IntPredicate running, Duration round) {
        this.faultsUrl = faultsUrl;
        this.running = running;
        this.http = new OkHttpClient.Builder().connectTimeout(Duration.ofMillis(300))
                .callTimeout(Duration.ofMillis(1000)).build();
        this.intended = new String[n];
        this.inForce = new boolean[n];
        this.locks = new Object[n];
        for (int i = 0; i < n; i++) {
            intended[i] = "{}";
            inForce[i] = true;
            locks[i] = new Object();
        }
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jepsen-plan-sync");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::syncAll, round.toMillis(), round.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sets a server's plan (the JSON of POST /admin/faults): now if it answers, else as soon as it does. */
    void set(int server, String json) {
        synchronized (this) {
            intended[server] = json;
            inForce[server] = false;
        }
        synchronized (locks[server]) {
            if (running.test(server)) {
                post(server, json);
            }
        }
    }

    /** A new process of this server started without faults. */
    synchronized void restarted(int server) {
        inForce[server] = false;
    }

    /** Whether every running server showed its intended plan when last read. */
    synchronized boolean settled() {
        for (int i = 0; i < intended.length; i++) {
            if (!inForce[i] && running.test(i)) {
                return false;
            }
        }
        return true;
    }

    private void syncAll() {
        for (int i = 0; i < intended.length; i++) {
            try {
                sync(i);
            } catch (RuntimeException e) {
                // next round
            }
        }
    }

    /** Reads the server's plan and sets the intended one again if it differs. */
    private void sync(int server) {
        synchronized (locks[server]) {
            if (!running.test(server)) {
                return;
            }
            String want;
            synchronized (this) {
                want = intended[server];
            }
            Plan actual = get(server);
            if (actual == null) {
                return;
            }
            boolean matches = actual.equals(Plan.parse(want));
            synchronized (this) {
                if (want.equals(intended[server])) {
                    inForce[server] = matches;
                }
            }
            if (!matches) {
                post(server, want);
            }
        }
    }

    private Plan get(int server) {
        Request request = new Request.Builder().url(faultsUrl.apply(server)).get().build();
        try (Response response = http.newCall(request).execute()) {
            return response.code() == 200 ? Plan.parse(response.body().string()) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A 200 is not taken as proof the plan is in force; the next read decides (see the class comment). */
    private void post(int server, String json) {
        Request request = new Request.Builder().url(faultsUrl.apply(server))
                .post(RequestBody.create(json, JSON)).build();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() == 400) {
                throw new IllegalArgumentException("server " + server + " refused fault plan " + json + ": "
                        + response.body().string());
            }
        } catch (IOException e) {
            // not answering yet (starting) or just now paused: the next round sets it
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
