package paxoschat.netns;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.json.JsonMapper;

import paxoschat.jepsen.checker.Checker;
import paxoschat.jepsen.history.History;
import paxoschat.jepsen.workload.ChatApi;
import paxoschat.jepsen.workload.LogEntry;
import paxoschat.jepsen.workload.Reader;
import paxoschat.jepsen.workload.Workers;
import paxoschat.jepsen.workload.Writer;

/**
 * The fourth host of the namespace test: a JVM started inside its own namespace, where it is
 * every chat client and the outsider at once. Neither holds anything of the cluster's (no
 * key, no member address): what it can do, anyone on the network can.
 *
 * <p>It takes one command per line on stdin and answers each with one line on stdout, "@@ "
 * and a JSON object; diagnostics go to stderr. {@code ready S} waits up to S seconds until
 * every server is ready; {@code write W SEED} starts W writers (clientId/requestId, retried on
 * another server until acknowledged) and a reader; {@code progress} counts acknowledgements;
 * {@code leader} names the server that leads; {@code finish S} lets the writers complete their
 * last message, waits up to S seconds until all logs are equal and checks them
 * ({@link Checker}: every acknowledged message once, at its seq, on every server; nothing
 * never sent); {@code attack} runs {@link Attacks}; {@code verify S} writes one more message
 * and checks everything again; {@code quit} ends it. Run by {@link OutsideHostProcess}.
 */
public final class OutsideHost {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(7);

    private final List<String> urls;
    private final ChatApi api;
    private final OkHttpClient http;
    private final History history = new History();
    private final Map<String, Writer.Sent> sent = Writer.newSentMap();
    private final List<String> readerViolations = Reader.newViolationList();
    private final List<Writer> writers = new ArrayList<>();
    private final List<Reader> readers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    OutsideHost(List<String> urls) {
        this.urls = List.copyOf(urls);
        this.api = new ChatApi(urls, CALL_TIMEOUT);
        this.http = new OkHttpClient.Builder().connectTimeout(Duration.ofMillis(500))
                .callTimeout(Duration.ofSeconds(2)).retryOnConnectionFailure(false).build();
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        OutsideHost host = new OutsideHost(Arrays.asList(args[0].split(",")));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.strip().split("\\s+");
            Map<String, Object> answer;
            try {
                answer = host.handle(words);
            } catch (RuntimeException e) {
                e.printStackTrace();
                answer = Map.of("error", e.toString());
            }
            out.println("@@ " + JSON.writeValueAsString(answer));
            if (words[0].equals("quit")) {
                break;
            }
        }
        host.stopAll();
        System.exit(0);
    }

    private Map<String, Object> handle(String[] words) {
        return switch (words[0]) {
            case "ready" -> Map.of("ready", allReady());
            case "write" -> write(Integer.parseInt(words[1]), Long.parseLong(words[2]));
            case "progress" -> Map.of("acknowledged", acknowledged());
            case "leader" -> Map.of("leader", Attacks.leader(http, urls));
            case "finish" -> finish(Duration.ofSeconds(Long.parseLong(words[1])));
            case "attack" -> attack();
            case "verify" -> verify(Duration.ofSeconds(Long.parseLong(words[1])));
            case "quit" -> Map.of("ok", true);
            default -> throw new IllegalArgumentException("unknown command " + words[0]);
        };
    }

    private boolean allReady() {
        for (int i = 0; i < urls.size(); i++) {
            if (!ready(i)) {
                return false;
            }
        }
        return true;
    }

    /** Readiness as the server reports it: recovered and caught up. */
    private boolean ready(int server) {
        Request request = new Request.Builder().url(urls.get(server) + "/actuator/health/readiness").get().build();
        try (Response response = http.newCall(request).execute()) {
            return response.code() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Every probe, then a look for forged entries in every server's log, then the time
     * bombs, which would leave no log to look into if they went off.
     */
    private Map<String, Object> attack() {
        Attacks attacks = new Attacks(http, urls);
        List<Attacks.Probe> probes = new ArrayList<>(attacks.run());
        List<String> forged = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            List<LogEntry> log = api.fullLog(i);
            if (log != null) {
                int server = i;
                Attacks.forgedEntries(log).forEach(e -> forged.add("server " + server + ": " + e));
            }
        }
        probes.addAll(attacks.timeBombs());
        return Map.of("probes", probes, "forged", forged);
    }

    private Map<String, Object> write(int count, long seed) {
        Random seeds = new Random(seed);
        for (int w = 0; w < count; w++) {
            Writer writer = new Writer(w, "c" + w + "-" + seed, api, history, seeds.nextLong(), 20, sent,
                    new paxoschat.jepsen.workload.Acknowledged());
            writers.add(writer);
            threads.add(Workers.start("writer-" + w, writer));
        }
        Reader reader = new Reader(0, api, history, seeds.nextLong(), readerViolations);
        readers.add(reader);
        threads.add(Workers.start("reader-0", reader));
        return Map.of("writers", count);
    }

    private long acknowledged() {
        return history.events().stream().filter(e -> e.f().equals("write") && e.type().equals("ok")).count();
    }

    private Map<String, Object> finish(Duration max) {
        writers.forEach(Writer::finish);
        long deadline = System.nanoTime() + max.toNanos();
        List<String> violations = new ArrayList<>();
        for (int w = 0; w < writers.size(); w++) {
            Workers.join(threads.get(w), Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (threads.get(w).isAlive()) {
                violations.add("writer " + w + " could not finish its last message within " + max.toSeconds() + " s");
            }
        }
        return check(max, violations);
    }

    /** One more message from a client of its own, acknowledged, then everything checked again. */
    private Map<String, Object> verify(Duration max) {
        String clientId = "after-attack";
        String text = "written after the outsider's attempts";
        sent.put(clientId + "/1", new Writer.Sent(clientId, 1, "after", text));
        List<String> violations = new ArrayList<>();
        long deadline = System.nanoTime() + max.toNanos();
        boolean acked = false;
        for (int server = 0; !acked && System.nanoTime() < deadline; server = (server + 1) % urls.size()) {
            history.add("after", "invoke", "write", server, clientId, 1L, null, null, text);
            ChatApi.PostResult r = api.post(server, "after", text, clientId, 1);
            if (r instanceof ChatApi.Created c) {
                history.add("after", "ok", "write", server, clientId, 1L, c.seq(), null, null);
                acked = true;
            } else {
                history.add("after", r instanceof ChatApi.Refused ? "fail" : "info", "write", server, clientId, 1L,
                        null, null, r.toString());
            }
        }
        if (!acked) {
            violations.add("no server acknowledged a new message within " + max.toSeconds() + " s after the attack");
        }
        // However long the write took, the servers get a few seconds to agree.
        return check(Duration.ofNanos(Math.max(Duration.ofSeconds(5).toNanos(), deadline - System.nanoTime())),
                violations);
    }

    /** Waits until every server is ready and all logs are equal, then runs the checker. */
    private Map<String, Object> check(Duration max, List<String> violations) {
        List<List<LogEntry>> logs = new ArrayList<>();
        try {
            await().atMost(max).pollInterval(Duration.ofMillis(200)).until(() -> {
                logs.clear();
                for (int i = 0; i < urls.size(); i++) {
                    logs.add(ready(i) ? api.fullLog(i) : null);
                }
                return logs.stream().allMatch(Objects::nonNull) && logs.stream().distinct().count() == 1;
            });
        } catch (ConditionTimeoutException e) {
            List<String> states = new ArrayList<>();
            for (int i = 0; i < urls.size(); i++) {
                states.add("server " + i + ": " + (logs.size() > i && logs.get(i) != null ? logs.get(i).size()
                        + " entries" : "not ready") + ", " + api.health(i));
            }
            violations.add("the servers' logs were not all ready and equal within " + max.toSeconds() + " s: " + states);
        }
        readers.forEach(Reader::stop);
        List<List<LogEntry>> views = new ArrayList<>();
        readers.forEach(r -> views.add(r.view()));
        Checker.Result result = Checker.check(new Checker.Input(history.events(), sent, logs, views, readerViolations));
        violations.addAll(result.violations());
        for (List<LogEntry> log : logs) {
            if (log != null) {
                Attacks.forgedEntries(log).forEach(e -> violations.add("forged entry in a chat log: " + e));
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("writesSent", result.writesSent());
        answer.put("acknowledged", result.acknowledged());
        answer.put("indeterminate", result.indeterminate());
        answer.put("finalLength", result.finalLength());
        answer.put("lengths", logs.stream().map(l -> l == null ? -1 : l.size()).toList());
        answer.put("violations", violations.stream().distinct().limit(50).toList());
        return answer;
    }

    private void stopAll() {
        writers.forEach(Writer::abandon);
        readers.forEach(Reader::stop);
        threads.forEach(t -> Workers.join(t, Duration.ofSeconds(10)));
    }
}
