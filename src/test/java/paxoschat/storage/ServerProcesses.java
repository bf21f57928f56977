package paxoschat.storage;

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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import paxoschat.auth.TestSecrets;

/**
 * Real server processes in disk mode, started the way the master starts them (same main
 * class and arguments) but with the test JVM's class path, so no packaged jar is needed.
 * {@link #close} kills every process it ever started, and their descendants.
 */
final class ServerProcesses implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final int n;
    private final Path root;
    private final int[] ports;
    private final String peers;
    private final Process[] processes;
    private final List<ProcessHandle> started = new ArrayList<>();
    private final List<String> extraArgs;

    ServerProcesses(int n, Path root, String... extraArgs) throws IOException {
        this.n = n;
        this.root = root;
        this.ports = new int[n];
        for (int i = 0; i < n; i++) {
            try (ServerSocket s = new ServerSocket(0)) {
                ports[i] = s.getLocalPort();
            }
        }
        this.peers = java.util.Arrays.stream(ports).mapToObj(p -> "http://127.0.0.1:" + p)
                .collect(Collectors.joining(","));
        this.processes = new Process[n];
        this.extraArgs = List.of(extraArgs);
        Files.createDirectories(root.resolve("logs"));
    }

    Path dataDir(int i) {
        return root.resolve("node-" + i);
    }

    Path logFile(int i) {
        return root.resolve("logs").resolve("server-" + i + ".log");
    }

    String url(int i) {
        return "http://127.0.0.1:" + ports[i];
    }

    int size() {
        return n;
    }

    synchronized void start(int i) throws IOException {
        start(i, new String[0]);
    }

    /** Starts server i with {@code more} arguments for this start only. */
    synchronized void start(int i, String... more) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx160m", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"),
                "paxoschat.Main", "server",
                "--server.port=" + ports[i], "--server.address=127.0.0.1",
                "--paxos.node-id=" + i, "--paxos.peers=" + peers,
                "--paxos.storage=disk", "--paxos.data-dir=" + dataDir(i),
                "--paxos.exit-with-parent=true",
                // New at its first start only: later starts must find the directory it made.
                "--paxos.bootstrap=" + (processes[i] == null)));
        cmd.addAll(TestSecrets.serverArguments());
        cmd.addAll(extraArgs);
        cmd.addAll(List.of(more));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(logFile(i).toFile())).start();
        processes[i] = p;
        started.add(p.toHandle());
    }

    /** SIGKILL, and wait until the process is gone (its files are then closed). */
    void kill(int i) throws InterruptedException {
        Process p = processes[i];
        if (p != null) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Waits up to {@code max} for server i to exit by itself; its exit status, or -1 if it did not. */
    int awaitExit(int i, Duration max) throws InterruptedException {
        Process p = processes[i];
        return p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS) ? p.exitValue() : -1;
    }

    boolean alive(int i) {
        Process p = processes[i];
        return p != null && p.isAlive();
    }

    boolean ready(int i) {
        if (!alive(i)) {
            return false;
        }
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url(i) + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** POST /messages; the status code, or empty if there was no answer. */
    Optional<Integer> post(int i, String clientId, long requestId, String sender, String text, Duration timeout) {
        String body = "{\"sender\":\"" + sender + "\",\"text\":\"" + text + "\",\"clientId\":\"" + clientId
                + "\",\"requestId\":" + requestId + "}";
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url(i) + "/messages"))
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

    /** The whole chat log of server i as "SEQ SENDER: TEXT" lines, or null if it does not answer. */
    List<String> chatLog(int i) {
        List<String> lines = new ArrayList<>();
        try {
            while (true) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                                URI.create(url(i) + "/chatlog?limit=10000&from=" + lines.size()))
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

    String logs() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            try {
                List<String> lines = Files.readAllLines(logFile(i));
                b.append("--- server ").append(i).append(" (last lines)\n");
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> b.append(l).append('\n'));
            } catch (IOException e) {
                b.append("--- server ").append(i).append(": no log\n");
            }
        }
        return b.toString();
    }

    @Override
    public synchronized void close() {
        for (ProcessHandle h : started) {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
            h.destroyForcibly();
        }
        for (ProcessHandle h : started) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already reported by the test if it matters
            }
        }
    }
}
