package paxoschat.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import paxoschat.auth.TestSecrets;
import paxoschat.master.ServerLauncher;

/**
 * Real server processes for a test, laid out by a {@link ClusterSpec}, with the arguments
 * the master gives servers ({@link ServerLauncher}) and the test JVM's secrets
 * ({@link TestSecrets}). A server's first start makes its data; a later one is a restart
 * (disk mode: from its data directory; memory mode: amnesiac). {@link #close()} kills every
 * process it ever started, paused ones and their descendants included, and a shutdown hook
 * does the same if the test JVM is stopped; the servers also halt on their own when this
 * JVM dies (their stdin pipe closes).
 */
public final class ServerCluster implements AutoCloseable {

    private final ClusterSpec spec;
    private final List<ServerLauncher> launchers = new ArrayList<>();
    private final String peers;
    private final ServerProcess[] processes;
    private final List<ServerProcess> everStarted = new ArrayList<>();
    private final OkHttpClient http = new OkHttpClient.Builder().connectTimeout(Duration.ofMillis(300))
            .callTimeout(Duration.ofMillis(1000)).build();
    private final Thread hook = new Thread(this::killAll, "server-cluster-cleanup");
    private boolean closed;

    public ServerCluster(ClusterSpec spec) {
        this.spec = spec;
        List<String> settings = new ArrayList<>(TestSecrets.serverArguments());
        settings.addAll(spec.settings());
        for (int i = 0; i < spec.size(); i++) {
            launchers.add(new ServerLauncher(spec.jvm().java(), spec.jvm().flags(), "", spec.logDir())
                    .withDataRoot(spec.dataRoot()).withNetwork(spec.hosts().get(i), settings));
        }
        this.peers = String.join(",", urls());
        this.processes = new ServerProcess[spec.size()];
        try {
            Files.createDirectories(spec.logDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public int size() {
        return spec.size();
    }

    public String url(int server) {
        return launchers.get(server).urlOf(spec.ports().get(server));
    }

    public List<String> urls() {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            urls.add(url(i));
        }
        return urls;
    }

    public Path logFile(int server) {
        return launchers.get(server).logFile(server);
    }

    /** Disk mode only: the server's data directory. */
    public Path dataDir(int server) {
        return launchers.get(server).dataDir(server);
    }

    /** Starts every server. */
    public void startAll() {
        for (int i = 0; i < size(); i++) {
            start(i);
        }
    }

    /** Starts (or restarts) server {@code server}, with {@code more} arguments for this start only. */
    public synchronized void start(int server, String... more) {
        if (closed) {
            throw new IllegalStateException("closed: server " + server + " not started");
        }
        if (alive(server)) {
            throw new IllegalStateException("server " + server + " is running");
        }
        boolean restart = processes[server] != null;
        List<String> arguments = new ArrayList<>(launchers.get(server)
                .serverArguments(server, spec.ports().get(server), peers, restart, 0));
        arguments.addAll(List.of(more));
        processes[server] = ServerProcess.start(spec.prefix().apply(server, spec.jvm().command(arguments)),
                logFile(server));
        everStarted.add(processes[server]);
    }

    /** Waits until every server is ready, failing as soon as one has exited. */
    public void awaitReady(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (int i = 0; i < size(); i++) {
                if (!alive(i)) {
                    throw new IllegalStateException("server " + i + " exited while starting; see " + logFile(i));
                }
            }
            for (int i = 0; i < size(); i++) {
                if (!ready(i)) {
                    return false;
                }
            }
            return true;
        });
    }

    public boolean alive(int server) {
        ServerProcess p = process(server);
        return p != null && p.alive();
    }

    public boolean paused(int server) {
        ServerProcess p = process(server);
        return p != null && p.paused();
    }

    /** Readiness as the server reports it: running, not paused, recovered and caught up. */
    public boolean ready(int server) {
        if (!alive(server) || paused(server)) {
            return false;
        }
        Request request = new Request.Builder().url(url(server) + "/actuator/health/readiness").get().build();
        try (Response response = http.newCall(request).execute()) {
            return response.code() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL, a paused server too; returns once it is gone. */
    public void kill(int server) {
        ifStarted(server, ServerProcess::kill);
    }

    /** SIGTERM; returns once it is gone. */
    public void terminate(int server) {
        ifStarted(server, ServerProcess::terminate);
    }

    /** SIGSTOP, if it runs. */
    public void pause(int server) {
        ifStarted(server, ServerProcess::pause);
    }

    /** SIGCONT, if it was paused. */
    public void resume(int server) {
        ifStarted(server, ServerProcess::resume);
    }

    /** Waits up to {@code max} for the server to exit by itself; its exit status, or -1 if it did not. */
    public int awaitExit(int server, Duration max) throws InterruptedException {
        return process(server).awaitExit(max);
    }

    /** How each started server that is gone ended, e.g. "server 2 exited 1 (see ...)". */
    public synchronized List<String> dead() {
        List<String> dead = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            if (processes[i] != null && !processes[i].alive()) {
                dead.add("server " + i + " exited " + processes[i].exitValue() + " (see " + logFile(i) + ")");
            }
        }
        return dead;
    }

    /** The last {@code lines} lines of every server's log, to show beside a failure. */
    public String logTails(int lines) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < size(); i++) {
            try {
                List<String> all = Files.readAllLines(logFile(i));
                b.append("--- server ").append(i).append(" (last lines)\n");
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> b.append(l).append('\n'));
            } catch (IOException e) {
                b.append("--- server ").append(i).append(": no log\n");
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    private synchronized ServerProcess process(int server) {
        return processes[server];
    }

    private void ifStarted(int server, Consumer<ServerProcess> action) {
        ServerProcess p = process(server);
        if (p != null) {
            action.accept(p);
        }
    }

    private void killAll() {
        List<ServerProcess> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(everStarted);
        }
        for (ServerProcess p : all) {
            if (p.alive()) {
                // SIGCONT first: SIGKILL kills a stopped process too, but its children are
                // saner if it runs again.
                try {
                    p.resume();
                } catch (RuntimeException e) {
                    // it may have died meanwhile
                }
                p.handle().descendants().forEach(ProcessHandle::destroyForcibly);
                p.handle().destroyForcibly();
            }
        }
        for (ServerProcess p : all) {
            try {
                p.handle().onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // reported by the caller's leftover check
            }
        }
    }
}
