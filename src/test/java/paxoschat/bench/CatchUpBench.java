package paxoschat.bench;

import java.io.IOException;
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
import java.util.stream.Stream;

import paxoschat.testing.ClusterSpec;
import paxoschat.testing.ServerCluster;
import paxoschat.testing.ServerJvm;

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

    private CatchUpBench() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String storage = args.length > 1 ? args[1] : "disk";
        if (!storage.equals("disk") && !storage.equals("memory")) {
            throw new IllegalArgumentException("storage is disk or memory, not " + storage);
        }
        List<String> jvm = args.length > 2 ? Arrays.asList(args).subList(2, args.length) : List.of();
        Path root = Files.createTempDirectory("paxos-catchup-");
        ServerCluster cluster = new ServerCluster(servers(root, storage, jvm));
        try {
            cluster.startAll();
            cluster.awaitReady(Duration.ofSeconds(90));
            cluster.kill(2);

            long loadStart = System.nanoTime();
            load(messages, cluster.urls());
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            System.out.printf("loaded %d messages through 2 of 3 servers (%s) in %.2f s: %.0f messages/s%n",
                    messages, storage, loadSeconds, messages / loadSeconds);

            long t0 = System.nanoTime();
            cluster.start(2); // disk mode: from its own data directory; memory mode: amnesiac
            long answered = -1;
            long length = -1;
            while (length < messages) {
                if (!cluster.alive(2)) {
                    throw new IllegalStateException("server 2 died; see " + cluster.logFile(2));
                }
                length = logLength(cluster.url(2), messages);
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
            System.err.print(cluster.logTails(30));
            throw e;
        } finally {
            cluster.close();
            if (System.getenv("CATCHUP_KEEP") != null) {
                System.err.println("kept " + root);
                return;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Three servers on 127.0.0.1 with the {@code jvm} flags alone, logging and (in disk mode)
     * keeping their data under {@code root}.
     */
    private static ClusterSpec servers(Path root, String storage, List<String> jvm) {
        // The jar alone (bench/catchup names it): the bench's own class path holds the test
        // classes, which a server's component scan would pick up.
        String classPath = System.getProperty("bench.server.class-path", System.getProperty("java.class.path"));
        ServerJvm server = new ServerJvm(ServerJvm.thisClassPath().java(), jvm,
                List.of("-cp", classPath, "paxoschat.Main"));
        List<String> settings = new ArrayList<>(List.of("--paxos.request-timeout=30s"));
        // Extra server settings, e.g. CATCHUP_SERVER_ARGS=--paxos.snapshot-every=0 to measure
        // catch-up without snapshots (slot-by-slot batches).
        String extra = System.getenv().getOrDefault("CATCHUP_SERVER_ARGS", "").strip();
        if (!extra.isEmpty()) {
            settings.addAll(Arrays.asList(extra.split("\\s+")));
        }
        ClusterSpec spec = ClusterSpec.loopback(3, root).withJvm(server).withSettings(settings);
        return storage.equals("disk") ? spec.withDataRoot(root) : spec;
    }

    /** Writes {@code n} messages, 256 in flight, alternating between servers 0 and 1. */
    private static void load(int n, List<String> urls) throws InterruptedException {
        Semaphore inFlight = new Semaphore(256);
        AtomicLong failed = new AtomicLong();
        for (int k = 0; k < n; k++) {
            inFlight.acquire();
            String url = urls.get(k % 2);
            String body = "{\"sender\":\"bench\",\"text\":\"message " + k + " of the catch-up bench\",\"clientId\":\"b"
                    + (k % 64) + "\",\"requestId\":" + (k / 64 + 1) + "}";
            send(url, body, inFlight, failed, 0);
        }
        inFlight.acquire(256);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " writes failed");
        }
    }

    private static void send(String url, String body, Semaphore inFlight, AtomicLong failed, int attempt) {
        HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url + "/messages"))
                        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .whenComplete((r, e) -> {
                    if (e == null && r.statusCode() == 201) {
                        inFlight.release();
                    } else if (attempt < 5) {
                        send(url, body, inFlight, failed, attempt + 1); // same request id: exactly once
                    } else {
                        failed.incrementAndGet();
                        inFlight.release();
                    }
                });
    }

    /** The length of the chat log clients see (durable in disk mode), or -1 if no answer. */
    private static long logLength(String url, int messages) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                            URI.create(url + "/chatlog?limit=1&from=" + messages))
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
