package paxoschat.jepsen;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

import org.awaitility.core.ConditionTimeoutException;

import paxoschat.jepsen.checker.Checker;
import paxoschat.jepsen.cluster.ServerProcesses;
import paxoschat.jepsen.history.History;
import paxoschat.jepsen.nemesis.Nemesis;
import paxoschat.jepsen.workload.Acknowledged;
import paxoschat.jepsen.workload.ChatApi;
import paxoschat.jepsen.workload.LinearizableReader;
import paxoschat.jepsen.workload.LogEntry;
import paxoschat.jepsen.workload.Reader;
import paxoschat.jepsen.workload.Workers;
import paxoschat.jepsen.workload.Writer;

/**
 * One schedule: start a cluster with faults enabled, in disk or memory mode; writers and readers run while the
 * nemesis injects faults; then heal everything and measure how long until a new write is
 * acknowledged; let the writers finish their last message; wait until every server has the
 * same log; read every server's full log and check the history against it. Every process
 * is stopped at the end, whatever happened.
 */
public final class JepsenRun {

    /** The servers' request timeout: short, so clients retry elsewhere soon. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    static final Duration CONVERGENCE_BOUND = Duration.ofSeconds(60);
    static final Duration FINISH_BOUND = Duration.ofSeconds(60);

    public record Outcome(RunConfig config, Checker.Result result, long recoveryMillis, int nemesisFaults,
                          long elapsedMillis, List<String> violations, History history, Map<String, Long> phases) {

        public boolean valid() {
            return violations.isEmpty();
        }

        public String summary() {
            Checker.Result r = result;
            return String.format("jepsen: seed=%d servers=%d storage=%s ops=%d writes=%d acknowledged=%d indeterminate=%d"
                            + " lost=%d duplicated=%d reads=%d faults=%d %s log=%d violations=%d recovery=%dms elapsed=%.1fs"
                            + " phases=%s %s",
                    config.seed(), config.servers(), config.storage().property(), r.operations(), r.writesSent(), r.acknowledged(), r.indeterminate(),
                    r.lost(), r.duplicated(), r.reads(), nemesisFaults, faultKinds(), r.finalLength(), violations.size(),
                    recoveryMillis, elapsedMillis / 1000.0, phases, valid() ? "OK" : "FAILED");
        }

        /** How many of each fault the nemesis applied, e.g. {crash=1, pause=3}. */
        public Map<String, Integer> faultKinds() {
            Map<String, Integer> kinds = new java.util.TreeMap<>();
            for (var e : history.events()) {
                if (e.process().equals("nemesis") && e.type().equals("ok")) {
                    kinds.merge(e.f(), 1, Integer::sum);
                }
            }
            return kinds;
        }
    }

    private JepsenRun() {
    }

    /**
     * A running cluster that one or more schedules use in turn, with every message ever sent
     * to it (a later schedule's checker must know the earlier schedules' messages).
     */
    public record TestCluster(ServerProcesses servers, ChatApi api, Map<String, Writer.Sent> sent, long millisToStart)
            implements AutoCloseable {

        @Override
        public void close() {
            servers.close();
        }
    }

    /** Starts a cluster with faults enabled; the marker names its processes. */
    public static TestCluster startCluster(RunConfig config, String marker) {
        List<String> serverArgs = new ArrayList<>(List.of("--paxos.request-timeout=" + REQUEST_TIMEOUT.toMillis() + "ms"));
        // Extra server arguments for diagnosis, e.g. --logging.level.paxoschat=DEBUG.
        String extra = System.getProperty("jepsen.server-args", "").strip();
        if (!extra.isEmpty()) {
            serverArgs.addAll(List.of(extra.split("\\s+")));
        }
        long begin = System.nanoTime();
        ServerProcesses servers = new ServerProcesses(config.servers(), config.logDir(), marker, serverArgs,
                config.storage() == RunConfig.Storage.DISK ? config.dataRoot(marker) : null);
        try {
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < config.servers(); i++) {
                urls.add(servers.url(i));
            }
            ChatApi api = new ChatApi(urls, REQUEST_TIMEOUT.plusMillis(1500));
            servers.start(Duration.ofSeconds(120));
            return new TestCluster(servers, api, Writer.newSentMap(), (System.nanoTime() - begin) / 1_000_000);
        } catch (RuntimeException | Error e) {
            servers.close();
            throw e;
        }
    }

    /** One schedule on a fresh cluster of its own, stopped at the end. */
    public static Outcome run(RunConfig config) {
        try (TestCluster cluster = startCluster(config, "jepsen-" + config.seed())) {
            return run(config, cluster);
        }
    }

    /**
     * One schedule on a running, healthy cluster (healed and converged). The cluster is left
     * running for the next schedule; the caller closes it.
     */
    public static Outcome run(RunConfig config, TestCluster cluster) {
        long started = System.nanoTime();
        History history = new History();
        Random seeds = new Random(config.seed());
        List<String> violations = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Writer> writers = new ArrayList<>();
        List<Reader> readers = new ArrayList<>();
        LinearizableReader linearizable = null;
        Nemesis nemesis = null;
        Map<String, Long> phases = new LinkedHashMap<>();
        ServerProcesses servers = cluster.servers();
        ChatApi api = cluster.api();
        try {
            history.note("harness", "ok", "start", null, "cluster started in " + cluster.millisToStart() + " ms");
            phases.put("start", cluster.millisToStart());

            Map<String, Writer.Sent> sent = cluster.sent();
            List<String> readerViolations = Reader.newViolationList();
            Acknowledged acknowledged = new Acknowledged();
            for (int w = 0; w < config.writers(); w++) {
                Writer writer = new Writer(w, "c" + w + "-" + config.seed(), api, history, seeds.nextLong(), 20, sent,
                        acknowledged);
                writers.add(writer);
                threads.add(Workers.start("writer-" + w, writer));
            }
            for (int r = 0; r < config.readers(); r++) {
                Reader reader = new Reader(r, api, history, seeds.nextLong(), readerViolations);
                readers.add(reader);
                threads.add(Workers.start("reader-" + r, reader));
            }
            nemesis = new Nemesis(servers, history, seeds.nextLong(), config.faultPhase().toMillis());
            // Its seed drawn after the others', so that a seed replays the same schedule as before it existed.
            linearizable = new LinearizableReader(0, api, history, acknowledged, seeds.nextLong(), readerViolations);
            threads.add(Workers.start("linreader-0", linearizable));
            long nemesisAt = history.millis();
            Thread nemesisThread = Workers.start("nemesis", nemesis);
            Workers.join(nemesisThread, config.faultPhase().plusSeconds(60));

            // Heal, then time a fresh write.
            long healAt = history.millis();
            phases.put("fault-phase", healAt - nemesisAt);
            nemesis.healAll();
            long recoveryMillis = probe(api, history, sent, config, healAt);
            if (recoveryMillis < 0) {
                violations.add("no new write was acknowledged within " + config.recoveryBound().toSeconds()
                        + " s after the heal");
            } else if (recoveryMillis > config.recoveryBound().toMillis()) {
                violations.add("a new write took " + recoveryMillis + " ms after the heal (bound "
                        + config.recoveryBound().toMillis() + " ms)");
            }

            // Writers complete the message they have in flight; then everything must converge.
            phases.put("probe", history.millis() - healAt);
            long finishAt = history.millis();
            writers.forEach(Writer::finish);
            long finishDeadline = System.nanoTime() + FINISH_BOUND.toNanos();
            for (int w = 0; w < writers.size(); w++) {
                Thread t = threads.get(w);
                Workers.join(t, Duration.ofNanos(Math.max(1, finishDeadline - System.nanoTime())));
                if (t.isAlive()) {
                    violations.add("writer " + w + " could not finish its last message within "
                            + FINISH_BOUND.toSeconds() + " s after the heal");
                }
            }
            phases.put("finish", history.millis() - finishAt);
            long convergeAt = history.millis();
            List<List<LogEntry>> logs = converge(servers, api, history, violations);
            phases.put("converge", history.millis() - convergeAt);
            readers.forEach(Reader::stop);
            linearizable.stop();
            for (Thread t : threads) {
                Workers.join(t, Duration.ofSeconds(10));
            }
            if (linearizable.served() == 0) {
                violations.add("the linearizable reader was never served (every read 503 or failed)");
            }
            history.note("linreader-0", "ok", "summary", null, linearizable.served() + " linearizable reads served");
            List<List<LogEntry>> views = new ArrayList<>();
            readers.forEach(r -> views.add(r.view()));
            Checker.Result result = Checker.check(new Checker.Input(history.events(), sent, logs, views,
                    readerViolations));
            violations.addAll(0, result.violations());
            return new Outcome(config, result, recoveryMillis, nemesis.faults(),
                    (System.nanoTime() - started) / 1_000_000, List.copyOf(violations), history, phases);
        } finally {
            // Also on failure: no thread of this run may keep going.
            if (nemesis != null) {
                nemesis.stop();
            }
            writers.forEach(Writer::abandon);
            readers.forEach(Reader::stop);
            if (linearizable != null) {
                linearizable.stop();
            }
            for (Thread t : threads) {
                Workers.join(t, Duration.ofSeconds(10));
            }
        }
    }

    /** Posts a fresh message until one server acknowledges it; ms from heal to 201, -1 if never. */
    private static long probe(ChatApi api, History history, Map<String, Writer.Sent> sent, RunConfig config,
                              long healAt) {
        String clientId = "probe-" + config.seed();
        String text = "after the heal";
        sent.put(clientId + "/1", new Writer.Sent(clientId, 1, "probe", text));
        long deadline = healAt + config.recoveryBound().toMillis() + 20_000;
        int server = 0;
        while (history.millis() < deadline) {
            history.add("probe", "invoke", "write", server, clientId, 1L, null, null, text);
            ChatApi.PostResult result = api.post(server, "probe", text, clientId, 1);
            if (result instanceof ChatApi.Created c) {
                history.add("probe", "ok", "write", server, clientId, 1L, c.seq(), null, null);
                return history.millis() - healAt;
            }
            history.add("probe", result instanceof ChatApi.Refused ? "fail" : "info", "write", server, clientId, 1L,
                    null, null, result.toString());
            server = (server + 1) % api.size();
        }
        return -1;
    }

    /** Waits until every server is ready and all logs are equal; returns the logs as last read. */
    private static List<List<LogEntry>> converge(ServerProcesses servers, ChatApi api, History history,
                                                 List<String> violations) {
        long from = history.millis();
        List<List<LogEntry>> last = new ArrayList<>();
        try {
            await().atMost(CONVERGENCE_BOUND).pollInterval(Duration.ofMillis(200)).until(() -> {
                List<List<LogEntry>> logs = new ArrayList<>();
                for (int i = 0; i < servers.size(); i++) {
                    logs.add(servers.ready(i) ? api.fullLog(i) : null);
                }
                last.clear();
                last.addAll(logs);
                return logs.stream().allMatch(Objects::nonNull) && logs.stream().distinct().count() == 1;
            });
            history.note("harness", "ok", "converged", null, (history.millis() - from) + " ms, "
                    + last.get(0).size() + " entries");
        } catch (ConditionTimeoutException e) {
            StringBuilder lengths = new StringBuilder();
            for (int i = 0; i < servers.size(); i++) {
                lengths.append(i == 0 ? "" : ", ").append("server ").append(i).append(": ")
                        .append(last.size() > i && last.get(i) != null ? last.get(i).size() + " entries" : "not ready");
            }
            // What each server believes (leader, ballot, decided slots): a stuck one says why.
            StringBuilder health = new StringBuilder();
            for (int i = 0; i < servers.size(); i++) {
                health.append("; server ").append(i).append(": ")
                        .append(servers.isAlive(i) && !servers.isPaused(i) ? api.health(i) : "not running");
            }
            violations.add("servers did not converge within " + CONVERGENCE_BOUND.toSeconds() + " s after the writers"
                    + " finished (" + lengths + ")" + health);
            // Check what can be read.
            last.clear();
            for (int i = 0; i < servers.size(); i++) {
                last.add(servers.isAlive(i) && !servers.isPaused(i) ? api.fullLog(i) : null);
            }
        }
        return last;
    }

    /** The header line of a history file: what replays it. */
    static Map<String, Object> header(RunConfig config) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("seed", config.seed());
        header.put("servers", config.servers());
        header.put("storage", config.storage().property());
        header.put("writers", config.writers());
        header.put("readers", config.readers());
        header.put("seconds", config.faultPhase().toSeconds());
        header.put("replay", replayCommand(config));
        return header;
    }

    static String replayCommand(RunConfig config) {
        return "./mvnw -B -ntp verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=JepsenIT"
                + " -Djepsen.seed=" + config.seed() + " -Djepsen.servers=" + config.servers()
                + " -Djepsen.storage=" + config.storage().property()
                + " -Djepsen.seconds=" + config.faultPhase().toSeconds() + " -Djepsen.writers=" + config.writers()
                + " -Djepsen.readers=" + config.readers() + " -Djepsen.recovery-bound-seconds="
                + config.recoveryBound().toSeconds();
    }
}
