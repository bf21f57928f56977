package paxoschat.bench;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import paxoschat.auth.SecretFile;

/**
 * bench/catchup: how long a server that is far behind takes to catch up. Three servers;
 * server 2 is stopped, N messages are written through the other two, then server 2 starts
 * again (disk mode: from its own data directory; memory mode: amnesiac) and the bench
 * times until its chat log holds all N, as clients see it ({@code GET /chatlog}, which
 * shows what the server has performed). Prints the write rate of the loading phase too.
 *
 * <pre>java -cp CLASSPATH paxoschat.bench.CatchUpBench [messages] [disk|memory] [server JVM flags...]</pre>
 */
public final class CatchUpBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern LOG_LENGTH = Pattern.compile("\"length\"\\s*:\\s*(\\d+)");

    /** Fresh for every run: this benchmark's cluster only. */
    private static final String CLUSTER_KEY = SecretFile.fresh();

    private CatchUpBench() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String storage = args.length > 1 ? args[1] : "disk";
        List<String> jvm = args.length > 2 ? Arrays.asList(args).subList(2, args.length) : List.of();
        Path root = Files.createTempDirectory("paxos-catchup-");
        int[] ports = new int[3];
        for (int i = 0; i < 3; i++) {
            try (ServerSocket s = new ServerSocket(0)) {
                ports[i] = s.getLocalPort();
            }
        }
        String peers = Arrays.stream(ports).mapToObj(p -> "http://127.0.0.1:" + p).collect(Collectors.joining(","));
        Process[] servers = new Process[3];
        try {
            for (int i = 0; i < 3; i++) {
                servers[i] = start(i, ports, peers, storage, false, true, root, jvm);
            }
            for (int i = 0; i < 3; i++) {
                awaitReady(ports[i], servers[i]);
            }
            servers[2].destroyForcibly();
            servers[2].waitFor(10, TimeUnit.SECONDS);

            long loadStart = System.nanoTime();
            load(messages, ports);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            System.out.printf("loaded %d messages through 2 of 3 servers (%s) in %.2f s: %.0f messages/s%n",
                    messages, storage, loadSeconds, messages / loadSeconds);

            long t0 = System.nanoTime();
            servers[2] = start(2, ports, peers, storage, storage.equals("memory"), false, root, jvm);
            long answered = -1;
            long length = -1;
            while (length < messages) {
                if (!servers[2].isAlive()) {
                    throw new IllegalStateException("server 2 died; see " + root.resolve("server-2.log"));
                }
                length = logLength(ports[2], messages);
                if (length >= 0 && answered < 0) {
                    answered = System.nanoTime();
                }
                if ((System.nanoTime() - t0) > TimeUnit.SECONDS.toNanos(120)) {
                    throw new IllegalStateException("server 2 still behind after 120 s: " + length);
                }
                Thread.onSpinWait();
                TimeUnit.MILLISECONDS.sleep(5); // a poll interval, not a wait for a condition
            }
            long done = System.nanoTime();
            System.out.printf("server 2 (%s) caught up %d messages in %.3f s after it answered its first chat log "
                            + "poll (%.2f s after its process started)%n",
                    storage, messages, (done - answered) / 1e9, (done - t0) / 1e9);
        } catch (Exception | Error e) {
            for (int i = 0; i < 3; i++) {
                Path log = root.resolve("server-" + i + ".log");
                if (Files.exists(log)) {
                    List<String> lines = Files.readAllLines(log);
                    System.err.println("--- server " + i + " log, last lines");
                    lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(System.err::println);
                }
            }
            throw e;
        } finally {
            for (Process p : servers) {
                if (p != null) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            }
            if (System.getenv("CATCHUP_KEEP") != null) {
                System.err.println("kept " + root);
                return;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Process start(int i, int[] ports, String peers, String storage, boolean amnesiac, boolean bootstrap,
                                 Path root,
                                 List<String> jvm) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.addAll(jvm);
        // The jar alone (bench/catchup names it): the bench's own class path holds the test
        // classes, which a server's component scan would pick up.
        String classPath = System.getProperty("bench.server.class-path", System.getProperty("java.class.path"));
        cmd.addAll(List.of("-cp", classPath, "paxoschat.Main", "server",
                "--server.port=" + ports[i], "--paxos.node-id=" + i, "--paxos.peers=" + peers,
                "--paxos.storage=" + storage, "--paxos.data-dir=" + root.resolve("node-" + i),
                "--paxos.amnesiac=" + amnesiac, "--paxos.bootstrap=" + bootstrap, "--paxos.exit-with-parent=true",
                "--paxos.request-timeout=30s"));
        // Extra server settings, e.g. CATCHUP_SERVER_ARGS=--paxos.snapshot-every=0 to measure
        // catch-up without snapshots (slot-by-slot batches).
        String extra = System.getenv().getOrDefault("CATCHUP_SERVER_ARGS", "").strip();
        if (!extra.isEmpty()) {
            cmd.addAll(Arrays.asList(extra.split("\\s+")));
        }
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(root.resolve("server-" + i + ".log").toFile()));
        // The servers' shared secret (paxoschat.auth), in their environment, not on their command line.
        builder.environment().put("PAXOS_CLUSTER_KEY", CLUSTER_KEY);
        return builder.start();
    }

    private static void awaitReady(int port, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("server on port " + port + " exited");
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new IllegalStateException("server on port " + port + " not ready");
    }

    /** Writes {@code n} messages, 256 in flight, alternating between servers 0 and 1. */
    private static void load(int n, int[] ports) throws InterruptedException {
        Semaphore inFlight = new Semaphore(256);
        AtomicLong failed = new AtomicLong();
        for (int k = 0; k < n; k++) {
            inFlight.acquire();
            int port = ports[k % 2];
            String body = "{\"sender\":\"bench\",\"text\":\"message " + k + " of the catch-up bench\",\"clientId\":\"b"
                    + (k % 64) + "\",\"requestId\":" + (k / 64 + 1) + "}";
            send(port, body, inFlight, failed, 0);
        }
        inFlight.acquire(256);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " writes failed");
        }
    }

    private static void send(int port, String body, Semaphore inFlight, AtomicLong failed, int attempt) {
        HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/messages"))
                        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .whenComplete((r, e) -> {
                    if (e == null && r.statusCode() == 201) {
                        inFlight.release();
                    } else if (attempt < 5) {
                        send(port, body, inFlight, failed, attempt + 1); // same request id: exactly once
                    } else {
                        failed.incrementAndGet();
                        inFlight.release();
                    }
                });
    }

    /** The length of the chat log clients see (durable in disk mode), or -1 if no answer. */
    private static long logLength(int port, int messages) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/chatlog?limit=1&from=" + messages))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = LOG_LENGTH.matcher(r.body());
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
