package paxoschat.master;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import okhttp3.OkHttpClient;

/**
 * The server processes of one master run. Each server is a JVM on a port picked once and
 * kept across restarts (its peers know it by that address); its output goes to a log file,
 * never to the master's stdout, which the harness waits on; its stdin stays an open pipe
 * that the master never writes, so that it dies with the master.
 */
public final class Cluster implements ClusterControl {

    /**
     * Between readiness probes of starting servers. Probing ten servers every 20 ms cost
     * the master over a CPU-second of a ten-server start, CPU the servers were waiting for.
     */
    static final long READY_POLL_MILLIS = 50;

    /**
     * Servers starting at once, at most (see {@link StaggeredStart}). One more than the cores:
     * on two cores, ten servers started 2 or 3 at a time were all ready sooner than ten at
     * once, and 3 at a time starts a three-server cluster all at once as before.
     */
    static final int STARTING_AT_ONCE = Runtime.getRuntime().availableProcessors() + 1;

    private final ServerLauncher launcher;
    private final OkHttpClient http;
    private final OkHttpClient probe;
    private final Consumer<String> diagnostics;
    private final LongSupplier millis = System::currentTimeMillis;

    private final List<Node> nodes = new ArrayList<>();
    private String peers;
    private boolean started;
    /** Guards spawning against close() from a signal: no process may start after close. */
    private boolean closed;

    private static final class Node {
        final int port;
        final HttpServerApi api;
        volatile Process process;

        Node(int port, HttpServerApi api) {
            this.port = port;
            this.api = api;
        }
    }

    public Cluster(ServerLauncher launcher, OkHttpClient http, OkHttpClient probe, Consumer<String> diagnostics) {
        this.launcher = launcher;
        this.http = http;
        this.probe = probe;
        this.diagnostics = diagnostics;
    }

    @Override
    public void start(int n) {
        if (started) {
            throw new ClusterException("start: the cluster is already started");
        }
        started = true;
        List<Integer> ports = Ports.free(n);
        for (int port : ports) {
            nodes.add(new Node(port, new HttpServerApi(urlOf(port), http, probe)));
        }
        peers = ports.stream().map(Cluster::urlOf).collect(Collectors.joining(","));
        try {
            Files.createDirectories(launcher.logDir());
        } catch (IOException e) {
            throw new ClusterException("cannot create log directory " + launcher.logDir() + ": " + e);
        }
        // Ten JVMs starting on two cores take a while; scale the patience with the count.
        starter().run(IntStream.range(0, n).boxed().toList(), STARTING_AT_ONCE, List.of(), Math.max(120_000, 15_000L * n));
    }

    @Override
    public boolean started() {
        return started;
    }

    @Override
    public int size() {
        return nodes.size();
    }

    @Override
    public boolean isAlive(int server) {
        Process p = nodes.get(server).process;
        return p != null && p.isAlive();
    }

    @Override
    public ServerApi api(int server) {
        return nodes.get(server).api;
    }

    /** Where servers keep their data in disk mode, or null in memory mode. */
    public java.nio.file.Path dataRoot() {
        return launcher.dataRoot();
    }

    public String baseUrl(int server) {
        return nodes.get(server).api.baseUrl();
    }

    @Override
    public void crash(int server) {
        Process p = nodes.get(server).process;
        if (p != null) {
            p.destroyForcibly(); // SIGKILL: no goodbye, as a crash should be
            waitForExit(p);
        }
    }

    @Override
    public void restart(int server) {
        spawn(server, true);
        if (launcher.durable()) {
            // It resumes from its own log and is ready without asking anyone.
            awaitReady(List.of(server), 60_000);
            return;
        }
        // A server without its memory only votes again once a majority of the OTHER servers
        // answered its recovery; with fewer alive it cannot get ready, so only wait until it
        // answers at all rather than for a readiness that cannot come.
        if (size() == 1 || aliveCount() - 1 >= majority()) {
            awaitReady(List.of(server), 120_000);
        } else {
            diagnostics.accept("restartServer " + server + ": fewer than " + majority()
                    + " other servers are alive, so it cannot recover yet");
            awaitAnswering(server, 120_000);
        }
    }

    /**
     * Stops every server with SIGTERM and waits up to {@code patience} for each to exit on
     * its own, then kills what is left. Scripts end with {@link #close()}, a crash; this is
     * for runs whose servers must shut down in order, like master-cli's training run, where
     * each JVM writes what it learned for the start-up cache as it exits.
     */
    public void closeGracefully(java.time.Duration patience) {
        List<Process> running = closeToNewProcesses();
        running.forEach(Process::destroy);
        for (Process p : running) {
            try {
                p.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
    }

    @Override
    public void close() {
        List<Process> running = closeToNewProcesses();
        for (Process p : running) {
            p.destroyForcibly();
        }
        for (Process p : running) {
            waitForExit(p);
        }
    }

    /** No process may start from now on; returns the servers' processes started so far. */
    private synchronized List<Process> closeToNewProcesses() {
        closed = true;
        List<Process> processes = new ArrayList<>();
        for (Node node : nodes) {
            if (node.process != null) {
                processes.add(node.process);
            }
        }
        return processes;
    }

    private void spawn(int server, boolean amnesiac) {
        Node node = nodes.get(server);
        ProcessBuilder builder = new ProcessBuilder(launcher.command(server, node.port, peers, amnesiac))
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(launcher.logFile(server).toFile()));
        // stdin stays the default pipe, open and unwritten, for --paxos.exit-with-parent.
        synchronized (this) {
            if (closed) {
                throw new ClusterException("shutting down: server " + server + " not started");
            }
            try {
                node.process = builder.start();
            } catch (IOException e) {
                throw new ClusterException("cannot start server " + server + ": " + e.getMessage());
            }
        }
    }

    private void awaitReady(List<Integer> servers, long timeoutMillis) {
        starter().run(List.of(), 0, servers, timeoutMillis);
    }

    private StaggeredStart starter() {
        return new StaggeredStart(i -> spawn(i, false), this::isAlive,
                // Probe all at once: N JVMs starting on few cores answer slowly, one by one would add up.
                waiting -> HealthPoller.all(waiting, i -> Ports.accepting(nodes.get(i).port) && nodes.get(i).api.ready()),
                Pause.REAL, millis, READY_POLL_MILLIS, i -> launcher.logFile(i).toString(), launcher.logDir().toString());
    }

    private void awaitAnswering(int server, long timeoutMillis) {
        long deadline = millis.getAsLong() + timeoutMillis;
        while (nodes.get(server).api.health().isEmpty()) {
            if (!isAlive(server)) {
                throw new ClusterException("server " + server + " exited while starting; see "
                        + launcher.logFile(server));
            }
            if (millis.getAsLong() > deadline) {
                throw new ClusterException("server " + server + " does not answer after "
                        + timeoutMillis / 1000 + " s");
            }
            Pause.REAL.pause(READY_POLL_MILLIS);
        }
    }

    private static void waitForExit(Process p) {
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String urlOf(int port) {
        return "http://127.0.0.1:" + port;
    }
}
